import { describe, expect, it } from 'vitest';
import { createGpuModel } from '../../src/engine/gpu/model';
import { mulberry32 } from '../../src/engine/random';
import { CpuModel } from '../../src/engine/reference/cpuModel';
import { initParams } from '../../src/engine/reference/model';
import {
  type Batch,
  type CellKind,
  DEFAULT_OPTIMIZER,
  type ModelConfig,
  type OptimizerConfig,
} from '../../src/engine/types';
import { testGpu } from './gpu';
import { relError } from './harness';

// GpuModel end to end against CpuModel: optimisers other than Adam, clipping, the per-step recurrence
// fallback, evaluate/predict (chunked), and weights/optimiser-state round trips.
// Tolerances: losses, gradient norms and weights 1e-3 relative; predictions 1e-4.

function batchFor(B: number, T: number, F: number, O: number, seed: number): Batch {
  const rand = mulberry32(seed);
  return {
    x: Float32Array.from({ length: B * T * F }, () => rand() * 2 - 1),
    y: Float32Array.from({ length: B * O }, () => rand() - 0.5),
    batchSize: B,
    timeSteps: T,
  };
}

function configFor(cell: CellKind, L: number, dropout = 0): ModelConfig {
  return { cell, inputSize: 2, hiddenSize: 5, numLayers: L, outputSize: 2, dropout, seed: 4 };
}

async function trackReference(
  config: ModelConfig,
  opt: OptimizerConfig,
  steps: number,
  options: Parameters<typeof createGpuModel>[4] = {},
) {
  const gpu = await testGpu();
  const weights = initParams(config);
  const model = await createGpuModel(gpu, config, opt, weights, options);
  const cpu = new CpuModel(config, opt, weights);
  const batches = [batchFor(4, 5, 2, 2, 1), batchFor(4, 5, 2, 2, 2)];
  const gpuResults = await Promise.all(
    Array.from({ length: steps }, (_, s) => model.trainStep(batches[s % 2])),
  );
  const cpuResults = Array.from({ length: steps }, (_, s) => cpu.trainStepNow(batches[s % 2]));
  return { model, cpu, gpuResults, cpuResults };
}

describe.each<[string, Partial<OptimizerConfig>]>([
  ['sgd with momentum', { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.01 }],
  ['rmsprop', { kind: 'rmsprop', lr: 0.01, alpha: 0.9 }],
  ['adam with clipping', { kind: 'adam', lr: 0.01, clipNorm: 0.05 }],
  ['sgd with clipping', { kind: 'sgd', lr: 0.2, clipNorm: 0.05 }],
])('%s', (_, overrides) => {
  it('tracks the reference for 6 steps (losses, grad norms, weights ≤ 1e-3)', async () => {
    const opt = { ...DEFAULT_OPTIMIZER, ...overrides };
    const { model, cpu, gpuResults, cpuResults } = await trackReference(configFor('gru', 2, 0.2), opt, 6);
    expect(
      relError(
        gpuResults.map((r) => r.loss),
        cpuResults.map((r) => r.loss),
      ),
    ).toBeLessThanOrEqual(1e-3);
    expect(
      relError(
        gpuResults.map((r) => r.gradNorm),
        cpuResults.map((r) => r.gradNorm),
      ),
    ).toBeLessThanOrEqual(1e-3);
    if (opt.clipNorm > 0) expect(cpuResults[0].gradNorm).toBeGreaterThan(opt.clipNorm); // clipping is active
    expect(relError(await model.getWeights(), cpu.weights64())).toBeLessThanOrEqual(1e-3);
    model.dispose();
  });
});

describe.each(['lstm', 'gru'] as CellKind[])('per-step recurrence fallback (%s)', (cell) => {
  it('trains end to end like the reference and reports why it was chosen', async () => {
    const opt = { ...DEFAULT_OPTIMIZER, lr: 0.01 };
    const { model, cpu, gpuResults, cpuResults } = await trackReference(configFor(cell, 2), opt, 4, {
      forceRecurrencePath: 'per-step',
    });
    expect(model.info.path).toBe('per-step path requested'); // the reason, as the UI shows it
    expect(model.info.kind).toBe('webgpu');
    // T = 5: one dispatch per time step and direction in each of the 2 layers, plus the 10 others.
    expect(model.info.dispatchesPerStep).toBe(2 * 2 * 5 + 8);
    expect(model.info.submitsPerStep).toBe(1);
    expect(
      relError(
        gpuResults.map((r) => r.loss),
        cpuResults.map((r) => r.loss),
      ),
    ).toBeLessThanOrEqual(1e-3);
    expect(relError(await model.getWeights(), cpu.weights64())).toBeLessThanOrEqual(1e-3);
    model.dispose();
  });
});

describe('evaluate, predict and state', () => {
  it('evaluate and predict use dropout off and split large batches into chunks', async () => {
    const gpu = await testGpu();
    const config = configFor('lstm', 2, 0.5);
    const weights = initParams(config);
    const model = await createGpuModel(gpu, config, DEFAULT_OPTIMIZER, weights, { maxBatch: 4 });
    const cpu = new CpuModel(config, DEFAULT_OPTIMIZER, weights);
    const big = batchFor(10, 5, 2, 2, 7); // chunks of 4, 4, 2
    expect(relError(await model.predict(big.x, 10, 5), await cpu.predict(big.x, 10, 5))).toBeLessThanOrEqual(
      1e-4,
    );
    expect(relError([await model.evaluate(big)], [await cpu.evaluate(big)])).toBeLessThanOrEqual(1e-4);
    model.dispose();
  });

  it('restore with the optimiser state continues exactly where another model stopped', async () => {
    const gpu = await testGpu();
    const config = configFor('gru', 1);
    const opt = { ...DEFAULT_OPTIMIZER, lr: 0.02 };
    const batch = batchFor(4, 5, 2, 2, 3);
    const a = await createGpuModel(gpu, config, opt);
    for (let s = 0; s < 3; s++) await a.trainStep(batch);
    const weights = await a.getWeights();
    const state = await a.getOptimizerState();
    expect(state.step).toBe(3);
    const b = await createGpuModel(gpu, config, opt);
    await b.restore(weights, state);
    const [ra, rb] = [await a.trainStep(batch), await b.trainStep(batch)];
    expect(rb.loss).toBe(ra.loss);
    expect(await b.getWeights()).toEqual(await a.getWeights());
    a.dispose();
    b.dispose();
  });

  it('rejects weights of the wrong length with a clear message', async () => {
    const gpu = await testGpu();
    const model = await createGpuModel(gpu, configFor('lstm', 1), DEFAULT_OPTIMIZER);
    await expect(model.setWeights(new Float32Array(3))).rejects.toThrow(/expected \d+ weights/);
    const bad = { x: new Float32Array(5), y: new Float32Array(2), batchSize: 2, timeSteps: 3 };
    await expect(model.trainStep(bad)).rejects.toThrow(/x has 5 values; a batch of 2×3×2 needs 12/);
    expect(model.steps).toBe(0); // a rejected batch does not count as a step
    model.dispose();
  });
});
