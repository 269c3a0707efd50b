import { describe, expect, it } from 'vitest';
import { GpuEngineError } from '../../src/engine/gpu/errors';
import { createGpuModel } from '../../src/engine/gpu/model';
import { mulberry32 } from '../../src/engine/random';
import { CpuModel } from '../../src/engine/reference/cpuModel';
import { type Batch, DEFAULT_OPTIMIZER, type ModelConfig } from '../../src/engine/types';
import { freshTestGpu, testGpu } from './gpu';
import { relError } from './harness';

// Failure handling: a lost device and an uncaptured GPU error surface as typed errors, and the last
// weights read back restore into a new GPU model or into the CPU engine (1e-4 relative predictions).

const config: ModelConfig = {
  cell: 'lstm',
  inputSize: 1,
  hiddenSize: 4,
  numLayers: 1,
  outputSize: 1,
  dropout: 0,
  seed: 2,
};

function batch(): Batch {
  const rand = mulberry32(5);
  return {
    x: Float32Array.from({ length: 3 * 4 }, () => rand()),
    y: Float32Array.from({ length: 3 }, () => rand()),
    batchSize: 3,
    timeSteps: 4,
  };
}

describe('GPU failures', () => {
  it('a destroyed device rejects training with a typed device-lost error; weights restore elsewhere', async () => {
    const lost = await freshTestGpu();
    const model = await createGpuModel(lost, config, DEFAULT_OPTIMIZER);
    await model.trainStep(batch());
    const saved = await model.getWeights(); // at an epoch end, with the optimiser's state
    const state = await model.getOptimizerState();
    lost.device.destroy();
    const error = await model.trainStep(batch()).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(GpuEngineError);
    expect((error as GpuEngineError).kind).toBe('device-lost');
    expect((error as GpuEngineError).reason).toBe('destroyed');
    expect((error as GpuEngineError).message).toMatch(/lost/);
    await expect(model.getWeights()).rejects.toMatchObject({ kind: 'device-lost' });

    expect(state.step).toBe(1);
    const x = batch().x;
    const onCpu = new CpuModel(config, DEFAULT_OPTIMIZER);
    await onCpu.restore(saved, state);
    const onGpu = await createGpuModel(await testGpu(), config, DEFAULT_OPTIMIZER);
    await onGpu.restore(saved, state);
    expect(relError(await onGpu.predict(x, 3, 4), await onCpu.predict(x, 3, 4))).toBeLessThanOrEqual(1e-4);
    // and training goes on alike on both: the same next step from the same weights and moments
    const next = batch();
    const [gpuStep, cpuStep] = [await onGpu.trainStep(next), await onCpu.trainStep(next)];
    expect(relError([gpuStep.loss], [cpuStep.loss])).toBeLessThanOrEqual(1e-4);
    expect(relError(await onGpu.getWeights(), await onCpu.getWeights())).toBeLessThanOrEqual(1e-4);
    onGpu.dispose();
  });

  it('an uncaptured GPU error stops the model with a typed gpu-error', async () => {
    const gpu = await freshTestGpu();
    const model = await createGpuModel(gpu, config, DEFAULT_OPTIMIZER);
    await model.trainStep(batch());
    // Mapping usage combined with storage is invalid: a validation error nobody captures.
    gpu.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    await gpu.device.queue.onSubmittedWorkDone();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(model.trainStep(batch())).rejects.toMatchObject({ kind: 'gpu-error' });
    expect(model.error?.message).toMatch(/GPU reported an error/);
    model.dispose();
    gpu.device.destroy();
  });
});
