// The training worker's message loop, with its dependencies passed in (the entry file wires them).
// One session at a time: a new "start" stops the running session first. The last finished session is
// kept so its backtest can be redone with retraining at each origin; "stop" cancels that too.

import { CLASSICAL_BASELINES } from '../baselines';
import type { PreparedDataset, PrepareOutcome } from '../data/types';
import { createWorkerEngines, type GpuModelFactory } from './engines';
import { errorMessage } from './failures';
import type { FromWorker, StartRequest, ToWorker, TuneRequest } from './protocol';
import { TrainingSession } from './session';
import { TuneSession } from './tune';

export interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

export interface WorkerDeps {
  prepare(request: Pick<StartRequest, 'table' | 'roles' | 'options'>): PrepareOutcome;
  gpuFactory: GpuModelFactory | null;
}

/** Yields to the event loop without setTimeout's clamping, so queued messages are handled. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function runTrainingWorker(scope: WorkerScope, deps: WorkerDeps): void {
  let session: TrainingSession | TuneSession | null = null;
  /** The last session that ran to its end, kept for its backtest's retraining. */
  let finished: TrainingSession | null = null;
  let running: Promise<void> = Promise.resolve();
  let loseDevice: (() => boolean) | null = null;
  const post = (message: FromWorker) => scope.postMessage(message);

  const start = async (request: StartRequest) => {
    const runId = request.runId;
    finished = null;
    const prepared = deps.prepare(request);
    if (!prepared.ok) {
      post({ type: 'failed', runId, error: prepared.error });
      return;
    }
    const engines = await createWorkerEngines(request.engine, deps.gpuFactory);
    loseDevice = () => engines.loseDevice();
    if (engines.cpuReason) {
      post({ type: 'notice', runId, failure: { kind: 'no-webgpu', reason: engines.cpuReason } });
    }
    const current = new TrainingSession(
      runId,
      prepared.dataset,
      request.models,
      engines,
      post,
      { now: () => performance.now(), yieldToEvents, classical: CLASSICAL_BASELINES },
      { season: request.season, forecastSteps: request.forecastSteps },
    );
    session = current;
    try {
      await current.run();
    } catch (err) {
      post({
        type: 'failed',
        runId,
        error: { kind: 'training-failed', model: null, message: errorMessage(err) },
      });
    }
    if (session === current) {
      session = null;
      finished = current;
    }
  };

  const tune = async (request: TuneRequest) => {
    const runId = request.runId;
    finished = null;
    // one prepared dataset per window length, the data panel's first
    const lengths = [
      ...new Set([request.options.window.inputLength, ...request.models.map((m) => m.inputLength)]),
    ];
    const datasets = new Map<number, PreparedDataset>();
    for (const inputLength of lengths) {
      const window = { ...request.options.window, inputLength };
      const prepared = deps.prepare({ ...request, options: { ...request.options, window } });
      if (!prepared.ok) {
        const error = {
          ...prepared.error,
          message: `Window length ${inputLength}: ${prepared.error.message}`,
        };
        post({ type: 'tune-failed', runId, error });
        return;
      }
      datasets.set(inputLength, prepared.dataset);
    }
    const engines = await createWorkerEngines(request.engine, deps.gpuFactory);
    loseDevice = () => engines.loseDevice();
    const current = new TuneSession(
      runId,
      datasets,
      request.models,
      request.topK,
      engines,
      post,
      { now: () => performance.now(), yieldToEvents },
      { season: request.season, forecastSteps: request.forecastSteps },
    );
    session = current;
    try {
      await current.run();
    } catch (err) {
      post({
        type: 'tune-failed',
        runId,
        error: { kind: 'training-failed', model: null, message: errorMessage(err) },
      });
    }
    if (session === current) session = null;
  };

  const retrain = async (runId: number) => {
    const last = finished;
    if (!last || last.runId !== runId) {
      post({ type: 'backtest-retrain', runId, state: { kind: 'unavailable' } });
      return;
    }
    session = last;
    await last.retrainBacktest();
    if (session === last) session = null;
  };

  scope.onmessage = (event) => {
    const message = event.data;
    switch (message.type) {
      case 'start':
        session?.stop();
        running = running.then(() => start(message));
        break;
      case 'tune':
        session?.stop();
        running = running.then(() => tune(message));
        break;
      case 'retrain-backtest':
        running = running.then(() => retrain(message.runId));
        break;
      case 'pause':
        if (session instanceof TrainingSession) session.pause();
        break;
      case 'resume':
        if (session instanceof TrainingSession) session.resume();
        break;
      case 'stop':
        session?.stop();
        break;
      case 'simulate-device-loss':
        loseDevice?.();
        break;
    }
  };
}
