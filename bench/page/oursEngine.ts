// Our side of the benchmark: the WebGPU engine and the CPU reference engine, both through the
// ForecastModel interface, trained with `await model.trainStep(batch)`; and `BATCHED.models` same-shape
// WebGPU models as one batched model, stepped together.
import type { GpuContext } from '../../src/engine/gpu/device';
import { createGpuModel, createGpuModels } from '../../src/engine/gpu/model';
import { createCpuModel } from '../../src/engine/reference/cpuModel';
import {
  DEFAULT_OPTIMIZER,
  type ForecastModel,
  type ModelConfig,
  type OptimizerConfig,
} from '../../src/engine/types';
import { BATCHED } from '../protocol';
import type { SessionOrSkip, SessionRequest } from './session';

export const OURS_LOSS_READBACK =
  'await model.trainStep(batch) per step (batch as Float32Arrays, uploaded with queue.writeBuffer); it resolves ' +
  'with the loss measured before the update, mapped back to the host, so each step waits for its own loss.';

export const OURS_BATCHED_LOSS_READBACK =
  `${BATCHED.models} models, seeds seed … seed + ${BATCHED.models - 1}, members of one batched model (createGpuModels); ` +
  'per step await Promise.all(models.map((m, k) => m.trainStep(batches[k]))), each member on its own batch, so ' +
  'the members step together (one batched step, one submit) and the step ends when every loss is on the host.';

function modelConfig(request: SessionRequest, seed = request.seed): ModelConfig {
  const { workload, cell } = request;
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

/**
 * `BATCHED.models` models with seeds seed + k, stepped together; member k trains on batch (step + k) of
 * the request's batches, so the members see different batches in each step.
 */
export async function createOursBatchedSession(
  gpu: GpuContext | null,
  request: SessionRequest,
): Promise<SessionOrSkip> {
  if (!gpu) return { ok: false, reason: 'no WebGPU device in this browser' };
  const { batches } = request;
  const seeds = Array.from({ length: BATCHED.models }, (_, k) => request.seed + k);
  const models = await createGpuModels(
    gpu,
    seeds.map((seed) => modelConfig(request, seed)),
    seeds.map(() => optimizerConfig(request)),
  );
  let next = 0;
  return {
    ok: true,
    session: {
      get note() {
        const { description, path, dispatchesPerStep } = models[0].info;
        return `${description}; ${path}; ${models.length} members of one batched model; the engine reports ${dispatchesPerStep} dispatches per joint step`;
      },
      async step() {
        const step = next++;
        const results = await Promise.all(
          models.map((model, k) => model.trainStep(batches[(step + k) % batches.length])),
        );
        return results.reduce((sum, r) => sum + r.loss, 0) / results.length;
      },
      dispose: () => {
        for (const model of models) model.dispose();
      },
    },
  };
}

export async function createOursCpuSession(request: SessionRequest): Promise<SessionOrSkip> {
  return session(await createCpuModel(modelConfig(request), optimizerConfig(request)), request);
}
