// Our side of the benchmark: the WebGPU engine and the CPU reference engine, both through the
// ForecastModel interface, trained with `await model.trainStep(batch)`.
import type { GpuContext } from '../../src/engine/gpu/device';
import {
  DEFAULT_OPTIMIZER,
  type ForecastModel,
  type ModelConfig,
  type OptimizerConfig,
} from '../../src/engine/types';
import type { SessionOrSkip, SessionRequest } from './session';

export const OURS_LOSS_READBACK =
  'await model.trainStep(batch) per step (batch as Float32Arrays); it resolves with the loss measured ' +
  'before the update, read back to the host, so each step waits for its own loss.';

type GpuFactory = (gpu: GpuContext, config: ModelConfig, optimizer: OptimizerConfig) => ForecastModel;
type CpuFactory = (config: ModelConfig, optimizer: OptimizerConfig) => ForecastModel;

// The engines are looked up by export name so the bench page builds while they are being written;
// a missing engine is reported as a skipped cell, never as a number.
const gpuModules = import.meta.glob(['../../src/engine/gpu/*.ts', '!**/device.ts', '!**/instrument.ts']);
const cpuModules = import.meta.glob('../../src/engine/reference/*.ts');

async function findExport<T>(
  modules: Record<string, () => Promise<unknown>>,
  name: string,
): Promise<T | null> {
  for (const load of Object.values(modules)) {
    const module = (await load()) as Record<string, unknown>;
    if (typeof module[name] === 'function') return module[name] as T;
  }
  return null;
}

function modelConfig(request: SessionRequest): ModelConfig {
  const { workload, cell, seed } = request;
  return {
    cell,
    inputSize: workload.F,
    hiddenSize: workload.H,
    numLayers: workload.layers,
    outputSize: 1,
    dropout: 0,
    seed,
  };
}

function optimizerConfig(request: SessionRequest): OptimizerConfig {
  return { ...DEFAULT_OPTIMIZER, kind: 'adam', ...request.optimizer };
}

function session(model: ForecastModel, request: SessionRequest): SessionOrSkip {
  const { batches } = request;
  let next = 0;
  return {
    ok: true,
    session: {
      note: `${model.info.description}; ${model.info.path}`,
      async step() {
        const result = await model.trainStep(batches[next++ % batches.length]);
        return result.loss;
      },
      dispose: () => model.dispose(),
    },
  };
}

export async function createOursGpuSession(
  gpu: GpuContext | null,
  request: SessionRequest,
): Promise<SessionOrSkip> {
  if (!gpu) return { ok: false, reason: 'no WebGPU device in this browser' };
  const create = await findExport<GpuFactory>(gpuModules, 'createGpuModel');
  if (!create) return { ok: false, reason: 'createGpuModel is not in src/engine/gpu/ yet' };
  return session(create(gpu, modelConfig(request), optimizerConfig(request)), request);
}

export async function createOursCpuSession(request: SessionRequest): Promise<SessionOrSkip> {
  const create = await findExport<CpuFactory>(cpuModules, 'createCpuModel');
  if (!create) return { ok: false, reason: 'createCpuModel is not in src/engine/reference/ yet' };
  return session(create(modelConfig(request), optimizerConfig(request)), request);
}
