import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GpuCallCounter, GpuCallCounts } from '../../bench/instrument';
import { cheapestFirst, forwardMacs, predictStepMs, runOrder } from '../../bench/page/plan';
import { median, timeCell } from '../../bench/page/timing';
import type { ResultRow, TimingOptions, Workload } from '../../bench/protocol';
import { batchedChecks, checkTargets, fastestTfjs, formatReport, ratios } from '../../bench/report';

const W1: Workload = { id: 'W1', T: 32, F: 1, layers: 2, H: 64, batch: 64 };
const W2: Workload = { id: 'W2', T: 64, F: 8, layers: 1, H: 128, batch: 256 };
const W3: Workload = { id: 'W3', T: 16, F: 1, layers: 1, H: 32, batch: 32 };

const OPTIONS: TimingOptions = {
  warmupSteps: 2,
  repeats: 3,
  maxStepsPerRepeat: 10,
  cellBudgetMs: 300,
  maxStepMs: 1000,
};

/** A step that advances a fake clock by the next duration and counts one dispatch and one submit. */
function fakeEngine(durations: number[]) {
  let clock = 0;
  let calls = 0;
  const counts: GpuCallCounts = { dispatches: 0, submits: 0, commandBuffers: 0, writeBuffers: 0 };
  const counter: GpuCallCounter = { snapshot: () => ({ ...counts }) };
  const step = async () => {
    clock += durations[Math.min(calls++, durations.length - 1)];
    counts.dispatches += 7;
    counts.submits += 1;
    return 0.5;
  };
  return { step, counter, now: () => clock, calls: () => calls };
}

describe('bench timing', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('fills the budget with steps, and times a slow cell with fewer', async () => {
    const fast = fakeEngine([500, 10]);
    const quick = await timeCell(fast.step, OPTIONS, null, fast.now);
    if (!quick.ok) throw new Error(quick.reason);
    // 100 ms per repeat at 10 ms a step: 10 steps (the cap), three repeats.
    expect(quick.stepsPerRepeat).toBe(10);
    expect(quick.repeatsMs).toEqual([10, 10, 10]);
    const slow = fakeEngine([400, 250]);
    const few = await timeCell(slow.step, OPTIONS, null, slow.now);
    if (!few.ok) throw new Error(few.reason);
    // The first (compiling) step is no estimate: one 250 ms step per repeat, and only one repeat fits 300 ms.
    expect(few.warmupMs).toEqual([400]);
    expect(few.stepsPerRepeat).toBe(1);
    expect(few.repeatsMs).toEqual([250]);
  });

  it('excludes warm-up from the timing and counts calls per timed step', async () => {
    const engine = fakeEngine([500, 20, 25]);
    const result = await timeCell(
      engine.step,
      { ...OPTIONS, cellBudgetMs: 2000 },
      engine.counter,
      engine.now,
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.warmupMs).toEqual([500, 20]);
    expect(result.msPerStep).toBe(25);
    expect(result.perStep).toEqual({ dispatches: 7, submits: 1, commandBuffers: 0, writeBuffers: 0 });
    expect(engine.calls()).toBe(2 + result.repeatsMs.length * result.stepsPerRepeat);
  });

  it('skips a cell whose warm-up step breaks the bound, with the reason', async () => {
    const engine = fakeEngine([5000]);
    const result = await timeCell(engine.step, OPTIONS, null, engine.now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('5.0 s');
    // The first step already used more than half the cell's budget: no second warm-up step.
    expect(engine.calls()).toBe(1);
  });
});

describe('bench planning', () => {
  it('orders workloads by arithmetic and predicts between arithmetic- and launch-bound', () => {
    expect(cheapestFirst([W1, W2, W3]).map((w) => w.id)).toEqual(['W3', 'W1', 'W2']);
    expect(forwardMacs(W3, 'lstm')).toBe(16 * 32 * (1 + 32) * 4 * 32);
    // W1 → W2: the same T·L, so the prediction is the square root of the arithmetic ratio.
    const fromW1 = predictStepMs({ workload: W1, msPerStep: 100 }, W2, 'lstm');
    expect(fromW1).toBeCloseTo(100 * Math.sqrt(forwardMacs(W2, 'lstm') / forwardMacs(W1, 'lstm')));
    // Four times the steps and the same arithmetic (a quarter of the batch): twice the time.
    const longer = { ...W3, T: 64, batch: 8 };
    expect(predictStepMs({ workload: W3, msPerStep: 10 }, longer, 'gru')).toBeCloseTo(20);
  });

  it('runs the compared sides on the smaller workloads first and the CPU sides last', () => {
    const order = runOrder([W1, W2, W3], ['lstm', 'gru'], ['tfjs-cpu', 'ours-webgpu', 'tfjs-webgpu']);
    expect(order).toHaveLength(18);
    expect(order.slice(0, 8).map((c) => `${c.workload.id} ${c.cell} ${c.engine}`)).toEqual([
      'W3 lstm ours-webgpu',
      'W3 lstm tfjs-webgpu',
      'W3 gru ours-webgpu',
      'W3 gru tfjs-webgpu',
      'W1 lstm ours-webgpu',
      'W1 lstm tfjs-webgpu',
      'W1 gru ours-webgpu',
      'W1 gru tfjs-webgpu',
    ]);
    expect(order.slice(8, 12).map((c) => `${c.workload.id} ${c.engine}`)).toEqual([
      'W2 ours-webgpu',
      'W2 ours-webgpu',
      'W2 tfjs-webgpu',
      'W2 tfjs-webgpu',
    ]);
    expect(order.slice(12).every((c) => c.engine === 'tfjs-cpu')).toBe(true);
    // The batched models run right after the one model, and only on W3 and W1.
    const batched = runOrder([W1, W2, W3], ['lstm'], ['ours-webgpu', 'ours-webgpu-x8', 'tfjs-wasm']);
    expect(batched.map((c) => `${c.workload.id} ${c.engine}`)).toEqual([
      'W3 ours-webgpu',
      'W3 ours-webgpu-x8',
      'W3 tfjs-wasm',
      'W1 ours-webgpu',
      'W1 ours-webgpu-x8',
      'W1 tfjs-wasm',
      'W2 ours-webgpu',
      'W2 tfjs-wasm',
    ]);
    expect(runOrder([W3], ['gru'], ['ours-webgpu', 'ours-webgpu-x8']).map((c) => c.engine)).toEqual([
      'ours-webgpu',
      'ours-webgpu-x8',
    ]);
    // One workload alone counts as the largest: every selected engine still runs.
    expect(runOrder([W3], ['gru'], ['ours-webgpu', 'tfjs-wasm']).map((c) => c.engine)).toEqual([
      'ours-webgpu',
      'tfjs-wasm',
    ]);
  });
});

function row(
  engine: ResultRow['engine'],
  samplesPerSec: number,
  dispatches: number | null = null,
): ResultRow {
  return {
    workload: 'W1',
    cell: 'lstm',
    engine,
    msPerStep: 64_000 / samplesPerSec,
    samplesPerSec,
    dispatchesPerStep: dispatches,
    submitsPerStep: dispatches === null ? null : 1,
  };
}

describe('bench report', () => {
  const rows = [
    row('ours-webgpu', 6000, 20),
    row('tfjs-webgpu', 100, 900),
    row('tfjs-wasm', 5000),
    row('tfjs-cpu', 50),
  ];

  it('computes ours/TF.js ratios and finds the fastest TF.js backend', () => {
    expect(fastestTfjs(rows, 'W1', 'lstm')?.engine).toBe('tfjs-wasm');
    const r = ratios(rows);
    expect(r.find((x) => x.versus === 'tfjs-webgpu')?.ratio).toBeCloseTo(60);
    expect(r.find((x) => x.versus === 'fastest-tfjs')?.ratio).toBeCloseTo(1.2);
  });

  it('checks each target and says when one is missed', () => {
    const checks = checkTargets(rows);
    expect(checks.map((c) => c.met)).toEqual([true, false, true]);
    const text = formatReport(rows, [
      { workload: 'W2', cell: 'gru', engine: 'tfjs-cpu', reason: 'too slow' },
    ]);
    expect(text).toContain('MISSED');
    expect(text).toContain('W2 gru tfjs-cpu: too slow');
  });

  it('reports a target as not measured when a side is missing', () => {
    expect(checkTargets([row('tfjs-wasm', 10)]).every((c) => c.met === null)).toBe(true);
  });
});

describe('bench batched models', () => {
  const one = (workload: string, cell: ResultRow['cell'], ms: number, dispatches: number): ResultRow => ({
    workload,
    cell,
    engine: 'ours-webgpu',
    msPerStep: ms,
    samplesPerSec: 1000 / ms,
    dispatchesPerStep: dispatches,
    submitsPerStep: 1,
  });
  const many = (workload: string, cell: ResultRow['cell'], ms: number, dispatches: number): ResultRow => ({
    ...one(workload, cell, ms, dispatches),
    engine: 'ours-webgpu-x8',
    samplesPerSec: 8000 / ms,
  });

  it('compares ×8 with one model of the same workload and cell against the per-workload target', () => {
    const rows = [
      one('W1', 'lstm', 100, 12),
      many('W1', 'lstm', 390, 12),
      one('W3', 'gru', 10, 7),
      many('W3', 'gru', 26, 56),
    ];
    const checks = batchedChecks(rows);
    expect(checks.map((c) => [c.workload, c.cell, c.met, c.sameDispatches])).toEqual([
      ['W1', 'lstm', true, true],
      ['W3', 'gru', false, false],
    ]);
    expect(checks[0].ratio).toBeCloseTo(3.9);
    expect(checks[1].maxRatio).toBe(2.5);
    const text = formatReport(rows, []);
    expect(text).toContain('ours-webgpu ×8');
    expect(text).toContain('≤ 4×');
    expect(text).toContain('56 / 7');
    expect(text).toContain('MISSED');
  });

  it('reports a skipped ×8 cell as not measured, and nothing when ×8 did not run', () => {
    const skipped = [
      { workload: 'W3', cell: 'lstm' as const, engine: 'ours-webgpu-x8' as const, reason: 'x' },
    ];
    const checks = batchedChecks([one('W3', 'lstm', 10, 7)], skipped);
    expect(checks).toHaveLength(1);
    expect(checks[0].met).toBeNull();
    expect(checks[0].sameDispatches).toBeNull();
    expect(batchedChecks([one('W3', 'lstm', 10, 7)])).toEqual([]);
    expect(formatReport([one('W3', 'lstm', 10, 7)], [])).not.toContain('×8');
  });
});

describe('bench isolation', () => {
  it('the app never imports TensorFlow.js (only the bench page does)', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(ts|tsx)$/.test(f),
    );
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => readFileSync(join('src', f), 'utf8').includes('@tensorflow/'));
    expect(offenders).toEqual([]);
  });
});
