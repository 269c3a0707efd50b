// The training worker's message loop, with its dependencies passed in (the entry file wires them). It owns
// the GPU device, the parsed table (sent by the parse worker itself) and every dataset prepared from it:
// the page asks for summaries ('prepare') and runs by table id, and gets small answers.
// One session at a time: a new "start" stops the running session first. The last finished session is
// kept so its backtest can be redone with retraining at each origin; "stop" cancels that too.

import { CLASSICAL_BASELINES } from '../baselines';
import type { PrepareAnswer } from '../data/summary';
import type { ColumnRole, ParsedTable, PreparedDataset, PrepareOptions, PrepareOutcome } from '../data/types';
import { createWorkerEngines, type GpuModelFactory, type GpuModelsFactory } from './engines';
import { errorMessage } from './failures';
import type {
  ForwardedTable,
  FromWorker,
  GpuProbeResult,
  StartRequest,
  ToWorker,
  TuneRequest,
  WorkerMessage,
} from './protocol';
import { TrainingSession } from './session';
import { TuneSession } from './tune';

export interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

export interface WorkerDeps {
  prepare(table: ParsedTable, roles: ColumnRole, options: PrepareOptions): PrepareOutcome;
  /** The page's summary of a preparation (src/data/summary.ts). */
  summarise(table: ParsedTable, roles: ColumnRole, options: PrepareOptions, suggest: boolean): PrepareAnswer;
  gpuFactory: GpuModelFactory | null;
  /** Same-shape models as one batched GPU model (a sweep's groups); null: built one by one. */
  gpuModelsFactory: GpuModelsFactory | null;
  /** The status panel's WebGPU probe (runs between sessions, on a device of this worker). */
  probeGpu(): Promise<GpuProbeResult>;
}

/** The tables the worker holds: only the newest is kept; a request may name one still on its way. */
class Tables {
  private current: { id: number; table: ParsedTable } | null = null;
  private waiting = new Map<number, ((table: ParsedTable | null) => void)[]>();

  adopt(id: number, table: ParsedTable): void {
    if (this.current && this.current.id > id) return; // a newer table is already here
    this.current = { id, table };
    for (const [waitId, resolvers] of this.waiting) {
      if (waitId > id) continue;
      for (const resolve of resolvers) resolve(waitId === id ? table : null);
      this.waiting.delete(waitId);
    }
  }

  /** Table `id`, once it has arrived; null when a newer one replaced it. */
  get(id: number): Promise<ParsedTable | null> {
    if (this.current?.id === id) return Promise.resolve(this.current.table);
    if (this.current && this.current.id > id) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), resolve]);
    });
  }
}

type DataError = Extract<PrepareOutcome, { ok: false }>['error'];
type StartFailure = DataError | { kind: 'training-failed'; model: null; message: string };

const REPLACED = 'The data was replaced by a newer file while this run was starting; train again.';

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
  const tables = new Tables();

  /**
   * Runs a session as the current one; an unexpected error becomes a `failType` message. True when it was
   * still the current session at its end (not replaced by a newer start).
   */
  const runSession = async (
    current: TrainingSession | TuneSession,
    failType: 'failed' | 'tune-failed',
  ): Promise<boolean> => {
    session = current;
    try {
      await current.run();
    } catch (err) {
      const error = { kind: 'training-failed' as const, model: null, message: errorMessage(err) };
      post({ type: failType, runId: current.runId, error });
    }
    if (session !== current) return false;
    session = null;
    return true;
  };

  /** The dataset of a start or tune request prepared with `options`, or null after `fail` was told why. */
  const prepareFor = async (
    request: StartRequest | TuneRequest,
    options: PrepareOptions,
    fail: (error: StartFailure) => void,
  ): Promise<PreparedDataset | null> => {
    const table = await tables.get(request.tableId);
    if (!table) {
      fail({ kind: 'training-failed', model: null, message: REPLACED });
      return null;
    }
    const prepared = deps.prepare(table, request.roles, options);
    if (!prepared.ok) {
      fail(prepared.error);
      return null;
    }
    return prepared.dataset;
  };

  const start = async (request: StartRequest) => {
    const runId = request.runId;
    finished = null;
    const dataset = await prepareFor(request, request.options, (error) =>
      post({ type: 'failed', runId, error }),
    );
    if (!dataset) return;
    const engines = await createWorkerEngines(request.engine, deps.gpuFactory, deps.gpuModelsFactory);
    loseDevice = () => engines.loseDevice();
    if (engines.cpuReason) {
      post({ type: 'notice', runId, failure: { kind: 'no-webgpu', reason: engines.cpuReason } });
    }
    const current = new TrainingSession(
      runId,
      dataset,
      request.models,
      engines,
      post,
      {
        now: () => performance.now(),
        yieldToEvents,
        classical: CLASSICAL_BASELINES,
        evaluateOnly: request.evaluateOnly ?? false,
      },
      { season: request.season, forecastSteps: request.forecastSteps },
    );
    if (await runSession(current, 'failed')) finished = current;
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
      const dataset = await prepareFor(request, { ...request.options, window }, (error) =>
        post({
          type: 'tune-failed',
          runId,
          error: { ...error, message: `Window length ${inputLength}: ${error.message}` },
        }),
      );
      if (!dataset) return;
      datasets.set(inputLength, dataset);
    }
    const engines = await createWorkerEngines(request.engine, deps.gpuFactory, deps.gpuModelsFactory);
    loseDevice = () => engines.loseDevice();
    const current = new TuneSession(
      runId,
      datasets,
      request.models,
      request.topK,
      engines,
      post,
      { now: () => performance.now(), yieldToEvents, classical: CLASSICAL_BASELINES },
      { season: request.season, forecastSteps: request.forecastSteps },
    );
    await runSession(current, 'tune-failed');
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
      case 'table':
        tables.adopt(message.id, message.table);
        break;
      case 'table-port': {
        const { id, port } = message;
        port.onmessage = (e: MessageEvent<ForwardedTable>) => {
          port.close();
          tables.adopt(id, e.data.table);
        };
        break;
      }
      case 'prepare':
        // answered between training steps (the session yields to messages), not after the run
        void tables.get(message.tableId).then((table) => {
          if (!table) return; // replaced: the page has asked again for the new table
          const answer = deps.summarise(table, message.roles, message.options, message.suggest);
          scope.postMessage({ type: 'prepared', seq: message.seq, answer });
        });
        break;
      case 'start':
        session?.stop();
        running = running.then(() => start(message));
        break;
      case 'tune':
        session?.stop();
        running = running.then(() => tune(message));
        break;
      case 'probe-gpu':
        running = running.then(async () =>
          scope.postMessage({ type: 'gpu-status', result: await deps.probeGpu() }),
        );
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
