// Bundles scripts/device-check.ts and everything it imports (engine, shaders, workloads) into one ES module,
// leaving only `webgpu` (Dawn's Node binding) outside: part of scripts/device-kit.sh.
// Usage: node scripts/device-kit.mjs OUT_DIR
import { build } from 'vite';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: node scripts/device-kit.mjs OUT_DIR');
await build({
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: new URL('./device-check.ts', import.meta.url).pathname,
    outDir,
    emptyOutDir: false,
    minify: false,
    target: 'node20',
    rollupOptions: { external: ['webgpu'], output: { format: 'es', entryFileNames: 'device-check.mjs' } },
  },
});
