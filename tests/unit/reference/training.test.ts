import { describe, expect, it } from 'vitest';
import { noisySine, windowBatch } from '../../../bench/synthetic';
import { mulberry32 } from '../../../src/engine/random';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { mseLoss } from '../../../src/engine/reference/dense';
import { type CellKind, DEFAULT_OPTIMIZER, type ModelConfig } from '../../../src/engine/types';

// Workload W3 (T=16, F=1, 1×32, batch 32) on a seeded noisy sine: training must beat the naive
// last-value forecast by a wide margin within a bounded number of steps.
const [T, F, H, batchSize] = [16, 1, 32, 32];
const MAX_STEPS = 300;
const series = noisySine({ length: 700, features: F, seed: 42 });
const trainEnd = 500; // windows ending before this index train; later ones validate
const valStarts = Array.from({ length: 700 - T - trainEnd }, (_, i) => trainEnd + i);
const val = windowBatch(series, F, T, 1, valStarts);
// Naive forecast: the last value of each validation window.
const naive = Float32Array.from(valStarts, (_, b) => val.x[(b * T + T - 1) * F]);
const naiveMse = mseLoss(naive, val.y);

describe.each(['lstm', 'gru'] as CellKind[])('%s on W3', (cell) => {
  it('brings validation MSE well below the naive forecast', async () => {
    const config: ModelConfig = {
      cell,
      inputSize: F,
      hiddenSize: H,
      numLayers: 1,
      outputSize: 1,
      dropout: 0,
      seed: 42,
    };
    const model = await createCpuModel(config, { ...DEFAULT_OPTIMIZER, lr: 1e-2 });
    const rand = mulberry32(7);
    const initialMse = await model.evaluate(val);
    let valMse = initialMse;
    let steps = 0;
    while (steps < MAX_STEPS && valMse > naiveMse / 4) {
      const starts = Array.from({ length: batchSize }, () => Math.floor(rand() * (trainEnd - T)));
      const { loss, gradNorm } = await model.trainStep(windowBatch(series, F, T, 1, starts));
      expect(Number.isFinite(loss) && Number.isFinite(gradNorm)).toBe(true);
      steps++;
      if (steps % 10 === 0) valMse = await model.evaluate(val);
    }
    expect(naiveMse).toBeGreaterThan(0.02); // the sine moves enough that the naive forecast is poor
    expect(valMse).toBeLessThan(naiveMse / 4);
    expect(valMse).toBeLessThan(initialMse / 10);
  });
});
