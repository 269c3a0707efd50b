// Entry point of `npm run eval`: loads the TypeScript through vite's module runner (Node 20 cannot run
// TypeScript by itself).
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./run.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
