// Entry point of the kernel profile: loads the TypeScript through vite's module runner.
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./profile-kernels.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
process.exit(0);
