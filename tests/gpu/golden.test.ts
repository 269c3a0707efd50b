import { describe, expect, it } from 'vitest';
import { createGpuModel, type GpuModel } from '../../src/engine/gpu/model';
import { mulberry32 } from '../../src/engine/random';
import { CpuModel } from '../../src/engine/reference/cpuModel';
import { initParams } from '../../src/engine/reference/model';
import { type Batch, type CellKind, DEFAULT_OPTIMIZER, type ModelConfig } from '../../src/engine/types';
import { testGpu } from './gpu';
import { relError } from './harness';
import { compareTrace, firstDivergence, referenceTrace, traceStep } from './trace';

// Golden test: 20 full Adam training steps on the GPU track the Float64 CPU reference.
// Tolerance: every step's loss and the final weights within 1e-3 relative (elements near zero are
// measured against 1e-2 of the largest weight, see relError).

function sineBatch(B: number, T: number, F: number, O: number, seed: number): Batch {
  const rand = mulberry32(seed);
  const x = new Float32Array(B * T * F);
  const y = new Float32Array(B * O);
  for (let b = 0; b < B; b++) {
    const phase = rand() * 6.28;
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++)
        x[(b * T + t) * F + f] = Math.sin(phase + 0.3 * t + f) + 0.05 * (rand() - 0.5);
    }
    for (let o = 0; o < O; o++) y[b * O + o] = Math.sin(phase + 0.3 * (T + o));
  }
  return { x, y, batchSize: B, timeSteps: T };
}

const CASES: {
  cell: CellKind;
  L: number;
  F: number;
  H: number;
  B: number;
  T: number;
  O: number;
  dropout: number;
}[] = [
  { cell: 'lstm', L: 1, F: 1, H: 5, B: 3, T: 6, O: 1, dropout: 0 },
  { cell: 'lstm', L: 2, F: 3, H: 7, B: 5, T: 5, O: 2, dropout: 0.25 },
  { cell: 'gru', L: 1, F: 3, H: 6, B: 5, T: 7, O: 2, dropout: 0 },
  { cell: 'gru', L: 2, F: 1, H: 9, B: 3, T: 4, O: 1, dropout: 0.25 },
];

/** On failure, trace one step from the current weights and name the first kernel that disagrees. */
async function reportDivergence(
  model: GpuModel,
  device: GPUDevice,
  cpu: CpuModel,
  batch: Batch,
): Promise<void> {
  const weights = await model.getWeights();
  const errors = compareTrace(
    await traceStep(model, device, batch),
    referenceTrace(model.config, weights, batch, model.steps + 1),
  );
  const first = firstDivergence(errors, 1e-3);
  console.error(
    `golden: first kernel off by more than 1e-3: ${first ? `${first.stage} (${first.buffer}: ${first.error})` : 'none (the optimiser?)'}`,
    cpu.config.cell,
  );
}

describe.each(CASES)('golden: $cell L=$L F=$F H=$H B=$B T=$T dropout=$dropout', (c) => {
  it('20 Adam steps match the CPU reference (losses and final weights ≤ 1e-3)', async () => {
    const gpu = await testGpu();
    const config: ModelConfig = {
      cell: c.cell,
      inputSize: c.F,
      hiddenSize: c.H,
      numLayers: c.L,
      outputSize: c.O,
      dropout: c.dropout,
      seed: 5,
    };
    const opt = { ...DEFAULT_OPTIMIZER, lr: 0.01 };
    const weights = initParams(config);
    const model = await createGpuModel(gpu, config, opt, weights);
    const cpu = new CpuModel(config, opt, weights);
    const batches = Array.from({ length: 4 }, (_, i) => sineBatch(c.B, c.T, c.F, c.O, 100 + i));

    // All 20 steps are submitted before any loss is awaited: the readback ring must keep them apart.
    const pending = Array.from({ length: 20 }, (_, s) => model.trainStep(batches[s % batches.length]));
    const gpuLosses = (await Promise.all(pending)).map((r) => r.loss);
    const cpuLosses = Array.from(
      { length: 20 },
      (_, s) => cpu.trainStepNow(batches[s % batches.length]).loss,
    );
    if (!(relError(gpuLosses, cpuLosses) <= 1e-3)) await reportDivergence(model, gpu.device, cpu, batches[0]);
    expect(relError(gpuLosses, cpuLosses)).toBeLessThanOrEqual(1e-3);
    // The run learns: the last pass over the four batches beats the first.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(cpuLosses.slice(16))).toBeLessThan(mean(cpuLosses.slice(0, 4)));
    expect(relError(await model.getWeights(), cpu.weights64())).toBeLessThanOrEqual(1e-3);
    model.dispose();
  });
});
