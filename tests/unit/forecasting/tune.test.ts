// Tuning sweeps: the expansion of a sweep into models, their batched groups, training them together, the
// ranking on validation only (a poisoned test part changes nothing), diverged models set aside, and the
// ensembles.

import { describe, expect, test } from 'vitest';
import { theta } from '../../../src/baselines/theta';
import type { BaselineFitter } from '../../../src/baselines/types';
import {
  clampTuneSetting,
  DEFAULT_MODEL_SETTINGS,
  expandSweep,
  type ModelSettings,
  sweepSettingsProblem,
  TUNE_LIMITS,
  TUNE_PRESETS,
} from '../../../src/config';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import type { Batch, ModelConfig, OptimizerConfig } from '../../../src/engine/types';
import { modelSetup } from '../../../src/store/modelSettings';
import {
  paceSpeed,
  STEP_FIXED_MS,
  STEP_MS_PER_MEGA_MAC,
  sampleCost,
  stoppingShare,
  sweepEstimate,
  withPacedModel,
} from '../../../src/store/tuneSlice';
import type { PacedModel, RunPace } from '../../../src/store/types';
import { batchingText } from '../../../src/ui/tune/batchingText';
import { createWorkerEngines } from '../../../src/worker/engines';
import {
  type FromWorker,
  MESSAGE_SCOPE,
  type TuneModel,
  type TuneResult,
} from '../../../src/worker/protocol';
import type { EngineProvider } from '../../../src/worker/session';
import { combine, rankByValidation, TuneSession } from '../../../src/worker/tune';
import { preparedSeries } from '../seriesFixture';
import { FAKE_INFO, oneByOne, ScriptedModel } from '../sessionFixtures';

const base = { lstm: { ...DEFAULT_MODEL_SETTINGS }, gru: { ...DEFAULT_MODEL_SETTINGS } };
const series = Array.from({ length: 160 }, (_, t) => 20 + 0.05 * t + 3 * Math.sin((2 * Math.PI * t) / 12));

describe('sweep expansion', () => {
  test('the quick preset is 8 models: 2 cells × 2 hidden sizes × 2 learning rates', () => {
    const models = expandSweep(TUNE_PRESETS.quick, base);
    expect(models).toHaveLength(8);
    expect(models.map((m) => m.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(models[0].label).toBe('LSTM 1×16 · lr 0.003 · seed 42');
    expect(new Set(models.map((m) => m.label)).size).toBe(8);
  });

  test('dropout only combines with two or more layers; seeds count up from the card’s', () => {
    const models = expandSweep(
      {
        ...TUNE_PRESETS.quick,
        cells: ['gru'],
        hiddenSizes: [8],
        learningRates: [0.01],
        layers: [1, 2],
        dropouts: [0, 0.2],
        seeds: 2,
      },
      base,
    );
    // 1 layer: dropout 0 only (× 2 seeds); 2 layers: dropout 0 and 0.2 (× 2 seeds)
    expect(models).toHaveLength(6);
    expect(models.filter((m) => m.settings.numLayers === 1).every((m) => m.settings.dropout === 0)).toBe(
      true,
    );
    expect(new Set(models.map((m) => m.settings.seed))).toEqual(new Set([42, 43]));
  });

  test('random mode takes the asked number, reproducibly; problems are said before starting', () => {
    const a = expandSweep(TUNE_PRESETS.thorough, base);
    expect(a).toHaveLength(24);
    expect(expandSweep(TUNE_PRESETS.thorough, base).map((m) => m.label)).toEqual(a.map((m) => m.label));
    expect(sweepSettingsProblem({ ...TUNE_PRESETS.quick, cells: [] }, 0)).toEqual({ kind: 'no-cells' });
    expect(sweepSettingsProblem({ ...TUNE_PRESETS.quick, hiddenSizes: [0] }, 4)).toMatchObject({
      kind: 'bad-grid-value',
      setting: 'hiddenSize',
      value: 0,
    });
    expect(sweepSettingsProblem({ ...TUNE_PRESETS.quick, dropouts: [] }, 4)).toEqual({
      kind: 'empty-list',
      list: 'dropouts',
    });
    expect(sweepSettingsProblem(TUNE_PRESETS.quick, 65)).toEqual({
      kind: 'too-many-models',
      count: 65,
      max: 64,
    });
    expect(sweepSettingsProblem({ ...TUNE_PRESETS.quick, topK: 0 }, 8)).toEqual({ kind: 'no-ensemble' });
    expect(sweepSettingsProblem(TUNE_PRESETS.quick, 8)).toBeNull();
  });

  test('the sweep limits are written once: the checks and the form’s clamp read the same table', () => {
    expect(sweepSettingsProblem({ ...TUNE_PRESETS.quick, seeds: TUNE_LIMITS.seeds.max + 1 }, 8)).toEqual({
      kind: 'bad-count',
      setting: 'seeds',
      ...TUNE_LIMITS.seeds,
    });
    expect(sweepSettingsProblem({ ...TUNE_PRESETS.quick, topK: TUNE_LIMITS.topK.max + 1 }, 8)).toEqual({
      kind: 'bad-count',
      setting: 'topK',
      ...TUNE_LIMITS.topK,
    });
    expect(
      sweepSettingsProblem({ ...TUNE_PRESETS.quick, windowLengths: [TUNE_LIMITS.windowLength.max + 1] }, 8),
    ).toEqual({ kind: 'bad-window-length', value: 4097, ...TUNE_LIMITS.windowLength });
    expect(clampTuneSetting('seeds', 9.4)).toBe(TUNE_LIMITS.seeds.max);
    expect(clampTuneSetting('topK', 0)).toBe(TUNE_LIMITS.topK.min);
    expect(clampTuneSetting('samples', 1000)).toBe(TUNE_LIMITS.samples.max);
    for (const preset of Object.values(TUNE_PRESETS)) expect(sweepSettingsProblem(preset, 8)).toBeNull();
  });
});

describe('the estimate shown before a sweep starts', () => {
  const shape = { inputSize: 1, windowLength: 24, trainWindows: 320 };
  const one = (hiddenSize: number, cell: 'lstm' | 'gru' = 'lstm', window = 24) =>
    expandSweep(
      { ...TUNE_PRESETS.quick, cells: [cell], learningRates: [0.01], hiddenSizes: [hiddenSize] },
      base,
      window,
    );
  /** A model of the last run: 1×32, batch 32, 60 epochs, of which it ran `epochsRun`, `stepMs` a step. */
  const paced = (stepMs: number, epochsRun = 60, ranItsCourse = true): PacedModel => ({
    hidden: 32,
    layers: 1,
    batchSize: 32,
    epochs: 60,
    epochsRun,
    ranItsCourse,
    samplesPerSec: (32 / stepMs) * 1000,
  });
  const pace = (engine: RunPace['engine'], models: RunPace['models'], paceShape = shape): RunPace => ({
    runId: 1,
    engine,
    shape: paceShape,
    models,
  });
  const unitMs = (hidden: number, cell: 'lstm' | 'gru' = 'lstm', T = 24) =>
    STEP_FIXED_MS + (STEP_MS_PER_MEGA_MAC * 32 * sampleCost(cell, hidden, 1, 1, T)) / 1e6;
  /** Each epoch's end without validation windows: each member's weights and optimiser state read back. */
  const readbacksMs = (speed: number, members = 1, epochs = 60) =>
    epochs * members * 2 * speed * STEP_FIXED_MS;

  test('a model like the last run’s costs its measured step time, plus its setup and its epochs’ ends', () => {
    // 10 ms a step; 60 epochs × 10 steps
    const gpu = pace('webgpu', { lstm: paced(10) });
    const estimate = sweepEstimate(one(32), shape, gpu, 'webgpu');
    expect(estimate.measured).toBe(true);
    expect(estimate.fullMs).toBeCloseTo(300 + 600 * 10 + readbacksMs(10 / unitMs(32)), 6);
    expect(estimate.ms).toBeCloseTo(estimate.fullMs, 6); // it ran all its epochs
    // on WebGPU a larger model costs more, but less than in proportion to its multiply-adds (the fixed part stays)
    const ratio = sampleCost('lstm', 64, 1, 1, 24) / sampleCost('lstm', 32, 1, 1, 24);
    const wideMs = sweepEstimate(one(64), shape, gpu, 'webgpu').fullMs - 300 - readbacksMs(10 / unitMs(32));
    expect(wideMs).toBeGreaterThan(6000);
    expect(wideMs).toBeLessThan(6000 * ratio);
    // the CPU engine has no fixed part: a step is its multiply-adds, and its epochs' ends cost no readbacks
    const cpu = pace('cpu', { lstm: paced(10) });
    expect(sweepEstimate(one(32), shape, cpu, 'cpu').fullMs).toBeCloseTo(300 + 6000, 6);
    expect(sweepEstimate(one(64), shape, cpu, 'cpu').fullMs).toBeCloseTo(300 + 6000 * ratio, 6);
    // a pace from the other engine is not this one's: a rough guess
    expect(sweepEstimate(one(32), shape, gpu, 'cpu').measured).toBe(false);
  });

  test('on WebGPU a measured step is the round of both models: one model alone costs less than it', () => {
    // both models ran all 60 epochs, each step 10 ms of wall time for the two together
    const gpu = pace('webgpu', { lstm: paced(10), gru: paced(10) });
    const round = unitMs(32) + unitMs(32, 'gru');
    const speed = 10 / round;
    expect(sweepEstimate(one(32), shape, gpu, 'webgpu').fullMs).toBeCloseTo(
      300 + 600 * speed * unitMs(32) + readbacksMs(speed),
      6,
    );
    expect(sweepEstimate(one(32, 'gru'), shape, gpu, 'webgpu').fullMs).toBeCloseTo(
      300 + 600 * speed * unitMs(32, 'gru') + readbacksMs(speed),
      6,
    );
    // the GRU stopped after a quarter of the LSTM's steps: most of the LSTM's rounds held only itself
    const early = pace('webgpu', { lstm: paced(10), gru: paced(10, 15) });
    const lstmRound = unitMs(32) + 0.25 * unitMs(32, 'gru');
    const lstmSpeed = 10 / lstmRound;
    const gruSpeed = 10 / (unitMs(32, 'gru') + unitMs(32));
    const mean = (lstmSpeed + gruSpeed) / 2;
    expect(paceSpeed(early)).toBeCloseTo(mean, 12);
    expect(sweepEstimate(one(32), shape, early, 'webgpu').fullMs).toBeCloseTo(
      300 + 600 * unitMs(32) * mean + readbacksMs(mean),
      6,
    );
  });

  test('early stopping as in the last run: its models’ mean share of epochs, the longer one for a batched group', () => {
    // the last run's models ran 15 and 30 of 60 epochs: shares ¼ and ½
    const cpu = pace('cpu', { lstm: paced(10, 15), gru: paced(10, 30) });
    expect(stoppingShare(cpu)).toEqual({ mean: 0.375, longest: 0.5 });
    // a model the user stopped says nothing of early stopping; with none left, all epochs
    expect(stoppingShare(pace('cpu', { lstm: paced(10, 15, false), gru: paced(10, 30) }))).toEqual({
      mean: 0.5,
      longest: 0.5,
    });
    expect(stoppingShare(pace('cpu', { lstm: paced(10, 5, false) }))).toEqual({ mean: 1, longest: 1 });
    const alone = sweepEstimate(one(32), shape, cpu, 'cpu');
    expect(alone.ms - 300).toBeCloseTo(0.375 * (alone.fullMs - 300), 6);
    // two LSTMs of one shape on WebGPU: the group's fixed part lasts as long as the longer share
    const sweep = expandSweep(
      { ...TUNE_PRESETS.quick, cells: ['lstm'], hiddenSizes: [32], learningRates: [0.01, 0.03] },
      base,
    );
    const gpu = pace('webgpu', { lstm: paced(10, 15), gru: paced(10, 30) });
    const speed = paceSpeed(gpu);
    const work = unitMs(32) - STEP_FIXED_MS;
    const together = sweepEstimate(sweep, shape, gpu, 'webgpu');
    expect(together.ms).toBeCloseTo(
      2 * 300 + 600 * speed * (0.5 * STEP_FIXED_MS + 2 * 0.375 * work) + readbacksMs(speed, 2, 30),
      6,
    );
    expect(together.fullMs).toBeCloseTo(
      2 * 300 + 600 * speed * (STEP_FIXED_MS + 2 * work) + readbacksMs(speed, 2),
      6,
    );
  });

  test('other data: the machine’s speed stays, the steps and the window are the new data’s', () => {
    const gpu = pace('webgpu', { lstm: paced(10) });
    // twice the windows and twice the window length: twice the steps, each dearer by the longer window
    const longer = { inputSize: 1, windowLength: 48, trainWindows: 640 };
    const estimate = sweepEstimate(one(32, 'lstm', 48), longer, gpu, 'webgpu');
    const speed = 10 / unitMs(32);
    expect(estimate.fullMs).toBeCloseTo(300 + 1200 * speed * unitMs(32, 'lstm', 48) + readbacksMs(speed), 6);
    // the window each model trains on is its own (a sweep over window lengths)
    expect(sweepEstimate(one(32, 'lstm', 48), shape, gpu, 'webgpu').fullMs).toBeGreaterThan(
      sweepEstimate(one(32, 'lstm', 24), shape, gpu, 'webgpu').fullMs,
    );
  });

  test('on WebGPU a batched group pays the fixed part of a step once, each member its own part', () => {
    // 4 LSTMs of one shape (2 learning rates × 2 seeds): one batched group
    const sweep = expandSweep(
      { ...TUNE_PRESETS.quick, cells: ['lstm'], hiddenSizes: [32], learningRates: [0.01, 0.03], seeds: 2 },
      base,
    );
    expect(sweep).toHaveLength(4);
    const gpu = pace('webgpu', { lstm: paced(10) });
    const together = sweepEstimate(sweep, shape, gpu, 'webgpu');
    const speed = 10 / unitMs(32);
    const fixed = speed * STEP_FIXED_MS;
    // separately, 4 × (300 + 600 steps of 10 ms)
    expect(together.fullMs).toBeLessThan(4 * 300 + 4 * 600 * 10);
    expect(together.fullMs).toBeCloseTo(
      4 * 300 + 600 * (fixed + 4 * (10 - fixed)) + readbacksMs(speed, 4),
      6,
    );
    // the validation windows at each epoch's end (64: 2 batches): the group's forward pays its fixed part once,
    // each member a third of a step's proportional part per batch
    const withVal = sweepEstimate(sweep, { ...shape, valWindows: 64 }, gpu, 'webgpu');
    expect(withVal.fullMs - together.fullMs).toBeCloseTo(60 * 2 * (fixed + (4 * (10 - fixed)) / 3), 6);
    // models of two shapes form two groups: GRU and LSTM never share one
    const mixed = expandSweep({ ...TUNE_PRESETS.quick, hiddenSizes: [32], learningRates: [0.01] }, base);
    expect(new Set(mixed.map((c) => c.cell)).size).toBe(2);
    expect(sweepEstimate(mixed, shape, gpu, 'webgpu').fullMs).toBeGreaterThan(
      sweepEstimate(
        mixed.filter((c) => c.cell === 'lstm'),
        shape,
        gpu,
        'webgpu',
      ).fullMs,
    );
  });

  test('before any run, a rough default for all epochs that still grows with the sweep', () => {
    const quick = sweepEstimate(expandSweep(TUNE_PRESETS.quick, base), shape, null);
    const thorough = sweepEstimate(expandSweep(TUNE_PRESETS.thorough, base), shape, null);
    expect(quick.measured).toBe(false);
    expect(quick.ms).toBe(quick.fullMs);
    expect(thorough.fullMs).toBeGreaterThan(2 * quick.fullMs);
  });

  test('a run’s pace gathers its models’ results; the next run’s first result starts a new one', () => {
    const run = (runId: number) => ({
      runId,
      shape: { ...shape, outputSize: 1 },
      settings: { lstm: { ...DEFAULT_MODEL_SETTINGS, hiddenSize: 16 }, gru: DEFAULT_MODEL_SETTINGS },
    });
    const result = (model: 'lstm' | 'gru', epochsRun: number) => ({ model, epochsRun, samplesPerSec: 900 });
    const first = withPacedModel(null, run(1), 'webgpu', result('lstm', 20), 'early-stopped');
    const both = withPacedModel(first, run(1), 'webgpu', result('gru', 30), 'stopped');
    expect(both.models.lstm).toEqual({ ...first.models.lstm, hidden: 16, epochsRun: 20, ranItsCourse: true });
    expect(both.models.gru).toMatchObject({ epochsRun: 30, samplesPerSec: 900, ranItsCourse: false });
    expect(both.shape).toEqual(shape);
    const next = withPacedModel(both, run(2), 'cpu', result('gru', 60), 'finished');
    expect(next.models.lstm).toBeUndefined();
    expect(next.engine).toBe('cpu');
  });
});

describe('ranking and ensembles', () => {
  test('ranked by validation loss, models without one last', () => {
    expect(
      rankByValidation([
        { id: 0, bestVal: 0.5 },
        { id: 1, bestVal: Number.NaN },
        { id: 2, bestVal: 0.1 },
        { id: 3, bestVal: 0.3 },
      ]),
    ).toEqual([2, 3, 0, 1]);
  });

  test('mean and median, element by element', () => {
    const members = [Float64Array.of(1, 10), Float64Array.of(2, 20), Float64Array.of(9, 30)];
    expect(Array.from(combine(members, 'mean'))).toEqual([4, 20]);
    expect(Array.from(combine(members, 'median'))).toEqual([2, 20]);
    expect(Array.from(combine(members.slice(0, 2), 'median'))).toEqual([1.5, 15]);
  });
});

/** The quick sweep with 4 models of 1 × 8 units, 3 epochs: small enough for the CPU engine in a test. */
function sweepModels(count = 4): TuneModel[] {
  const small = { ...DEFAULT_MODEL_SETTINGS, epochs: 3, batchSize: 16, patience: 0 };
  const tune = { ...TUNE_PRESETS.quick, hiddenSizes: [4, 8], learningRates: [0.01] };
  return expandSweep(tune, { lstm: small, gru: small })
    .slice(0, count)
    .map((c) => ({
      id: c.id,
      label: c.label,
      inputLength: 12,
      setup: modelSetup(c.cell, c.settings, { inputSize: 1, outputSize: 1 }),
    }));
}

const cpu: EngineProvider = oneByOne({
  createModel: (config, optimizer, weights) => createCpuModel(config, optimizer, weights),
  recover: async () => 'not used',
});

async function runSweep(
  values: number[],
  models: TuneModel[],
  engines = cpu,
  topK = 3,
  classical: readonly BaselineFitter[] = [],
) {
  const data = await preparedSeries(values, 1);
  const messages: FromWorker[] = [];
  const session = new TuneSession(9, new Map([[12, data]]), models, topK, engines, (m) => messages.push(m), {
    now: () => performance.now(),
    yieldToEvents: async () => {},
    flushMs: 0,
    classical,
  });
  await session.run();
  const finished = messages.find((m) => m.type === 'tune-finished');
  if (finished?.type !== 'tune-finished') throw new Error('no result');
  return { result: finished.result as TuneResult, messages, data };
}

describe('TuneSession', () => {
  test('trains every model, reports each one’s validation curve, ensembles the best three', async () => {
    const { result, messages, data } = await runSweep(series, sweepModels());
    const progress = messages.filter((m) => m.type === 'tune-progress');
    expect(progress.length).toBeGreaterThan(1);
    const last = progress[progress.length - 1];
    if (last.type !== 'tune-progress') throw new Error();
    expect(last.entries.map((e) => e.id)).toEqual([0, 1, 2, 3]);
    for (const e of last.entries) {
      expect(e.status).toBe('finished');
      expect(e.valCurve).toHaveLength(3);
      expect(e.bestVal).toBe(Math.min(...e.valCurve));
    }
    expect(result.ranking).toHaveLength(4);
    expect(result.members).toEqual(result.ranking.slice(0, 3));
    // on the CPU engine every model trains alone
    const started = messages.find((m) => m.type === 'tune-started');
    if (started?.type !== 'tune-started') throw new Error('no start');
    expect(started.engine.kind).toBe('cpu');
    expect(started.groups).toEqual([1, 1, 1, 1]);
    const W = data.windows.test.count;
    for (const ensemble of result.ensembles) {
      expect(ensemble.testPredictions).toHaveLength(W);
      expect(Number.isFinite(ensemble.metrics.mase)).toBe(true);
    }
    expect(result.ensembles.map((e) => e.kind)).toEqual(['mean', 'median']);
    // the band holds every member's forecast
    for (const m of result.memberMetrics)
      for (let i = 0; i < result.spreadLower.length; i++) {
        expect(m.forecast[i]).toBeGreaterThanOrEqual(result.spreadLower[i]);
        expect(m.forecast[i]).toBeLessThanOrEqual(result.spreadUpper[i]);
      }
  });

  test('the classical baselines are scored on the sweep’s test windows, beside its ensembles', async () => {
    const { result, data } = await runSweep(series, sweepModels(2), cpu, 2, [theta]);
    expect(result.baselines?.map((b) => b.name)).toEqual(['Theta']);
    const [row] = result.baselines!;
    expect(row.testPredictions).toHaveLength(data.windows.test.count);
    expect(Number.isFinite(row.metrics.mase)).toBe(true);
    expect(row.forecast).toBeUndefined(); // test scores only: the sweep draws no classical forecast
  });

  test('the ranking never reads the test part: poisoned test values leave it unchanged', async () => {
    const clean = await runSweep(series, sweepModels());
    const poisoned = series.map((v, t) => (t >= 136 ? v * 100 + 1e4 : v));
    const data = await preparedSeries(poisoned, 1);
    expect(data.splits.test.start).toBeLessThanOrEqual(136);
    expect(data.splits.val.end).toBeLessThanOrEqual(136);
    const dirty = await runSweep(poisoned, sweepModels());
    expect(dirty.result.ranking).toEqual(clean.result.ranking);
    // ... while the test metrics, read after the ranking, do see the poison
    expect(dirty.result.ensembles[0].metrics.rmse).toBeGreaterThan(
      100 * clean.result.ensembles[0].metrics.rmse,
    );
  });

  test('window lengths: each model trains on data prepared for its window; all are ranked and ensembled together', async () => {
    const long = await preparedSeries(series, 1, 12);
    const short = await preparedSeries(series, 1, 6);
    const models = sweepModels(4).map((m, i) => ({ ...m, inputLength: i % 2 === 0 ? 12 : 6 }));
    const messages: FromWorker[] = [];
    const session = new TuneSession(
      4,
      new Map([
        [12, long],
        [6, short],
      ]),
      models,
      4,
      cpu,
      (m) => messages.push(m),
      { now: () => performance.now(), yieldToEvents: async () => {} },
    );
    await session.run();
    const finished = messages.find((m) => m.type === 'tune-finished');
    if (finished?.type !== 'tune-finished') throw new Error('no result');
    // the same test windows whatever the window length, so every model is a member
    expect(finished.result.members).toHaveLength(4);
    expect(finished.result.ensembles[0].testPredictions).toHaveLength(long.windows.test.count);
    const started = messages.find((m) => m.type === 'tune-started');
    expect(started?.type === 'tune-started' && started.context.windowLength).toBe(12);
  });

  test('a model whose loss becomes NaN is marked diverged and left out; the rest finish', async () => {
    let made = 0;
    const engines = oneByOne({
      async createModel(config, optimizer, weights) {
        const id = made++;
        if (id === 1)
          return new ScriptedModel(config, optimizer, { trainLoss: (step) => (step >= 2 ? Number.NaN : 1) });
        return createCpuModel(config, optimizer, weights);
      },
      recover: async () => 'not used',
    });
    const { result, messages } = await runSweep(series, sweepModels(3), engines, 2);
    const last = messages.filter((m) => m.type === 'tune-progress').at(-1);
    if (last?.type !== 'tune-progress') throw new Error();
    expect(last.entries.map((e) => e.status)).toEqual(['finished', 'diverged', 'finished']);
    expect(result.ranking[2]).toBe(1);
    expect(result.members).not.toContain(1);
    expect(result.members).toHaveLength(2);
  });

  test('a member that cannot be scored is a notice of the sweep (not of a run); the rest are ensembled', async () => {
    let made = 0;
    const engines = oneByOne({
      async createModel(config, optimizer, weights) {
        const model = await createCpuModel(config, optimizer, weights);
        if (made++ === 0)
          model.setWeights = async () => {
            throw new Error('its weights are gone');
          };
        return model;
      },
      recover: async () => 'not used',
    });
    const models = sweepModels(3);
    const { result, messages } = await runSweep(series, models, engines, 3);
    const notices = messages.filter((m) => m.type === 'tune-notice' || m.type === 'notice');
    expect(notices).toEqual([
      {
        type: 'tune-notice',
        runId: 9,
        failure: {
          kind: 'training-failed',
          model: null,
          message: `${models[0].label}: its weights are gone`,
        },
      },
    ]);
    expect(notices.map((m) => MESSAGE_SCOPE[m.type])).toEqual(['sweep']);
    expect(result.memberMetrics.map((m) => m.id)).not.toContain(0);
  });
});

const GPU_INFO = { ...FAKE_INFO, kind: 'webgpu' as const, description: 'scripted GPU' };

/** An LSTM of 2 × 8 units, 2 epochs, batch 16, window 12, seed 100 + id, with `change` applied. */
function spec(id: number, change: Partial<ModelSettings> = {}, inputLength = 12): TuneModel {
  const settings: ModelSettings = {
    ...DEFAULT_MODEL_SETTINGS,
    numLayers: 2,
    hiddenSize: 8,
    epochs: 2,
    batchSize: 16,
    patience: 0,
    seed: 100 + id,
    ...change,
  };
  const setup = modelSetup('lstm', settings, { inputSize: 1, outputSize: 1 });
  return { id, label: `model ${id}`, inputLength, setup };
}

/**
 * A WebGPU-like engine of scripted models. It records every createModels call, every model built alone,
 * and each train step: the seed of the model, the batch's T and B, and its tick (a tick ends when the
 * microtasks queued in it run, so steps called in one tick could share one batched step).
 */
function scriptedGpu(batching: 'works' | 'fails' = 'works') {
  const batched: ModelConfig[][] = [];
  const alone: ModelConfig[] = [];
  const steps: { seed: number; T: number; B: number; tick: number }[] = [];
  let tick = 0;
  let tickOpen = false;
  const model = (config: ModelConfig, optimizer: OptimizerConfig) => {
    const m = new ScriptedModel(config, optimizer, { info: GPU_INFO });
    const trainStep = m.trainStep.bind(m);
    m.trainStep = (batch: Batch) => {
      steps.push({ seed: config.seed, T: batch.timeSteps, B: batch.batchSize, tick });
      if (!tickOpen) {
        tickOpen = true;
        queueMicrotask(() => {
          tick++;
          tickOpen = false;
        });
      }
      return trainStep(batch);
    };
    return m;
  };
  const engines: EngineProvider = {
    async createModel(config, optimizer) {
      alone.push(config);
      return model(config, optimizer);
    },
    async createModels(configs, optimizers) {
      batched.push(configs);
      if (batching === 'fails') throw new Error('out of memory for a batched model');
      return configs.map((config, k) => model(config, optimizers[k]));
    },
    recover: async () => 'not used',
  };
  return { engines, batched, alone, steps };
}

/** Runs a sweep on data prepared for windows of 12 and 6 steps. */
async function runGrouped(models: TuneModel[], engines: EngineProvider) {
  const datasets = new Map([
    [12, await preparedSeries(series, 1, 12)],
    [6, await preparedSeries(series, 1, 6)],
  ]);
  const messages: FromWorker[] = [];
  const session = new TuneSession(5, datasets, models, 2, engines, (m) => messages.push(m), {
    now: () => performance.now(),
    yieldToEvents: async () => {},
    flushMs: 0,
  });
  await session.run();
  const started = messages.find((m) => m.type === 'tune-started');
  const finished = messages.find((m) => m.type === 'tune-finished');
  const last = messages.filter((m) => m.type === 'tune-progress').at(-1);
  if (
    started?.type !== 'tune-started' ||
    finished?.type !== 'tune-finished' ||
    last?.type !== 'tune-progress'
  )
    throw new Error('the sweep did not run');
  return { started, result: finished.result, entries: last.entries, trainWindows: datasets.get(12)!.windows };
}

describe('batched groups', () => {
  test('seed, learning rate and dropout may differ in a group; hidden size, window and batch size may not', async () => {
    const gpu = scriptedGpu();
    const models = [
      spec(0),
      spec(1, { lr: 0.003, dropout: 0.2 }),
      spec(2, { hiddenSize: 16 }),
      spec(3, {}, 6),
      spec(4, { batchSize: 32 }),
      spec(5, { lr: 0.1 }),
      // both larger than the train windows: each trains on batches of all of them
      spec(6, { batchSize: 1000 }),
      spec(7, { batchSize: 2000 }),
    ];
    const { started, entries, trainWindows } = await runGrouped(models, gpu.engines);
    expect(trainWindows.train.count).toBeLessThan(1000);
    expect(gpu.batched.map((configs) => configs.map((c) => c.seed - 100))).toEqual([
      [0, 1, 5],
      [2],
      [3],
      [4],
      [6, 7],
    ]);
    expect(gpu.batched[0].map((c) => c.dropout)).toEqual([0, 0.2, 0]);
    expect(gpu.alone).toEqual([]);
    expect(started.groups).toEqual([3, 1, 1, 1, 2]);
    expect(started.engine.kind).toBe('webgpu');
    // the models keep the specs' order, and each model trains on its own spec's batches
    expect(entries.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(entries.every((e) => e.status === 'finished')).toBe(true);
    const shapes = (id: number) =>
      new Set(gpu.steps.filter((s) => s.seed === 100 + id).map((s) => `${s.T}×${s.B}`));
    expect(shapes(0)).toEqual(new Set(['12×16']));
    expect(shapes(3)).toEqual(new Set(['6×16']));
    expect(shapes(4)).toEqual(new Set(['12×32']));
    expect(shapes(7)).toEqual(new Set([`12×${trainWindows.train.count}`]));
  });

  test('every round steps all training models, of every group, in one tick', async () => {
    const gpu = scriptedGpu();
    await runGrouped(
      [spec(0), spec(1, { hiddenSize: 16 }), spec(2), spec(3, { batchSize: 32 })],
      gpu.engines,
    );
    expect(gpu.batched.map((configs) => configs.length)).toEqual([2, 1, 1]);
    const ticks = Math.max(...gpu.steps.map((s) => s.tick)) + 1;
    const inTick = (tick: number) => gpu.steps.filter((s) => s.tick === tick).map((s) => s.seed - 100);
    // a tick per round: as many ticks as the longest-training model has steps
    const stepsOf = (id: number) => gpu.steps.filter((s) => s.seed === 100 + id).length;
    expect(ticks).toBe(Math.max(...[0, 1, 2, 3].map(stepsOf)));
    // the batch-32 model finishes first; until then, every round holds all four
    expect(stepsOf(3)).toBeGreaterThan(1);
    for (let tick = 0; tick < stepsOf(3); tick++) expect(inTick(tick)).toEqual([0, 1, 2, 3]);
    expect(inTick(ticks - 1)).toEqual([0, 1, 2]);
  });

  test('when a batched model cannot be built, its models are built one by one and the sweep runs', async () => {
    const gpu = scriptedGpu('fails');
    const { started, entries, result } = await runGrouped(
      [spec(0), spec(1, { lr: 0.003 }), spec(2, { hiddenSize: 16 })],
      gpu.engines,
    );
    expect(gpu.batched.map((configs) => configs.length)).toEqual([2, 1]);
    expect(gpu.alone.map((c) => c.seed - 100)).toEqual([0, 1, 2]);
    expect(started.groups).toEqual([1, 1, 1]);
    expect(entries.map((e) => [e.id, e.status])).toEqual([
      [0, 'finished'],
      [1, 'finished'],
      [2, 'finished'],
    ]);
    expect(result.ranking).toHaveLength(3);
  });

  test('without a GPU, models asked for together are separate CPU models', async () => {
    const engines = await createWorkerEngines('cpu', null, null);
    const setups = [spec(0).setup, spec(1, { lr: 0.003 }).setup];
    const models = await engines.createModels(
      setups.map((s) => s.config),
      setups.map((s) => s.optimizer),
    );
    expect(models).toHaveLength(2);
    expect(models.map((m) => m.info.kind)).toEqual(['cpu', 'cpu']);
    expect(models[0]).not.toBe(models[1]);
  });
});

describe('the grouping line on the page', () => {
  test('batched groups on WebGPU, one after another on the CPU', () => {
    expect(batchingText([5, 3], 'webgpu')).toBe(
      '8 models in 2 batched groups (5 + 3), trained in the same dispatches.',
    );
    expect(batchingText([8], 'webgpu')).toBe(
      '8 models in one batched group, trained in the same dispatches.',
    );
    expect(batchingText([4, 1, 2], 'webgpu')).toBe(
      '7 models in 3 groups (4 + 1 + 2); the models of a group train in the same dispatches.',
    );
    expect(batchingText([1, 1, 1], 'webgpu')).toBe(
      '3 models, each trained on its own on WebGPU (none could be batched).',
    );
    expect(batchingText([1], 'webgpu')).toBe('1 model, trained on its own on WebGPU.');
    expect(batchingText([1, 1, 1, 1], 'cpu')).toBe('4 models, trained one after another on the CPU engine.');
  });
});
