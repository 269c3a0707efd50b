import { describe, expect, it } from 'vitest';
import { recursiveForecast } from '../../../src/engine/forecast';
import { CPU_ENGINE_INFO, createCpuModel } from '../../../src/engine/reference/cpuModel';
import { DEFAULT_OPTIMIZER, type ForecastModel, type ModelConfig } from '../../../src/engine/types';

/**
 * A model whose forecast is easy to follow: for each step s of its horizon and target j it
 * predicts (last value of input column j) + s + 1, and it records the windows it saw.
 */
function countingModel(
  F: number,
  targets: number,
  horizon: number,
): ForecastModel & { seen: Float32Array[] } {
  const config: ModelConfig = {
    cell: 'lstm',
    inputSize: F,
    hiddenSize: 1,
    numLayers: 1,
    outputSize: horizon * targets,
    dropout: 0,
    seed: 0,
  };
  const seen: Float32Array[] = [];
  return {
    config,
    optimizer: DEFAULT_OPTIMIZER,
    info: CPU_ENGINE_INFO,
    seen,
    trainStep: async () => ({ loss: 0, gradNorm: 0 }),
    evaluate: async () => 0,
    predict: async (x, _b, T) => {
      seen.push(x.slice());
      const out = new Float32Array(horizon * targets);
      for (let s = 0; s < horizon; s++)
        for (let j = 0; j < targets; j++) out[s * targets + j] = x[(T - 1) * F + j] + s + 1;
      return out;
    },
    getWeights: async () => new Float32Array(0),
    setWeights: async () => {},
    getOptimizerState: async () => ({ step: 0, buffers: [] }),
    restore: async () => {},
    dispose: () => {},
  };
}

describe('recursiveForecast', () => {
  const window = Float32Array.from([0, 1, 2, 3]); // (T=4, F=1)

  it('uses the direct outputs when the horizon covers the steps', async () => {
    const model = countingModel(1, 1, 3);
    const result = await recursiveForecast(model, window, 2, [0]);
    expect(result.mode).toBe('direct');
    expect(Array.from(result.values)).toEqual([4, 5]);
    expect(model.seen).toHaveLength(1);
  });

  it('feeds predictions back when the inputs are exactly the targets', async () => {
    const model = countingModel(1, 1, 2);
    const result = await recursiveForecast(model, window, 5, [0]);
    expect(result.mode).toBe('recursive');
    expect(result.produced).toBe(5);
    expect(Array.from(result.values)).toEqual([4, 5, 6, 7, 8]);
    // Second call sees the window moved on by the horizon: [2, 3, 4, 5].
    expect(Array.from(model.seen[1])).toEqual([2, 3, 4, 5]);
    expect(model.seen).toHaveLength(3);
  });

  it('maps targets back to their input columns when they are in another order', async () => {
    // F = 2, targets are columns (1, 0): target 0 is input column 1.
    const model = countingModel(2, 2, 1);
    const w = Float32Array.from([10, 20, 11, 21]); // (T=2, F=2)
    const result = await recursiveForecast(model, w, 2, [1, 0]);
    expect(result.mode).toBe('recursive');
    // Step 1 predicts (x[last,0] + 1, x[last,1] + 1) = (12, 22), stored as column 1 = 12, column 0 = 22.
    expect(Array.from(model.seen[1])).toEqual([11, 21, 22, 12]);
    expect(Array.from(result.values)).toEqual([12, 22, 23, 13]);
  });

  it('returns only the horizon, with a reason, when an input is not a target', async () => {
    const model = countingModel(2, 1, 2);
    const w = Float32Array.from([0, 5, 1, 5, 2, 5]); // (T=3, F=2), column 1 is an extra input
    const result = await recursiveForecast(model, w, 6, [0]);
    expect(result.mode).toBe('horizon-only');
    expect(result.produced).toBe(2);
    expect(result.values).toHaveLength(2);
    expect(result.message).toMatch(/not forecast targets/);
  });

  it('keeps going past the horizon when the other inputs are known in advance, filling them per step', async () => {
    const model = countingModel(2, 1, 2);
    const w = Float32Array.from([0, 100, 1, 101, 2, 102]); // (T=3, F=2), column 1 known: 100 + step index
    const known = { columns: [1], at: (step: number) => [200 + step] };
    const result = await recursiveForecast(model, w, 5, [0], undefined, undefined, known);
    expect(result.mode).toBe('recursive');
    expect(Array.from(result.values)).toEqual([3, 4, 5, 6, 7]);
    // second call: the two predicted rows carry the known values of future steps 0 and 1
    expect(Array.from(model.seen[1])).toEqual([2, 102, 3, 200, 4, 201]);
    expect(Array.from(model.seen[2])).toEqual([4, 201, 5, 202, 6, 203]);
  });

  it('runs a real CPU model recursively to the requested length', async () => {
    const model = await createCpuModel(
      { cell: 'gru', inputSize: 1, hiddenSize: 4, numLayers: 1, outputSize: 2, dropout: 0, seed: 3 },
      DEFAULT_OPTIMIZER,
    );
    const result = await recursiveForecast(
      model,
      Float32Array.from({ length: 8 }, (_, i) => Math.sin(i)),
      7,
      [0],
    );
    expect(result.produced).toBe(7);
    expect(result.values.every(Number.isFinite)).toBe(true);
  });
});
