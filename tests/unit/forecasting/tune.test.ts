// Tuning sweeps: the expansion of a sweep into models, training them together, the ranking on validation
// only (a poisoned test part changes nothing), diverged models set aside, and the ensembles.
import { describe, expect, test } from 'vitest';
import { DEFAULT_MODEL_SETTINGS, expandSweep, TUNE_PRESETS, tuneProblem } from '../../../src/config';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { modelSetup } from '../../../src/store/modelSettings';
import { sampleCost, sweepEstimate } from '../../../src/store/tuneSlice';
import type { FromWorker, TuneModel, TuneResult } from '../../../src/worker/protocol';
import type { EngineProvider } from '../../../src/worker/session';
import { combine, rankByValidation, TuneSession } from '../../../src/worker/tune';
import { preparedSeries } from '../seriesFixture';
import { ScriptedModel } from '../sessionFixtures';

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
    expect(tuneProblem({ ...TUNE_PRESETS.quick, cells: [] }, 0)).toBe('Choose LSTM, GRU or both.');
    expect(tuneProblem({ ...TUNE_PRESETS.quick, hiddenSizes: [0] }, 4)).toMatch(/^Hidden size 0: /);
    expect(tuneProblem(TUNE_PRESETS.quick, 65)).toMatch(/more than 64/);
    expect(tuneProblem(TUNE_PRESETS.quick, 8)).toBeNull();
  });
});

describe('the estimate shown before a sweep starts', () => {
  const shape = { inputSize: 1, windowLength: 24, trainWindows: 320 };
  test('from the last run’s step time: a same-size model costs that step time per step, plus its setup', () => {
    const sweep = expandSweep(
      { ...TUNE_PRESETS.quick, cells: ['lstm'], learningRates: [0.01], hiddenSizes: [32] },
      base,
    );
    expect(sweep).toHaveLength(1);
    // 32 samples per step at 3,200 samples/s: 10 ms a step; 60 epochs × 10 steps
    const lastRun = { cell: 'lstm' as const, hidden: 32, layers: 1, batchSize: 32, samplesPerSec: 3200 };
    const one = sweepEstimate(sweep, shape, lastRun);
    expect(one.measured).toBe(true);
    expect(one.ms).toBeCloseTo(300 + 600 * 10, 6);
    // a model with twice the multiply-adds costs 1.5× the step time (half fixed, half proportional)
    expect(sampleCost('lstm', 64, 1, 1, 24)).toBeGreaterThan(2 * sampleCost('lstm', 32, 1, 1, 24));
    const eight = sweepEstimate(expandSweep(TUNE_PRESETS.quick, base), shape, lastRun);
    expect(eight.ms).toBeGreaterThan(8 * 300);
  });

  test('before any run, a rough default that still grows with the sweep', () => {
    const quick = sweepEstimate(expandSweep(TUNE_PRESETS.quick, base), shape, null);
    const thorough = sweepEstimate(expandSweep(TUNE_PRESETS.thorough, base), shape, null);
    expect(quick.measured).toBe(false);
    expect(thorough.ms).toBeGreaterThan(2 * quick.ms);
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

const cpu: EngineProvider = {
  createModel: (config, optimizer, weights) => createCpuModel(config, optimizer, weights),
  recover: async () => 'not used',
};

async function runSweep(values: number[], models: TuneModel[], engines = cpu, topK = 3) {
  const data = await preparedSeries(values, 1);
  const messages: FromWorker[] = [];
  const session = new TuneSession(9, new Map([[12, data]]), models, topK, engines, (m) => messages.push(m), {
    now: () => performance.now(),
    yieldToEvents: async () => {},
    flushMs: 0,
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
    const engines: EngineProvider = {
      async createModel(config, optimizer, weights) {
        const id = made++;
        if (id === 1)
          return new ScriptedModel(config, optimizer, { trainLoss: (step) => (step >= 2 ? Number.NaN : 1) });
        return createCpuModel(config, optimizer, weights);
      },
      recover: async () => 'not used',
    };
    const { result, messages } = await runSweep(series, sweepModels(3), engines, 2);
    const last = messages.filter((m) => m.type === 'tune-progress').at(-1);
    if (last?.type !== 'tune-progress') throw new Error();
    expect(last.entries.map((e) => e.status)).toEqual(['finished', 'diverged', 'finished']);
    expect(result.ranking[2]).toBe(1);
    expect(result.members).not.toContain(1);
    expect(result.members).toHaveLength(2);
  });
});
