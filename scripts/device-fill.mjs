// How much of the adapter one workgroup keeps busy (see device-fill.ts).
// Usage: source scripts/gpu-env.sh && node scripts/device-fill.mjs [max workgroups] [reps]
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./device-fill.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
process.exit(0);
