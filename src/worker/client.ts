// The page's side of the training worker: a typed port over a module worker.

import type { FromWorker } from './protocol';
import type { TrainerPort } from './trainerPort';

export function createTrainerWorker(): TrainerPort {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'training',
  });
  let handler: (message: FromWorker) => void = () => {};
  worker.onmessage = (event: MessageEvent<FromWorker>) => handler(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    handler({
      type: 'failed',
      runId: -1,
      error: { kind: 'worker-crashed', message: event.message },
    });
  };
  return {
    post: (message) => worker.postMessage(message),
    listen: (next) => {
      handler = next;
    },
    terminate: () => worker.terminate(),
  };
}
