// Pure formatting and comparison of benchmark rows: the ratios ours/TF.js, the targets, and the batched
// models beside one model.
import {
  BATCHED,
  type CellName,
  type EngineName,
  engineLabel,
  type ResultRow,
  type SkippedCell,
} from './protocol';

export const TFJS_ENGINES: EngineName[] = ['tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu'];

export interface Ratio {
  workload: string;
  cell: CellName;
  ours: EngineName;
  /** A TF.js engine, or 'fastest-tfjs' for the best TF.js backend measured for this workload and cell. */
  versus: EngineName | 'fastest-tfjs';
  /** samples/s of ours ÷ samples/s of the other; > 1 means ours is faster. */
  ratio: number;
}

export interface TargetCheck {
  workload: string;
  cell: CellName;
  target: string;
  value: number | null;
  met: boolean | null;
  note: string;
}

function find(rows: ResultRow[], workload: string, cell: CellName, engine: EngineName) {
  return rows.find((r) => r.workload === workload && r.cell === cell && r.engine === engine);
}

function pairs(rows: ResultRow[]): { workload: string; cell: CellName }[] {
  const seen = new Map<string, { workload: string; cell: CellName }>();
  for (const r of rows) seen.set(`${r.workload}/${r.cell}`, { workload: r.workload, cell: r.cell });
  return [...seen.values()];
}

/** The fastest TF.js row (highest samples/s) for a workload and cell, if any was measured. */
export function fastestTfjs(rows: ResultRow[], workload: string, cell: CellName): ResultRow | undefined {
  return rows
    .filter((r) => r.workload === workload && r.cell === cell && TFJS_ENGINES.includes(r.engine))
    .sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0];
}

export function ratios(rows: ResultRow[]): Ratio[] {
  const out: Ratio[] = [];
  const comparisons: [EngineName, EngineName][] = [
    ['ours-webgpu', 'tfjs-webgpu'],
    ['ours-webgpu', 'tfjs-wasm'],
    ['ours-webgpu', 'tfjs-cpu'],
    ['ours-cpu', 'tfjs-cpu'],
    ['ours-cpu', 'tfjs-wasm'],
  ];
  for (const { workload, cell } of pairs(rows)) {
    for (const [ours, versus] of comparisons) {
      const a = find(rows, workload, cell, ours);
      const b = find(rows, workload, cell, versus);
      if (a && b) out.push({ workload, cell, ours, versus, ratio: a.samplesPerSec / b.samplesPerSec });
    }
    const a = find(rows, workload, cell, 'ours-webgpu');
    const best = fastestTfjs(rows, workload, cell);
    if (a && best) {
      out.push({
        workload,
        cell,
        ours: 'ours-webgpu',
        versus: 'fastest-tfjs',
        ratio: a.samplesPerSec / best.samplesPerSec,
      });
    }
  }
  return out;
}

/** The project's targets, checked per workload and cell; `met: null` when a side was not measured. */
export function checkTargets(rows: ResultRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const { workload, cell } of pairs(rows)) {
    const ours = find(rows, workload, cell, 'ours-webgpu');
    const tfWebgpu = find(rows, workload, cell, 'tfjs-webgpu');
    const best = fastestTfjs(rows, workload, cell);
    const vsWebgpu = ours && tfWebgpu ? ours.samplesPerSec / tfWebgpu.samplesPerSec : null;
    checks.push({
      workload,
      cell,
      target: 'ours-webgpu ≥ 30× tfjs-webgpu samples/s',
      value: vsWebgpu,
      met: vsWebgpu === null ? null : vsWebgpu >= 30,
      note: vsWebgpu === null ? 'not measured' : `${vsWebgpu.toFixed(1)}×`,
    });
    const vsBest = ours && best ? ours.samplesPerSec / best.samplesPerSec : null;
    checks.push({
      workload,
      cell,
      target: 'ours-webgpu ≥ 1.5× the fastest TF.js backend',
      value: vsBest,
      met: vsBest === null ? null : vsBest >= 1.5,
      note: vsBest === null || !best ? 'not measured' : `${vsBest.toFixed(2)}× ${best.engine}`,
    });
    if (workload === 'W1') {
      const d = ours?.dispatchesPerStep ?? null;
      const s = ours?.submitsPerStep ?? null;
      checks.push({
        workload,
        cell,
        target: 'W1: ≤ 24 dispatches and 1 submit per step',
        value: d,
        met: d === null || s === null ? null : d <= 24 && s <= 1,
        note: d === null || s === null ? 'not measured' : `${fmt(d)} dispatches, ${fmt(s)} submits`,
      });
    }
  }
  return checks;
}

/**
 * Targets for the batched models, not claims: the joint step of `BATCHED.models` models at most this
 * multiple of one model's ms/step (measured in the same run), per workload.
 */
export const BATCHED_TARGETS: Record<string, number> = { W3: 2.5, W1: 4 };

/** `ours-webgpu ×8` beside `ours-webgpu` for one workload and cell; null where a side was not measured. */
export interface BatchedCheck {
  workload: string;
  cell: CellName;
  /** ms of one joint step of all models. */
  msPerStep: number | null;
  /** ms/step of one model (the `ours-webgpu` row). */
  oneModelMsPerStep: number | null;
  /** msPerStep ÷ oneModelMsPerStep. */
  ratio: number | null;
  /** The target: ratio at most this. */
  maxRatio: number;
  met: boolean | null;
  /** Dispatches counted per joint step, and per step of one model. */
  dispatchesPerStep: number | null;
  oneModelDispatchesPerStep: number | null;
  /** The target "dispatches per step independent of the number of models": the two counts are equal. */
  sameDispatches: boolean | null;
  /** samples/s of all models together. */
  samplesPerSec: number | null;
}

/**
 * One check per workload and cell where the batched models ran or were skipped, on the targeted workloads,
 * in the order of `rows` (then of `skipped`).
 */
export function batchedChecks(rows: ResultRow[], skipped: SkippedCell[] = []): BatchedCheck[] {
  const tried = [...rows, ...skipped].filter(
    (r) => r.engine === BATCHED.engine && r.workload in BATCHED_TARGETS,
  );
  const seen = new Set<string>();
  const checks: BatchedCheck[] = [];
  for (const { workload, cell } of tried) {
    if (seen.has(`${workload}/${cell}`)) continue;
    seen.add(`${workload}/${cell}`);
    const many = find(rows, workload, cell, BATCHED.engine);
    const one = find(rows, workload, cell, 'ours-webgpu');
    const ratio = many && one ? many.msPerStep / one.msPerStep : null;
    const maxRatio = BATCHED_TARGETS[workload];
    const d = many?.dispatchesPerStep ?? null;
    const dOne = one?.dispatchesPerStep ?? null;
    checks.push({
      workload,
      cell,
      msPerStep: many?.msPerStep ?? null,
      oneModelMsPerStep: one?.msPerStep ?? null,
      ratio,
      maxRatio,
      met: ratio === null ? null : ratio <= maxRatio,
      dispatchesPerStep: d,
      oneModelDispatchesPerStep: dOne,
      sameDispatches: d === null || dOne === null ? null : Math.abs(d - dOne) < 1e-6,
      samplesPerSec: many?.samplesPerSec ?? null,
    });
  }
  return checks;
}

function status(met: boolean | null): string {
  return met === null ? 'n/a' : met ? 'met' : 'MISSED';
}

function formatBatched(checks: BatchedCheck[]): string {
  const label = engineLabel(BATCHED.engine);
  const body = checks.map((c) => [
    c.workload,
    c.cell,
    fmt(c.msPerStep, 2),
    fmt(c.oneModelMsPerStep, 2),
    c.ratio === null ? '—' : `${fmt(c.ratio, 2)}×`,
    `≤ ${c.maxRatio}×`,
    status(c.met),
    `${fmt(c.dispatchesPerStep)} / ${fmt(c.oneModelDispatchesPerStep)}`,
    status(c.sameDispatches),
    fmt(c.samplesPerSec, 0),
  ]);
  const header = [
    'workload',
    'cell',
    `${label} ms/step`,
    'one model ms/step',
    'ratio',
    'target',
    'status',
    `dispatches/step ×${BATCHED.models} / one`,
    'same count',
    `samples/s ×${BATCHED.models} (total)`,
  ];
  return [
    `${label}: ${BATCHED.models} same-shape models (seed + 0 … ${BATCHED.models - 1}), one batched model, stepped ` +
      'together, against one model (ours-webgpu) in the same run. Targets, not claims: ratio of ms/step at most ' +
      'the target; dispatches per step the same as one model.',
    table(header, body, 2),
  ].join('\n');
}

function fmt(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(digits).replace(/\.0+$/, '');
}

/** A plain-text table; the first `leftColumns` columns are left-aligned, the rest (numbers) right-aligned. */
function table(header: string[], body: string[][], leftColumns = 3): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatReport(rows: ResultRow[], skipped: SkippedCell[]): string {
  const main = table(
    ['workload', 'cell', 'engine', 'ms/step', 'samples/s', 'dispatches/step', 'submits/step'],
    rows.map((r) => [
      r.workload,
      r.cell,
      engineLabel(r.engine),
      fmt(r.msPerStep, 2),
      fmt(r.samplesPerSec, 0),
      fmt(r.dispatchesPerStep),
      fmt(r.submitsPerStep),
    ]),
  );
  const ratioRows = ratios(rows).map((r) => [
    r.workload,
    r.cell,
    `${r.ours} / ${r.versus}`,
    `${fmt(r.ratio, 2)}×`,
  ]);
  const ratioTable = table(['workload', 'cell', 'ours / TF.js (samples/s)', 'ratio'], ratioRows);
  const targets = checkTargets(rows).map((c) => [
    c.workload,
    c.cell,
    c.target,
    c.met === null ? 'n/a' : c.met ? 'met' : 'MISSED',
    c.note,
  ]);
  const targetTable = table(['workload', 'cell', 'target', 'status', 'measured'], targets, 5);
  const batched = batchedChecks(rows, skipped);
  const skips = skipped
    .map((s) => `  ${s.workload} ${s.cell} ${engineLabel(s.engine)}: ${s.reason}`)
    .join('\n');
  return [
    main,
    '',
    ratioTable,
    '',
    targetTable,
    ...(batched.length > 0 ? ['', formatBatched(batched)] : []),
    ...(skipped.length > 0 ? ['', 'Skipped cells:', skips] : []),
  ].join('\n');
}
