// Chooses the engine the worker trains with: WebGPU when the worker gets a device whose kernels pass
// the self-test, else the CPU reference. The worker owns this device, and runs the status panel's probe.

import { acquireGpu, type GpuContext } from '../engine/gpu/device';
import { runAdamSelfTest, type SelfTestResult } from '../engine/gpu/selfTest';
import { createCpuModel } from '../engine/reference/cpuModel';
import type { ForecastModel, ModelConfig, OptimizerConfig } from '../engine/types';
import type { EnginePreference, GpuProbeResult } from './protocol';
import type { EngineProvider } from './session';

/** Builds a GPU model on a device; the GPU engine's factory, injected so this file works without it. */
export type GpuModelFactory = (
  gpu: GpuContext,
  config: ModelConfig,
  optimizer: OptimizerConfig,
  weights?: Float32Array,
) => Promise<ForecastModel>;

/** Builds the members of one batched GPU model (`createGpuModels`), injected like `GpuModelFactory`. */
export type GpuModelsFactory = (
  gpu: GpuContext,
  configs: ModelConfig[],
  optimizers: OptimizerConfig[],
) => Promise<ForecastModel[]>;

export interface WorkerEngines extends EngineProvider {
  /** Why the CPU engine is used, when it is. */
  readonly cpuReason: string | null;
  /** Destroys the current GPU device, as a driver reset would (for the recovery demo and tests). */
  loseDevice(): boolean;
}

async function usableGpu(): Promise<{ gpu: GpuContext } | { reason: string }> {
  const status = await acquireGpu();
  if (!status.ok) return { reason: status.error.message };
  try {
    const test = await runAdamSelfTest(status.gpu.device);
    if (!test.passed) {
      status.gpu.device.destroy();
      return {
        reason: `the kernel self-test failed on this GPU (error ${test.maxRelError.toExponential(1)})`,
      };
    }
  } catch (err) {
    status.gpu.device.destroy();
    return { reason: `the kernel self-test could not run: ${String(err)}` };
  }
  return { gpu: status.gpu };
}

/**
 * The status panel's probe: the adapter, its key limits and the kernel self-test, on a device this worker
 * acquires and releases (the same worker then acquires its own for each run).
 */
export async function probeGpu(): Promise<GpuProbeResult> {
  const status = await acquireGpu();
  if (!status.ok) return { state: 'unavailable', error: status.error };
  let selfTest: SelfTestResult | { error: string };
  try {
    selfTest = await runAdamSelfTest(status.gpu.device);
  } catch (err) {
    selfTest = { error: String(err) };
  }
  status.gpu.device.destroy();
  return { state: 'available', summary: status.gpu.summary, selfTest };
}

/** Without `gpuModelsFactory`, models asked for together (createModels) are built one by one. */
export async function createWorkerEngines(
  preference: EnginePreference,
  gpuFactory: GpuModelFactory | null,
  gpuModelsFactory: GpuModelsFactory | null,
): Promise<WorkerEngines> {
  let gpu: GpuContext | null = null;
  let cpuReason: string | null = null;
  if (preference === 'cpu') cpuReason = 'the CPU engine was chosen';
  else if (!gpuFactory) cpuReason = 'the WebGPU engine is not part of this build';
  else {
    const found = await usableGpu();
    if ('gpu' in found) gpu = found.gpu;
    else cpuReason = found.reason;
  }

  const engines: WorkerEngines = {
    get cpuReason() {
      return cpuReason;
    },
    async createModel(config, optimizer, weights) {
      if (gpu && gpuFactory) return gpuFactory(gpu, config, optimizer, weights);
      return createCpuModel(config, optimizer, weights);
    },
    async createModels(configs, optimizers) {
      if (gpu && gpuModelsFactory) return gpuModelsFactory(gpu, configs, optimizers);
      return Promise.all(configs.map((config, k) => engines.createModel(config, optimizers[k])));
    },
    async recover() {
      gpu?.device.destroy();
      gpu = null;
      const found = await usableGpu();
      if ('gpu' in found) {
        gpu = found.gpu;
        return 'A new GPU device was created; training continues on WebGPU.';
      }
      cpuReason = `the GPU device was lost and could not be recreated (${found.reason})`;
      return `The GPU could not be recreated (${found.reason}); training continues on the CPU engine.`;
    },
    loseDevice() {
      if (!gpu) return false;
      gpu.device.destroy();
      return true;
    },
  };
  return engines;
}
