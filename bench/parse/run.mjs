// Entry point of `npm run bench:parse`: loads the TypeScript driver through vite's module runner
// (Node 20 cannot run TypeScript by itself) and passes it the command-line arguments.
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./driver.ts', import.meta.url).pathname);
await module.main(process.argv.slice(2));
