// A tuning sweep on the WebGPU engine, end to end in the worker's TuneSession: same-shape models train as batched
// groups, and the sweep comes out as it does with every model trained alone on the GPU — the same ranking, and
// every member's and ensemble's test metrics within 1e-4 relative (the same kernels on the same data).
import { describe, expect, it } from 'vitest';
import { countsBetween, installGpuCallCounter } from '../../bench/instrument';
import { DEFAULT_MODEL_SETTINGS, expandSweep, TUNE_PRESETS } from '../../src/config';
import { createGpuModel, createGpuModels } from '../../src/engine/gpu/model';
import { Scheduler } from '../../src/engine/gpu/scheduler';
import { modelSetup } from '../../src/store/modelSettings';
import type { EngineProvider } from '../../src/worker/engineProvider';
import type { FromWorker, TuneModel, TuneResult } from '../../src/worker/protocol';
import { TuneSession } from '../../src/worker/tune';
import { preparedSeries } from '../unit/seriesFixture';
import { testGpu } from './gpu';
import { relError } from './harness';

const series = Array.from({ length: 160 }, (_, t) => 20 + 0.05 * t + 3 * Math.sin((2 * Math.PI * t) / 12));

/** LSTM and GRU × 2 learning rates × 2 seeds, 8 hidden units, 3 epochs: two groups of four same-shape models. */
function sweepModels(): TuneModel[] {
  const small = { ...DEFAULT_MODEL_SETTINGS, epochs: 3, batchSize: 16, patience: 0 };
  const tune = { ...TUNE_PRESETS.quick, hiddenSizes: [8], learningRates: [0.01, 0.03], seeds: 2 };
  return expandSweep(tune, { lstm: small, gru: small }).map((c) => ({
    id: c.id,
    label: c.label,
    inputLength: 12,
    setup: modelSetup(c.cell, c.settings, { inputSize: 1, outputSize: 1 }),
  }));
}

async function sweep(batched: boolean) {
  const gpu = await testGpu();
  const scheduler = new Scheduler(gpu.device);
  const engines: EngineProvider = {
    createModel: (config, optimizer, weights) =>
      createGpuModel(gpu, config, optimizer, weights, { scheduler }),
    createModels: (configs, optimizers) =>
      batched
        ? createGpuModels(gpu, configs, optimizers, [], { scheduler })
        : Promise.all(configs.map((c, i) => createGpuModel(gpu, c, optimizers[i], undefined, { scheduler }))),
    recover: async () => 'not used',
  };
  const data = await preparedSeries(series, 1);
  const messages: FromWorker[] = [];
  const models = sweepModels();
  const counter = installGpuCallCounter();
  if (!counter) throw new Error('no WebGPU prototypes to count calls on');
  const before = counter.snapshot();
  const session = new TuneSession(1, new Map([[12, data]]), models, 3, engines, (m) => messages.push(m), {
    now: () => performance.now(),
    yieldToEvents: async () => {},
  });
  await session.run();
  const started = messages.find((m) => m.type === 'tune-started');
  const finished = messages.find((m) => m.type === 'tune-finished');
  if (started?.type !== 'tune-started' || finished?.type !== 'tune-finished') throw new Error('no sweep');
  const calls = countsBetween(before, counter.snapshot());
  return { groups: started.groups, result: finished.result as TuneResult, calls, models };
}

describe('a sweep on the WebGPU engine', () => {
  it('trains same-shape models as batched groups, with the results of models trained alone', async () => {
    const together = await sweep(true);
    const alone = await sweep(false);
    expect(together.models).toHaveLength(8);
    expect(together.groups).toEqual([4, 4]);
    // a round is the dispatches of two models instead of eight, and each epoch's evaluations join per group
    expect(together.calls.dispatches * 3).toBeLessThan(alone.calls.dispatches);
    expect(together.calls.submits).toBeLessThan(alone.calls.submits);
    expect(together.result.ranking).toEqual(alone.result.ranking);
    expect(together.result.members).toEqual(alone.result.members);
    together.result.memberMetrics.forEach((m, i) => {
      expect(relError([m.metrics.mase], [alone.result.memberMetrics[i].metrics.mase])).toBeLessThanOrEqual(
        1e-4,
      );
    });
    together.result.ensembles.forEach((e, i) => {
      expect(relError(e.testPredictions, alone.result.ensembles[i].testPredictions)).toBeLessThanOrEqual(
        1e-4,
      );
    });
  });
});
