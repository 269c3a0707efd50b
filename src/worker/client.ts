// The page's side of the training worker, which owns the GPU, the parsed table and the prepared data:
// a typed port for runs, and the data requests (a port for the parse worker to send its table on, and
// preparation summaries by table id).

import type { PrepareAnswer } from '../data/summary';
import type { ColumnRole, PrepareOptions } from '../data/types';
import type { FromWorker, GpuProbeResult, ToWorker, WorkerMessage } from './protocol';
import type { TrainerPort } from './trainerPort';

export interface DataPort {
  /** Prepares table `tableId` with these settings in the worker; answers with a summary. */
  prepare(
    tableId: number,
    roles: ColumnRole,
    options: PrepareOptions,
    suggest: boolean,
  ): Promise<PrepareAnswer>;
  /** A new table id, and the port on which the parse worker sends that table to the worker. */
  forwardedTable(): { id: number; port: MessagePort };
}

export interface TrainingWorker {
  trainer: TrainerPort;
  data: DataPort;
  /** The status panel's WebGPU probe, run by this worker (the one that owns the GPU). */
  probeGpu(): Promise<GpuProbeResult>;
}

export function createTrainingWorker(): TrainingWorker {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'training',
  });
  let handler: (message: FromWorker) => void = () => {};
  const prepares = new Map<number, (answer: PrepareAnswer) => void>();
  const probes: ((result: GpuProbeResult) => void)[] = [];
  let seq = 0;
  let tables = 0;
  const post = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.type === 'prepared') {
      prepares.get(message.seq)?.(message.answer);
      prepares.delete(message.seq);
      return;
    }
    if (message.type === 'gpu-status') {
      for (const resolve of probes.splice(0)) resolve(message.result);
      return;
    }
    handler(message);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const resolve of prepares.values()) {
      const error = { kind: 'read-failed' as const, message: `The worker stopped: ${event.message}` };
      resolve({ outcome: { ok: false, error }, suggestion: null });
    }
    prepares.clear();
    for (const resolve of probes.splice(0)) {
      resolve({
        state: 'unavailable',
        error: { kind: 'no-webgpu', message: `The training worker stopped: ${event.message}` },
      });
    }
    handler({
      type: 'failed',
      runId: -1,
      error: { kind: 'worker-crashed', message: event.message },
    });
  };
  return {
    probeGpu: () =>
      new Promise((resolve) => {
        probes.push(resolve);
        post({ type: 'probe-gpu' });
      }),
    trainer: {
      post,
      listen: (next) => {
        handler = next;
      },
      terminate: () => worker.terminate(),
    },
    data: {
      prepare(tableId, roles, options, suggest) {
        const id = ++seq;
        return new Promise((resolve) => {
          prepares.set(id, resolve);
          post({ type: 'prepare', seq: id, tableId, roles, options, suggest });
        });
      },
      forwardedTable() {
        const id = ++tables;
        const channel = new MessageChannel();
        post({ type: 'table-port', id, port: channel.port1 }, [channel.port1]);
        return { id, port: channel.port2 };
      },
    },
  };
}
