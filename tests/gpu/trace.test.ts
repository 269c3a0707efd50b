import { describe, expect, it } from 'vitest';
import { createGpuModel } from '../../src/engine/gpu/model';
import { mulberry32 } from '../../src/engine/random';
import { initParams } from '../../src/engine/reference/model';
import { type CellKind, DEFAULT_OPTIMIZER, type ModelConfig } from '../../src/engine/types';
import { testGpu } from './gpu';
import { compareTrace, firstDivergence, referenceTrace, traceStep } from './trace';

// The debug hook: every stage of a traced step (2 layers, dropout on) matches the reference's
// intermediate of the same name: forward values within 1e-4, gradients within 1e-3 relative.
// And the hook does localise: a corrupted weight shows up first in the stage that reads it.

function batchFor(B: number, T: number, F: number, O: number) {
  const rand = mulberry32(3);
  return {
    x: Float32Array.from({ length: B * T * F }, () => rand() * 2 - 1),
    y: Float32Array.from({ length: B * O }, () => rand()),
    batchSize: B,
    timeSteps: T,
  };
}

describe.each(['lstm', 'gru'] as CellKind[])('tracing a step (%s)', (cell) => {
  const config: ModelConfig = {
    cell,
    inputSize: 3,
    hiddenSize: 6,
    numLayers: 2,
    outputSize: 2,
    dropout: 0.3,
    seed: 9,
  };
  const batch = batchFor(5, 4, 3, 2);

  it('matches the reference stage by stage', async () => {
    const gpu = await testGpu();
    const weights = initParams(config);
    const model = await createGpuModel(gpu, config, DEFAULT_OPTIMIZER, weights);
    const errors = compareTrace(
      await traceStep(model, gpu.device, batch),
      referenceTrace(config, weights, batch, 1),
    );
    expect(errors.map((e) => e.stage)).toContain('input_grad_l1');
    for (const e of errors) {
      const gradient = e.stage.includes('backward') || e.stage.includes('grad');
      expect(e.error, `${e.stage} ${e.buffer}`).toBeLessThanOrEqual(gradient ? 1e-3 : 1e-4);
    }
    model.dispose();
  });

  it('names the first stage fed a wrong value', async () => {
    const gpu = await testGpu();
    const weights = initParams(config);
    const model = await createGpuModel(gpu, config, DEFAULT_OPTIMIZER, weights);
    const corrupted = weights.slice();
    corrupted[0] += 0.5; // weight_ih_l0[0, 0]: the reference sees it, the GPU does not
    const first = firstDivergence(
      compareTrace(await traceStep(model, gpu.device, batch), referenceTrace(config, corrupted, batch, 1)),
      1e-3,
    );
    expect(first?.stage).toBe('projection_l0');
    model.dispose();
  });
});
