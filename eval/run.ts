// `npm run eval`: trains the default LSTM and GRU on every series of the suite on the CPU engine and writes
// eval/results.json and eval/RESULTS.md. Series run in parallel child processes (one per core).
//
//   npm run eval                            the whole suite, results committed with the code
//   npm run eval -- --only co2-mauna-loa    some series (comma-separated), results printed only
//   npm run eval -- --set formulation=level --set hidden=32 --out /tmp/x   an experiment, written elsewhere

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CELLS } from '../src/config';
import type { CellKind } from '../src/engine/types';
import { evaluateSeries, type Overrides, type SeriesResult } from './evaluate';
import { mainM3 } from './m3/run';
import { resultsMarkdown, summarise } from './report';
import { SUITE } from './suite';

const PREPARE_KEYS = new Set(['formulation', 'scaler', 'transform', 'calendar', 'seasonalAdjust']);
const MODEL_KEYS: Record<string, string> = {
  layers: 'numLayers',
  hidden: 'hiddenSize',
  lr: 'lr',
  batch: 'batchSize',
  epochs: 'epochs',
  patience: 'patience',
  clip: 'clipNorm',
  seed: 'seed',
  dropout: 'dropout',
};

function parseArgs(argv: string[]) {
  const sets: string[] = [];
  let only: string[] | null = null;
  let out: string | null = null;
  let child: string | null = null;
  let jobs = Math.max(1, Math.min(availableParallelism(), 4));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set') sets.push(argv[++i]);
    else if (a === '--only') only = argv[++i].split(',');
    else if (a === '--out') out = argv[++i];
    else if (a === '--jobs') jobs = Number(argv[++i]);
    else if (a === '--child') child = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return { sets, only, out, child, jobs };
}

function overridesFrom(sets: string[]): Overrides {
  const o: Overrides = { prepare: {}, model: {} };
  for (const s of sets) {
    const [key, value] = s.split('=');
    if (PREPARE_KEYS.has(key)) (o.prepare as Record<string, unknown>)[key] = value;
    else if (key in MODEL_KEYS) (o.model as Record<string, unknown>)[MODEL_KEYS[key]] = Number(value);
    else if (key === 'window') o.window = Number(value);
    else if (key === 'cells') o.cells = value.split('+').map(cellNamed);
    else if (key === 'refitMembers') o.refitMembers = Number(value);
    else throw new Error(`unknown setting ${key}`);
  }
  return o;
}

function cellNamed(name: string): CellKind {
  const cell = CELLS.find((c) => c === name);
  if (!cell) throw new Error(`no network ${name}: cells=${CELLS.join('+')}`);
  return cell;
}

function runChild(name: string, sets: string[]): Promise<SeriesResult> {
  const args = ['eval/run.mjs', '--child', name, ...sets.flatMap((s) => ['--set', s])];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${name} failed (exit ${code})`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
    });
  });
}

async function pool<T, R>(items: T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, lane));
  return results;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--suite')) {
    const suite = argv[argv.indexOf('--suite') + 1];
    if (suite !== 'm3') throw new Error(`unknown suite ${suite} (the suites are: m3)`);
    const sets = argv.flatMap((a, i) => (argv[i - 1] === '--set' ? [a] : []));
    return mainM3(argv, overridesFrom(sets), sets);
  }
  const { sets, only, out, child, jobs } = parseArgs(argv);
  const overrides = overridesFrom(sets);
  if (child) {
    const series = SUITE.find((s) => s.name === child);
    if (!series) throw new Error(`no series ${child}`);
    process.stdout.write(`${JSON.stringify(await evaluateSeries(series, overrides))}\n`);
    return;
  }
  const chosen = only ? SUITE.filter((s) => only.includes(s.name)) : [...SUITE];
  if (only && chosen.length !== only.length) throw new Error(`unknown series in ${only.join(',')}`);
  const started = performance.now();
  const series = await pool(chosen, jobs, async (s) => {
    const r = await runChild(s.name, sets);
    const m = r.metrics;
    process.stderr.write(
      `${r.name.padEnd(24)} MASE LSTM ${m.LSTM.mase.toFixed(3)} GRU ${m.GRU.mase.toFixed(3)} ` +
        `naive ${m.naive.mase.toFixed(3)} snaive ${m['seasonal-naive'].mase.toFixed(3)} ` +
        `ETS ${m.ETS?.mase.toFixed(3) ?? '–'} ARIMA ${m.ARIMA?.mase.toFixed(3) ?? '–'}  cover ${r.coverage.p80.toFixed(2)}/${r.coverage.p95.toFixed(2)}  ${r.seconds.toFixed(0)} s\n`,
    );
    return r;
  });
  const doc = { commit: commit(), settings: sets, series };
  const summary = summarise(series);
  process.stderr.write(
    `${JSON.stringify(summary)}\n${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  const folder = out ?? (only || sets.length > 0 ? null : 'eval');
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  writeFileSync(join(folder, 'RESULTS.md'), resultsMarkdown(doc, summary));
  process.stderr.write(`wrote ${join(folder, 'results.json')} and RESULTS.md\n`);
}
