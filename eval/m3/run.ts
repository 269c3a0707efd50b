// `npm run eval -- --suite m3`: the M3 evaluation (eval/m3/RESULTS.md, eval/m3/results.json).
//
//   npm run eval -- --suite m3                 the default sample of both sets, results committed
//   npm run eval -- --suite m3 --full          every odd-numbered series
//   npm run eval -- --suite m3 --set-only monthly --limit 20 --out /tmp/m3   an experiment, written elsewhere
//   npm run eval -- --suite m3 --set cells=gru --set seed=43 --keep-forecasts --out /tmp/s43   forecasts kept
//
// Series run in child processes (one per core), each taking every jobs-th series of the list.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Overrides } from '../evaluate';
import { loadM3, M3_SETS, type M3Set, m3Sample, SAMPLE_EVERY } from './data';
import { evaluateM3Series, type M3SeriesResult } from './evaluate';
import { m3Markdown, type SetSummary, summariseSet } from './report';

interface M3Args {
  sets: M3Set[];
  full: boolean;
  limit: number;
  jobs: number;
  out: string | null;
  /** Also run the page's backtests and score the forecast it recommends (the `recommended` row; slower). */
  recommended: boolean;
  /** Keep every row's forecasts in series.json (for combining experiments offline). */
  keepForecasts: boolean;
  /** `set:lane:jobs` in a child process. */
  child: string | null;
}

function parseM3Args(argv: string[]): M3Args {
  const args: M3Args = {
    sets: ['monthly', 'quarterly'],
    full: false,
    limit: Number.POSITIVE_INFINITY,
    jobs: Math.max(1, Math.min(availableParallelism(), 4)),
    out: null,
    recommended: false,
    keepForecasts: false,
    child: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--suite') i++;
    else if (a === '--full') args.full = true;
    else if (a === '--set-only') args.sets = [argv[++i] as M3Set];
    else if (a === '--limit') args.limit = Number(argv[++i]);
    else if (a === '--jobs') args.jobs = Number(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--recommended') args.recommended = true;
    else if (a === '--keep-forecasts') args.keepForecasts = true;
    else if (a === '--m3-child') args.child = argv[++i];
    else if (a === '--set')
      i++; // read by overridesFrom
    else throw new Error(`unknown argument ${a}`);
  }
  for (const s of args.sets) if (!(s in M3_SETS)) throw new Error(`no M3 set ${s}`);
  return args;
}

function chosenSeries(set: M3Set, args: Pick<M3Args, 'full' | 'limit'>) {
  const all = loadM3(set);
  return (args.full ? all : m3Sample(all)).slice(0, args.limit);
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Runs one child over every jobs-th series, calling `onResult` as each line arrives. */
function runLane(
  argv: string[],
  set: M3Set,
  lane: number,
  jobs: number,
  onResult: (r: M3SeriesResult) => void,
): Promise<void> {
  const args = ['eval/run.mjs', ...argv, '--m3-child', `${set}:${lane}:${jobs}`];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: p.stdout }).on('line', (line) => {
      if (line.startsWith('{')) onResult(JSON.parse(line));
    });
    p.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${set} lane ${lane} failed (exit ${code})`)),
    );
  });
}

export async function mainM3(argv: string[], overrides: Overrides, settings: string[]): Promise<void> {
  const args = parseM3Args(argv);
  if (args.child) {
    const [set, lane, jobs] = args.child.split(':');
    const series = chosenSeries(set as M3Set, args).filter((_, i) => i % Number(jobs) === Number(lane));
    for (const s of series)
      process.stdout.write(
        `${JSON.stringify(await evaluateM3Series(s, overrides, { recommended: args.recommended }))}\n`,
      );
    return;
  }
  const started = performance.now();
  const startCommit = commit(); // the code the run starts from, not what HEAD became while it ran
  const sets: Partial<Record<M3Set, SetSummary>> = {};
  const all: M3SeriesResult[] = [];
  for (const set of args.sets) {
    const total = chosenSeries(set, args).length;
    const results: M3SeriesResult[] = [];
    const onResult = (r: M3SeriesResult) => {
      results.push(r);
      const net = r.scores.network;
      process.stderr.write(
        `${set} ${String(results.length).padStart(3)}/${total} ${r.id.padEnd(6)} network sMAPE ${net.smape.toFixed(1).padStart(5)} MASE ${net.mase.toFixed(2)}` +
          `  THETA ${r.scores.THETA.smape.toFixed(1).padStart(5)}  ${r.seconds.toFixed(1)} s\n`,
      );
    };
    await Promise.all(
      Array.from({ length: Math.min(args.jobs, total) }, (_, lane) =>
        runLane(stripJobs(argv), set, lane, args.jobs, onResult),
      ),
    );
    results.sort((a, b) => a.id.localeCompare(b.id));
    all.push(...results);
    sets[set] = summariseSet(set, results);
    const line = Object.entries(sets[set]?.rows ?? {})
      .map(([row, x]) => `${row} ${x.smape.toFixed(2)}/${x.mase.toFixed(3)}`)
      .join('  ');
    process.stderr.write(`${set}: ${line}\n`);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const doc = {
    commit: startCommit,
    sample: args.full ? 'full' : `every ${SAMPLE_EVERY}rd`,
    settings,
    sets,
    wallSeconds,
  };
  const folder = args.out ?? (settings.length > 0 || Number.isFinite(args.limit) ? null : 'eval/m3');
  process.stderr.write(`${(wallSeconds / 60).toFixed(1)} min\n`);
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  const kept = args.keepForecasts ? all : all.map(({ forecasts: _f, ...r }) => r);
  writeFileSync(join(folder, 'series.json'), `${JSON.stringify(kept)}\n`);
  writeFileSync(join(folder, 'RESULTS.md'), m3Markdown(doc));
  process.stderr.write(`wrote ${join(folder, 'results.json')} and RESULTS.md\n`);
}

/** The parent's arguments without `--jobs N` (children run one lane each). */
function stripJobs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--jobs') i++;
    else out.push(argv[i]);
  }
  return out;
}
