// How a round's cost grows with the number of same-shape models trained together (see sweep-scaling.ts).
// Usage: source scripts/gpu-env.sh && node scripts/sweep-scaling.mjs [rounds] [models]
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./sweep-scaling.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
process.exit(0);
