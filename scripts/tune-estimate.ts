// The Tune panel's estimate against a sweep's real time, in the states a user meets: (a) right after a default
// "Train both" run on the bundled sample, and (b) after switching to the other sample without training again.
// In each it reads the estimate shown, starts the default quick sweep and times it from the click to
// "Tuned: N of N models done", on each engine the page offers (WebGPU here is SwiftShader). It serves a
// production build with `vite preview` and drives Debian Chromium with the e2e flags. Not a test: the
// ratios real / estimate go to the README's Tune section.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumPath, WEBGPU_FLAGS } from '../playwright.config';

type Engine = 'webgpu' | 'cpu';

interface Measurement {
  engine: Engine;
  state: string;
  /** From the click to every model done, before the ensembles and baselines (NaN when not seen). */
  trainedMs: number;
  /** The sentence under the sweep's settings when the sweep was started. */
  shown: string;
  estimateMs: number;
  realMs: number;
  /** Epochs each model ran, "run / max". */
  epochs: string[];
  /** The data panel's window length and window counts. */
  data: string;
  /** Epochs the last run's LSTM and GRU ran. */
  lastRunEpochs: string;
}

const LONG = 20 * 60_000;

function parseArgs(argv: string[]) {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const engine = value('engine', 'both');
  if (!['webgpu', 'cpu', 'both'].includes(engine)) throw new Error('--engine is webgpu, cpu or both');
  return {
    dist: value('dist', 'dist'),
    port: Number(value('port', '4391')),
    engines: (engine === 'both' ? ['webgpu', 'cpu'] : [engine]) as Engine[],
  };
}

/** Milliseconds of the first duration after "about", as `formatDuration` writes it. */
export function shownMs(text: string): number {
  const after = text.slice(text.indexOf('about'));
  const patterns: [RegExp, (m: RegExpExecArray) => number][] = [
    [/(\d+) h (\d+) min/, (m) => (Number(m[1]) * 60 + Number(m[2])) * 60_000],
    [/(\d+) min (\d+) s/, (m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000],
    [/([\d.]+) s\b/, (m) => Number(m[1]) * 1000],
    [/(\d+) ms/, (m) => Number(m[1])],
  ];
  const found = patterns
    .map(([re, toMs]) => {
      const m = re.exec(after);
      return m ? { at: m.index, ms: toMs(m) } : null;
    })
    .filter((f) => f !== null)
    .sort((a, b) => a.at - b.at);
  if (found.length === 0) throw new Error(`no duration in "${text}"`);
  return found[0].ms;
}

async function serve(dist: string, port: number): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', dist], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error(`vite preview did not answer on port ${port}`);
}

async function openPage(browser: Browser, port: number, engine: Engine): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://localhost:${port}/`);
  await page.getByTestId('window-counts').getByText('train').first().waitFor({ timeout: 60_000 });
  if (engine === 'cpu') await page.getByLabel('Engine').selectOption('cpu');
  return page;
}

async function trainBoth(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train both' }).click();
  await page.getByRole('button', { name: 'Train both again' }).waitFor({ timeout: LONG });
}

/** Epochs per model in the last run's loss table ("" when the results were cleared). */
async function lastRunEpochs(page: Page): Promise<string> {
  const table = page.getByRole('table', { name: 'Loss per epoch' });
  if ((await page.getByText('Loss per epoch as a table').count()) === 0) return '';
  if (!(await table.isVisible())) await page.getByText('Loss per epoch as a table').click();
  const headers = await table.locator('thead th').allInnerTexts();
  const counts = await Promise.all(
    ['LSTM train', 'GRU train'].map(async (column) => {
      const cells = await table
        .locator(`tbody tr td:nth-child(${headers.indexOf(column) + 1})`)
        .allInnerTexts();
      return `${column.split(' ')[0]} ${cells.filter((c) => /\d/.test(c)).length}`;
    }),
  );
  return counts.join(', ');
}

async function dataShape(page: Page): Promise<string> {
  const window = await page.getByLabel('Window length', { exact: true }).inputValue();
  const counts = (await page.getByTestId('window-counts').textContent()) ?? '';
  return `window ${window}; ${counts.trim()}`;
}

/** Reads the estimate, starts the quick sweep and waits for its end. */
async function timeSweep(page: Page, engine: Engine, state: string): Promise<Measurement> {
  const tune = page.getByRole('region', { name: '5 · Tune' });
  const summary = tune.locator('.tune-summary');
  await summary.getByText('about').waitFor();
  const shown = (await summary.textContent()) ?? '';
  const data = await dataShape(page);
  const lastRun = await lastRunEpochs(page);
  const started = Date.now();
  await tune.getByRole('button', { name: 'Start tuning' }).click();
  // the training loop's end (every model done while the sweep still runs: its ranking, ensembles, baselines)
  const trained = tune
    .getByText(/^Tuning: (\d+) of \1 models done/)
    .waitFor({ timeout: LONG })
    .then(() => Date.now() - started)
    .catch(() => Number.NaN);
  await tune.getByText(/^Tuned: (\d+) of \1 models done/).waitFor({ timeout: LONG });
  const realMs = Date.now() - started;
  const trainedMs = await Promise.race([trained, Number.NaN]);
  const board = tune.getByRole('table', { name: 'Tuning leaderboard' });
  const epochs = await board.locator('tbody tr td:nth-child(4)').allInnerTexts();
  return {
    engine,
    state,
    shown,
    estimateMs: shownMs(shown),
    realMs,
    trainedMs,
    epochs,
    data,
    lastRunEpochs: lastRun,
  };
}

async function measureEngine(browser: Browser, port: number, engine: Engine): Promise<Measurement[]> {
  const page = await openPage(browser, port, engine);
  const out: Measurement[] = [];
  await trainBoth(page);
  out.push(await timeSweep(page, engine, 'after a default run (CO₂)'));
  report(out.at(-1));
  await page.getByLabel('Sample dataset').selectOption('seattle-weather');
  await page.getByTestId('dataset-name').getByText('Seattle').waitFor({ timeout: 60_000 });
  await page.getByTestId('window-counts').getByText('train').first().waitFor({ timeout: 60_000 });
  out.push(await timeSweep(page, engine, 'after switching to Seattle, no new run'));
  report(out.at(-1));
  await page.close();
  return out;
}

function report(m: Measurement | undefined): void {
  if (!m) return;
  const ratio = m.realMs / m.estimateMs;
  console.log(
    `${m.engine.padEnd(6)} ${m.state.padEnd(40)} estimate ${(m.estimateMs / 1000).toFixed(1)} s, real ${(m.realMs / 1000).toFixed(1)} s, real/estimate ${ratio.toFixed(2)}`,
  );
  console.log(`       every model done after ${(m.trainedMs / 1000).toFixed(1)} s`);
  console.log(`       shown: ${m.shown}`);
  console.log(`       data: ${m.data}; last run's epochs: ${m.lastRunEpochs || '(cleared)'}`);
  console.log(`       sweep's epochs: ${m.epochs.join(', ')}`);
}

export async function main(argv: string[]): Promise<void> {
  const { dist, port, engines } = parseArgs(argv);
  const server = await serve(dist, port);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...WEBGPU_FLAGS, '--no-sandbox', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const all: Measurement[] = [];
    for (const engine of engines) all.push(...(await measureEngine(browser, port, engine)));
    console.log('\nengine | state | estimate | real | real/estimate');
    for (const m of all)
      console.log(
        `${m.engine} | ${m.state} | ${(m.estimateMs / 1000).toFixed(1)} s | ${(m.realMs / 1000).toFixed(1)} s | ${(m.realMs / m.estimateMs).toFixed(2)}`,
      );
  } finally {
    await browser.close();
    server.kill();
  }
}
