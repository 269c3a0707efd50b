// Pure formatting and comparison of benchmark rows: the ratios ours/TF.js and the targets.
import type { CellName, EngineName, ResultRow, SkippedCell } from './protocol';

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
      r.engine,
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
  const skips = skipped.map((s) => `  ${s.workload} ${s.cell} ${s.engine}: ${s.reason}`).join('\n');
  return [
    main,
    '',
    ratioTable,
    '',
    targetTable,
    ...(skipped.length > 0 ? ['', 'Skipped cells:', skips] : []),
  ].join('\n');
}
