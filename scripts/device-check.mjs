// The device checks (see device-check.ts).
// Usage: source scripts/gpu-env.sh && node scripts/device-check.mjs [max workgroups]
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./device-check.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
process.exit(0);
