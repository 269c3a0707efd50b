// Entry point for the CPU reference speed benchmark: loads the TypeScript through vite's module
// runner (Node 20 cannot run TypeScript by itself).
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./reference-speed.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
