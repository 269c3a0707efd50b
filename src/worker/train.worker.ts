/// <reference lib="webworker" />
// Entry of the training worker: owns the GPU device and both models (see trainWorkerMain.ts).
import { prepareDataset } from '../data';
import { runTrainingWorker, type WorkerScope } from './trainWorkerMain';

runTrainingWorker(self as unknown as WorkerScope, {
  prepare: (request) => prepareDataset(request.table, request.roles, request.options),
  gpuFactory: null,
});
