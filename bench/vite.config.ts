import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the benchmark page on its own (bench/index.html → bench/dist), so TensorFlow.js is bundled
// only here and never into the app's build.
const benchDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: benchDir,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
  },
});
