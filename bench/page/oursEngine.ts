// Our side of the benchmark: the WebGPU engine and the CPU reference engine, both through the
// ForecastModel interface, trained with `await model.trainStep(batch)`.
import type { GpuContext } from '../../src/engine/gpu/device';
import { createGpuModel } from '../../src/engine/gpu/model';
import { createCpuModel } from '../../src/engine/reference/cpuModel';
import {
  DEFAULT_OPTIMIZER,
  type ForecastModel,
  type ModelConfig,
  type OptimizerConfig,
} from '../../src/engine/types';
import type { SessionOrSkip, SessionRequest } from './session';

export const OURS_LOSS_READBACK =
  'await model.trainStep(batch) per step (batch as Float32Arrays, uploaded with queue.writeBuffer); it resolves ' +
  'with the loss measured before the update, mapped back to the host, so each step waits for its own loss.';

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
  return session(await createGpuModel(gpu, modelConfig(request), optimizerConfig(request)), request);
}

export async function createOursCpuSession(request: SessionRequest): Promise<SessionOrSkip> {
  return session(await createCpuModel(modelConfig(request), optimizerConfig(request)), request);
}
