/// <reference lib="webworker" />
// Entry of the training worker: owns the GPU device, the parsed table, the prepared data and the models
// (see trainWorkerMain.ts).
import { prepareDataset } from '../data';
import { prepareSummary } from '../data/summary';
import { createGpuModel, createGpuModels } from '../engine/gpu/model';
import { Scheduler } from '../engine/gpu/scheduler';
import { probeGpu } from './engines';
import { runTrainingWorker, type WorkerScope } from './trainWorkerMain';

// One scheduler per device, shared by the LSTM and the GRU so their steps queue on the GPU in order.
const schedulers = new WeakMap<GPUDevice, Scheduler>();
function schedulerFor(device: GPUDevice): Scheduler {
  let scheduler = schedulers.get(device);
  if (!scheduler) schedulers.set(device, (scheduler = new Scheduler(device)));
  return scheduler;
}

runTrainingWorker(self as unknown as WorkerScope, {
  prepare: prepareDataset,
  summarise: prepareSummary,
  probeGpu,
  gpuFactory: (gpu, config, optimizer, weights) =>
    createGpuModel(gpu, config, optimizer, weights, { scheduler: schedulerFor(gpu.device) }),
  gpuModelsFactory: (gpu, configs, optimizers) =>
    createGpuModels(gpu, configs, optimizers, [], { scheduler: schedulerFor(gpu.device) }),
});
