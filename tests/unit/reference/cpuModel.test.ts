import { describe, expect, it } from 'vitest';
import { noisySine, windowBatch } from '../../../bench/synthetic';
import { paramCount } from '../../../src/engine/layout';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { mseLoss } from '../../../src/engine/reference/dense';
import { initParams } from '../../../src/engine/reference/model';
import { DEFAULT_OPTIMIZER, type ModelConfig } from '../../../src/engine/types';

const config: ModelConfig = {
  cell: 'lstm',
  inputSize: 2,
  hiddenSize: 5,
  numLayers: 2,
  outputSize: 3,
  dropout: 0.3,
  seed: 11,
};
const T = 6;
const series = noisySine({ length: 60, features: 2, seed: 1 });
const batch = windowBatch(series, 2, T, 3, [0, 5, 9, 20, 33]);

describe('CpuModel', () => {
  it('describes itself as the CPU reference', async () => {
    const model = await createCpuModel(config, DEFAULT_OPTIMIZER);
    expect(model.info).toEqual({
      kind: 'cpu',
      description: 'CPU reference (Float64)',
      path: 'reference',
      dispatchesPerStep: 0,
      submitsPerStep: 0,
    });
  });

  it('starts from initParams and round-trips its weights as Float32', async () => {
    const model = await createCpuModel(config, DEFAULT_OPTIMIZER);
    expect(await model.getWeights()).toEqual(initParams(config));
    const other = initParams({ ...config, seed: 99 });
    await model.setWeights(other);
    expect(await model.getWeights()).toEqual(other);
    await expect(model.setWeights(new Float32Array(3))).rejects.toThrow(
      `expected ${paramCount(config)} weights for this model, got 3`,
    );
  });

  it('evaluates the MSE of its own predictions, without dropout, and without changing weights', async () => {
    const model = await createCpuModel(config, DEFAULT_OPTIMIZER);
    const pred = await model.predict(batch.x, batch.batchSize, T);
    expect(pred).toHaveLength(batch.batchSize * config.outputSize);
    const loss = await model.evaluate(batch);
    expect(loss).toBeCloseTo(mseLoss(pred, batch.y), 6);
    expect(await model.evaluate(batch)).toBe(loss);
    expect(await model.getWeights()).toEqual(initParams(config));
  });

  it('trains: the step reports the pre-update loss and a norm, and the weights move', async () => {
    const model = await createCpuModel({ ...config, dropout: 0 }, { ...DEFAULT_OPTIMIZER, lr: 0.01 });
    const before = await model.evaluate(batch);
    const first = await model.trainStep(batch);
    expect(first.loss).toBeCloseTo(before, 12);
    expect(first.gradNorm).toBeGreaterThan(0);
    for (let i = 0; i < 30; i++) await model.trainStep(batch);
    expect(await model.evaluate(batch)).toBeLessThan(before / 2);
  });

  it.each(['adam', 'sgd', 'rmsprop'] as const)(
    'restores weights and %s state taken from another model: the next steps match to Float32 rounding',
    async (kind) => {
      const opt = { ...DEFAULT_OPTIMIZER, kind, lr: 0.01, momentum: kind === 'sgd' ? 0.9 : 0 };
      const plain = { ...config, dropout: 0 };
      const a = await createCpuModel(plain, opt);
      for (let i = 0; i < 3; i++) await a.trainStep(batch);
      const weights = await a.getWeights();
      const state = await a.getOptimizerState();
      expect(state.step).toBe(3);
      expect(state.buffers).toHaveLength(kind === 'adam' ? 2 : 1);
      // a model restarted from the weights alone takes a different step: the moments matter
      const b = await createCpuModel(plain, opt);
      await b.restore(weights, state);
      const cold = await createCpuModel(plain, opt, weights);
      await a.setWeights(weights); // a's weights in Float32 too, as b and cold got them
      const [ra, rb] = [await a.trainStep(batch), await b.trainStep(batch)];
      await cold.trainStep(batch);
      expect(rb.loss).toBeCloseTo(ra.loss, 6);
      const [wa, wb, wc] = [await a.getWeights(), await b.getWeights(), await cold.getWeights()];
      const gap = (x: Float32Array, y: Float32Array) => Math.max(...x.map((v, i) => Math.abs(v - y[i])));
      expect(gap(wa, wb)).toBeLessThan(1e-6);
      expect(gap(wa, wc)).toBeGreaterThan(1e-5);
    },
  );

  it('draws a new dropout mask each step, reproducibly from the seed', async () => {
    const run = async () => {
      const model = await createCpuModel(config, DEFAULT_OPTIMIZER);
      const losses = [];
      for (let i = 0; i < 3; i++) losses.push((await model.trainStep(batch)).loss);
      return { losses, weights: await model.getWeights() };
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    // With dropout the training loss differs from the dropout-free evaluation of the same weights.
    const model = await createCpuModel(config, DEFAULT_OPTIMIZER);
    expect((await model.trainStep(batch)).loss).not.toBeCloseTo(
      await (await createCpuModel(config, DEFAULT_OPTIMIZER)).evaluate(batch),
      6,
    );
  });

  it('clips the update to the global norm', async () => {
    const plain = await createCpuModel(
      { ...config, dropout: 0 },
      { ...DEFAULT_OPTIMIZER, kind: 'sgd', lr: 0.1 },
    );
    const clipped = await createCpuModel(
      { ...config, dropout: 0 },
      { ...DEFAULT_OPTIMIZER, kind: 'sgd', lr: 0.1, clipNorm: 1e-3 },
    );
    const start = initParams(config);
    const { gradNorm } = await plain.trainStep(batch);
    await clipped.trainStep(batch);
    const stepSize = (w: Float64Array) => Math.hypot(...w.map((v, i) => v - start[i]));
    expect(gradNorm).toBeGreaterThan(1e-2); // so the clip at 1e-3 is active
    expect(stepSize(plain.weights64()) / (0.1 * gradNorm)).toBeCloseTo(1, 9);
    expect(stepSize(clipped.weights64()) / (0.1 * 1e-3)).toBeCloseTo(1, 4);
  });
});
