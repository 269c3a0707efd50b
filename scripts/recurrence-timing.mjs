// Times the recurrence kernels per dispatch on the local WebGPU adapter (SwiftShader in Node by default).
// Usage: source scripts/gpu-env.sh && node scripts/recurrence-timing.mjs [repeats] [W1|W2|W3] [fused|per-step] [rows1|blocked] [lstm|gru]
// Loads the TypeScript through vite's module runner (Node cannot import `?raw` WGSL by itself).
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./recurrence-timing.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
process.exit(0);
