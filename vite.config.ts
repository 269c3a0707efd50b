import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// PORT lets several checkouts serve side by side; the e2e tests pass their own.
const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  plugins: [react()],
  server: { port, strictPort: true, host: 'localhost' },
  preview: { port, strictPort: true, host: 'localhost' },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
