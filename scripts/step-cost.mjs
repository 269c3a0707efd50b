// A training step's time against its multiply-adds (see step-cost.ts).
// Usage: source scripts/gpu-env.sh && node scripts/step-cost.mjs
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./step-cost.ts', import.meta.url).pathname);
await module.main();
process.exit(0);
