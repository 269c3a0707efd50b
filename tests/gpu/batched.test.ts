import { describe, expect, it } from 'vitest';
import { createGpuModel, createGpuModels, type GpuModel } from '../../src/engine/gpu/model';
import { Scheduler } from '../../src/engine/gpu/scheduler';
import { mulberry32 } from '../../src/engine/random';
import { CpuModel } from '../../src/engine/reference/cpuModel';
import {
  type Batch,
  type CellKind,
  DEFAULT_OPTIMIZER,
  type ModelConfig,
  type OptimizerConfig,
} from '../../src/engine/types';
import { testGpu } from './gpu';
import { relError } from './harness';

// Batched models: K models of one shape held as one model, every kernel running all K in one dispatch.
// Trained together, each member must follow exactly the path it follows trained alone: the same losses and
// weights as K separate GPU models (≤ 1e-5 relative: the same kernels on the same data), and the Float64
// reference within the golden test's GPU-vs-reference tolerance (≤ 1e-3 relative, see golden.test.ts).
// The members differ in seed (initial weights and dropout masks), dropout rate and learning rate, and each
// trains on its own batches. Cases cover the three recurrence kernels: one row and unit per thread (B < 8),
// blocks of 4 rows × 4 units (B ≥ 8) and the per-step fallback.

const T = 5;
const B = 6;
const F = 2;
const O = 2;
const STEPS = 6;

function batchFor(member: number, step: number, batchSize = B): Batch {
  const B = batchSize;
  const rand = mulberry32(1000 * member + step + 1);
  const x = Float32Array.from({ length: B * T * F }, () => rand() * 2 - 1);
  const y = Float32Array.from({ length: B * O }, () => rand() * 2 - 1);
  return { x, y, batchSize: B, timeSteps: T };
}

function membersOf(cell: CellKind, K: number): { configs: ModelConfig[]; optimizers: OptimizerConfig[] } {
  const dropouts = [0.25, 0, 0.4];
  const lrs = [0.01, 0.03, 0.005];
  const configs = Array.from({ length: K }, (_, m) => ({
    cell,
    inputSize: F,
    hiddenSize: 6,
    numLayers: 2,
    outputSize: O,
    dropout: dropouts[m],
    seed: 40 + m,
  }));
  const optimizers = lrs.slice(0, K).map((lr) => ({ ...DEFAULT_OPTIMIZER, lr, clipNorm: 1 }));
  return { configs, optimizers };
}

/** Steps every member `STEPS` times, all members together in each step; returns each member's losses. */
async function trainTogether(models: GpuModel[], batchSize: number): Promise<number[][]> {
  const losses: number[][] = models.map(() => []);
  for (let s = 0; s < STEPS; s++) {
    const results = await Promise.all(models.map((model, m) => model.trainStep(batchFor(m, s, batchSize))));
    results.forEach((r, m) => {
      losses[m].push(r.loss);
    });
  }
  return losses;
}

const CASES: { cell: CellKind; K: number; B: number; perStep?: boolean }[] = [
  { cell: 'lstm', K: 1, B },
  { cell: 'lstm', K: 3, B },
  { cell: 'gru', K: 1, B },
  { cell: 'gru', K: 3, B },
  { cell: 'lstm', K: 3, B: 9 },
  { cell: 'gru', K: 3, B: 9 },
  { cell: 'lstm', K: 3, B, perStep: true },
  { cell: 'gru', K: 3, B, perStep: true },
];

describe.each(CASES)('batched $cell, K = $K, B = $B, per-step $perStep', ({ cell, K, B, perStep }) => {
  it('trains each member as it trains alone, on the GPU (1e-5) and in the reference (1e-3)', async () => {
    const gpu = await testGpu();
    const { configs, optimizers } = membersOf(cell, K);
    const scheduler = new Scheduler(gpu.device);
    const path = perStep ? ({ forceRecurrencePath: 'per-step' } as const) : {};
    const batched = await createGpuModels(gpu, configs, optimizers, [], { scheduler, ...path });
    expect(batched[0].info.path).toMatch(perStep ? /per-step/ : /fused/);
    const submitsBefore = scheduler.submits;
    const together = await trainTogether(batched, B);
    // one submit per joint step, whatever K
    expect(scheduler.submits - submitsBefore).toBe(STEPS);

    for (let m = 0; m < K; m++) {
      const alone = await createGpuModel(gpu, configs[m], optimizers[m], undefined, path);
      const cpu = new CpuModel(configs[m], optimizers[m], await alone.getWeights());
      for (let s = 0; s < STEPS; s++) {
        const batch = batchFor(m, s, B);
        const a = await alone.trainStep(batch);
        const c = await cpu.trainStep(batch);
        expect(relError([together[m][s]], [a.loss])).toBeLessThanOrEqual(1e-5);
        expect(relError([together[m][s]], [c.loss])).toBeLessThanOrEqual(1e-3);
      }
      const weights = await batched[m].getWeights();
      expect(relError(weights, await alone.getWeights())).toBeLessThanOrEqual(1e-5);
      expect(relError(weights, await cpu.getWeights())).toBeLessThanOrEqual(1e-3);
      // the batched model runs the dispatches of one model
      expect(batched[m].info.dispatchesPerStep).toBe(alone.info.dispatchesPerStep);
      // evaluation and the optimiser state are the member's own
      const probe = batchFor(m, 99, B);
      expect(relError([await batched[m].evaluate(probe)], [await alone.evaluate(probe)])).toBeLessThanOrEqual(
        1e-5,
      );
      const state = await batched[m].getOptimizerState();
      expect(state.step).toBe(STEPS);
      expect(relError(state.buffers[1], (await alone.getOptimizerState()).buffers[1])).toBeLessThanOrEqual(
        1e-5,
      );
      alone.dispose();
    }
    for (const model of batched) model.dispose();
  });
});

describe('batched members', () => {
  it('a member left out of a joint step keeps its weights, optimiser state and step count', async () => {
    const gpu = await testGpu();
    const { configs, optimizers } = membersOf('lstm', 3);
    const models = await createGpuModels(gpu, configs, optimizers);
    await Promise.all(models.map((model, m) => model.trainStep(batchFor(m, 0))));
    const before = await models[1].getWeights();
    const stateBefore = await models[1].getOptimizerState();
    await Promise.all([models[0].trainStep(batchFor(0, 1)), models[2].trainStep(batchFor(2, 1))]);
    expect(Array.from(await models[1].getWeights())).toEqual(Array.from(before));
    const stateAfter = await models[1].getOptimizerState();
    expect(stateAfter.step).toBe(1);
    expect(Array.from(stateAfter.buffers[0])).toEqual(Array.from(stateBefore.buffers[0]));
    expect(models[0].steps).toBe(2);
    for (const model of models) model.dispose();
  });

  it('members evaluating in one tick share one forward submit, each with its own loss and predictions', async () => {
    const gpu = await testGpu();
    const { configs, optimizers } = membersOf('gru', 3);
    const models = await createGpuModels(gpu, configs, optimizers);
    await Promise.all(models.map((model, m) => model.trainStep(batchFor(m, 0))));
    const probes = models.map((_, m) => batchFor(m, 50));
    const alone: number[] = [];
    for (const [m, model] of models.entries()) alone.push(await model.evaluate(probes[m]));
    const queue = gpu.device.queue;
    const submit = queue.submit.bind(queue);
    let submits = 0;
    queue.submit = (buffers) => {
      submits++;
      return submit(buffers);
    };
    try {
      const together = await Promise.all(models.map((model, m) => model.evaluate(probes[m])));
      expect(submits).toBe(1 + 2); // the forward pass, then the predictions' and the stats' readbacks
      expect(together).toEqual(alone);
      const preds = await Promise.all(models.map((model, m) => model.predict(probes[m].x, B, T)));
      expect(preds.map((p) => p.length)).toEqual([B * O, B * O, B * O]);
      expect(Array.from(preds[1])).toEqual(Array.from(await models[1].predict(probes[1].x, B, T)));
      expect(Array.from(preds[0])).not.toEqual(Array.from(preds[1]));
    } finally {
      queue.submit = submit;
    }
    for (const model of models) model.dispose();
  });

  it('a member whose loss turns NaN does not touch the others', async () => {
    const gpu = await testGpu();
    const { configs, optimizers } = membersOf('gru', 3);
    const models = await createGpuModels(gpu, configs, optimizers);
    const poisoned = batchFor(1, 0);
    poisoned.y[0] = Number.NaN;
    const results = await Promise.all([
      models[0].trainStep(batchFor(0, 0)),
      models[1].trainStep(poisoned),
      models[2].trainStep(batchFor(2, 0)),
    ]);
    expect(Number.isNaN(results[1].loss)).toBe(true);
    expect(Number.isFinite(results[0].loss) && Number.isFinite(results[2].loss)).toBe(true);
    for (const m of [0, 2]) {
      const weights = await models[m].getWeights();
      expect(weights.every(Number.isFinite)).toBe(true);
    }
    for (const model of models) model.dispose();
  });

  it('refuses members that differ in more than seed, dropout and learning rate', async () => {
    const gpu = await testGpu();
    const { configs, optimizers } = membersOf('lstm', 2);
    await expect(
      createGpuModels(gpu, [configs[0], { ...configs[1], hiddenSize: 7 }], optimizers),
    ).rejects.toThrow(/model 2 differs from model 1/);
    await expect(
      createGpuModels(gpu, configs, [optimizers[0], { ...optimizers[1], kind: 'sgd' }]),
    ).rejects.toThrow(/model 2 differs/);
  });

  it('refuses to step members together on batches of different shapes', async () => {
    const gpu = await testGpu();
    const { configs, optimizers } = membersOf('gru', 2);
    const models = await createGpuModels(gpu, configs, optimizers);
    const short = { ...batchFor(1, 0), timeSteps: T - 1, x: new Float32Array(B * (T - 1) * F) };
    const [first, second] = await Promise.allSettled([
      models[0].trainStep(batchFor(0, 0)),
      models[1].trainStep(short),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(String((second as PromiseRejectedResult).reason)).toMatch(/batches of one shape/);
    for (const model of models) model.dispose();
  });
});
