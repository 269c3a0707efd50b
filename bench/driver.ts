// `npm run bench`: builds the benchmark page with vite, serves it from localhost, opens it in headless
// Chromium with WebGPU (the flags of playwright.config.ts), runs every cell in that one page, prints the
// table, the ratios ours/TF.js and the batched models beside one model, and writes bench/results.json.
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { chromiumPath, WEBGPU_FLAGS } from '../playwright.config';
import { BENCH_DIR, buildBenchPage, FULL_OPTIONS, runInBrowser, SMOKE_OPTIONS } from './harness';
import type { BenchOptions, EngineName, PageResults } from './protocol';
import { BATCHED, ENGINES, engineLabel } from './protocol';
import { batchedChecks, checkTargets, formatReport, ratios } from './report';
import { serveDirectory } from './serve';

const BROWSER_ARGS = [...WEBGPU_FLAGS, '--no-sandbox', '--disable-background-networking', '--no-first-run'];

export interface BenchRun extends PageResults {
  date: string;
  durationS: number;
  options: BenchOptions;
  ratios: ReturnType<typeof ratios>;
  targets: ReturnType<typeof checkTargets>;
  batched: ReturnType<typeof batchedChecks>;
}

function parseArgs(argv: string[]): { options: BenchOptions; out: string | null } {
  const smoke = argv.includes('--smoke');
  const options: BenchOptions = structuredClone(smoke ? SMOKE_OPTIONS : FULL_OPTIONS);
  let out: string | null = smoke ? null : `${BENCH_DIR}results.json`;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--workloads':
        options.workloads = value.split(',');
        break;
      case '--cells':
        options.cells = value.split(',') as BenchOptions['cells'];
        break;
      case '--engines':
        options.engines = value.split(',') as EngineName[];
        break;
      case '--budget-ms':
        options.timing.cellBudgetMs = Number(value);
        options.timingOverrides = undefined;
        break;
      case '--out':
        out = value;
        break;
    }
  }
  const unknown = options.engines.filter((e) => !ENGINES.includes(e));
  if (unknown.length > 0)
    throw new Error(`unknown engine(s) ${unknown.join(', ')}; known: ${ENGINES.join(', ')}`);
  return { options, out };
}

export async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const { options, out } = parseArgs(argv);
  const dist = await buildBenchPage();
  const server = await serveDirectory(dist);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: BROWSER_ARGS });
  try {
    const results = await runInBrowser(browser, server.url, options);
    const run: BenchRun = {
      ...results,
      browser: `Chromium ${browser.version()} (headless; ${WEBGPU_FLAGS.join(' ')})`,
      date: new Date().toISOString(),
      options,
      ratios: ratios(results.rows),
      targets: checkTargets(results.rows),
      batched: batchedChecks(results.rows, results.skipped),
      durationS: Math.round((Date.now() - started) / 1000),
    };
    console.log(`\nForecast Lab vs TensorFlow.js ${results.tfjsVersion} — ${run.browser}`);
    console.log(`Adapter: ${(results.adapter?.description as string | undefined) ?? 'none'}`);
    console.log(`Loss readback — ours: ${results.lossReadback.ours}`);
    console.log(`Loss readback — ${engineLabel(BATCHED.engine)}: ${results.lossReadback.oursBatched}`);
    console.log(`Loss readback — TF.js: ${results.lossReadback.tfjs}\n`);
    console.log(formatReport(results.rows, results.skipped));
    if (out) {
      await writeFile(out, `${JSON.stringify(run, null, 2)}\n`);
      console.log(`\nwrote ${out}`);
    }
    console.log(`took ${run.durationS} s`);
  } finally {
    await browser.close();
    await server.close();
  }
}
