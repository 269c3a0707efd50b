// The parts of the benchmark shared by the CLI driver (bench/driver.ts) and the smoke test
// (e2e/bench-smoke.spec.ts): the run presets, building the page, and running it in a browser.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import type { BenchOptions, PageResults } from './protocol';
import { ENGINES } from './protocol';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Full run: every workload and cell, every engine; sized to finish in a few minutes on SwiftShader. */
export const FULL_OPTIONS: BenchOptions = {
  workloads: ['W1', 'W2', 'W3'],
  cells: ['lstm', 'gru'],
  engines: ENGINES,
  timing: { warmupSteps: 2, repeats: 3, maxStepsPerRepeat: 20, cellBudgetMs: 4000, maxStepMs: 60_000 },
  // 8 minutes for the cells that ran before the batched models, and one more for those (4 cells, about
  // a minute on SwiftShader).
  totalBudgetMs: 540_000,
  // The sides the targets compare get a larger budget, so W2 (seconds per step) still gets three repeats
  // and its median is not one step's luck; slow sides get a smaller one.
  timingOverrides: {
    'ours-webgpu': { cellBudgetMs: 12_000 },
    'ours-webgpu-x8': { cellBudgetMs: 12_000 },
    'tfjs-wasm': { cellBudgetMs: 12_000 },
    'tfjs-webgpu': { cellBudgetMs: 3000 },
    'tfjs-cpu': { cellBudgetMs: 3000 },
    'ours-cpu': { cellBudgetMs: 3000 },
  },
};

/** Smoke run for the test suite: the tiny workload, both cells, a few steps, no speed claims. */
export const SMOKE_OPTIONS: BenchOptions = {
  workloads: ['W3'],
  cells: ['lstm', 'gru'],
  engines: ['ours-webgpu', 'ours-webgpu-x8', 'tfjs-wasm'],
  timing: { warmupSteps: 1, repeats: 1, maxStepsPerRepeat: 2, cellBudgetMs: 60_000, maxStepMs: 60_000 },
  totalBudgetMs: 0,
};

/** Builds bench/index.html into `outDir` (default bench/dist) and returns that directory. */
export async function buildBenchPage(outDir = `${BENCH_DIR}dist`): Promise<string> {
  await build({
    configFile: `${BENCH_DIR}vite.config.ts`,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Opens the built page in a new page of `browser` and runs `options` there. */
export async function runInBrowser(
  browser: Browser,
  url: string,
  options: BenchOptions,
): Promise<PageResults> {
  const page = await browser.newPage();
  const results = await runInPage(page, url, options);
  await page.close();
  return results;
}

/** Runs `options` in `page` (loading the bench page from `url`); progress is echoed to the console. */
export async function runInPage(page: Page, url: string, options: BenchOptions): Promise<PageResults> {
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('[bench]')) console.log(text);
  });
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'forecastBench' in window);
  return page.evaluate((opts) => window.forecastBench.run(opts), options);
}
