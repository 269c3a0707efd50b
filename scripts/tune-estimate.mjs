// How close the Tune panel's estimate comes to a sweep's real time, in the states a user meets (see
// tune-estimate.ts). Not a test: figures for the README's Tune section.
// Usage: npx vite build --outDir dist-tune && node scripts/tune-estimate.mjs [--dist dist-tune] [--port 4391]
//        [--engine webgpu|cpu|both]
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./tune-estimate.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
process.exit(0);
