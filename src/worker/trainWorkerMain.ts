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
  const worker = new TrainingWorker(scope, deps);
  scope.onmessage = (event) => worker.handle(event.data);
}

type PrepareRequest = Extract<ToWorker, { type: 'prepare' }>;

/** The worker's state between messages: the current session, the last finished one, the queue of runs. */
class TrainingWorker {
  private session: TrainingSession | TuneSession | null = null;
  /** The last session that ran to its end, kept for its backtest's retraining. */
  private finished: TrainingSession | null = null;
  private running: Promise<void> = Promise.resolve();
  private loseDevice: (() => boolean) | null = null;
  private readonly tables = new Tables();

  constructor(
    private readonly scope: WorkerScope,
    private readonly deps: WorkerDeps,
  ) {}

  private post = (message: FromWorker) => this.scope.postMessage(message);

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'table':
        this.tables.adopt(message.id, message.table);
        break;
      case 'table-port': {
        const { id, port } = message;
        port.onmessage = (e: MessageEvent<ForwardedTable>) => {
          port.close();
          this.tables.adopt(id, e.data.table);
        };
        break;
      }
      case 'prepare':
        // answered between training steps (the session yields to messages), not after the run
        void this.answerPrepare(message);
        break;
      case 'start':
        this.session?.stop();
        this.running = this.running.then(() => this.start(message));
        break;
      case 'tune':
        this.session?.stop();
        this.running = this.running.then(() => this.tune(message));
        break;
      case 'probe-gpu':
        this.running = this.running.then(async () =>
          this.scope.postMessage({ type: 'gpu-status', result: await this.deps.probeGpu() }),
        );
        break;
      case 'retrain-backtest':
        this.running = this.running.then(() => this.retrain(message.runId));
        break;
      case 'pause':
        if (this.session instanceof TrainingSession) this.session.pause();
        break;
      case 'resume':
        if (this.session instanceof TrainingSession) this.session.resume();
        break;
      case 'stop':
        this.session?.stop();
        break;
      case 'simulate-device-loss':
        this.loseDevice?.();
        break;
    }
  }

  private async answerPrepare(message: PrepareRequest): Promise<void> {
    const table = await this.tables.get(message.tableId);
    if (!table) return; // replaced: the page has asked again for the new table
    const answer = this.deps.summarise(table, message.roles, message.options, message.suggest);
    this.scope.postMessage({ type: 'prepared', seq: message.seq, answer });
  }

  /**
   * Runs a session as the current one; an unexpected error becomes a `failType` message. True when it was
   * still the current session at its end (not replaced by a newer start).
   */
  private async runSession(
    current: TrainingSession | TuneSession,
    failType: 'failed' | 'tune-failed',
  ): Promise<boolean> {
    this.session = current;
    try {
      await current.run();
    } catch (err) {
      const error = { kind: 'training-failed' as const, model: null, message: errorMessage(err) };
      this.post({ type: failType, runId: current.runId, error });
    }
    if (this.session !== current) return false;
    this.session = null;
    return true;
  }

  /** The dataset of a start or tune request prepared with `options`, or null after `fail` was told why. */
  private async prepareFor(
    request: StartRequest | TuneRequest,
    options: PrepareOptions,
    fail: (error: StartFailure) => void,
  ): Promise<PreparedDataset | null> {
    const table = await this.tables.get(request.tableId);
    if (!table) {
      fail({ kind: 'training-failed', model: null, message: REPLACED });
      return null;
    }
    const prepared = this.deps.prepare(table, request.roles, options);
    if (!prepared.ok) {
      fail(prepared.error);
      return null;
    }
    return prepared.dataset;
  }

  private async start(request: StartRequest): Promise<void> {
    const runId = request.runId;
    this.finished = null;
    const dataset = await this.prepareFor(request, request.options, (error) =>
      this.post({ type: 'failed', runId, error }),
    );
    if (!dataset) return;
    const engines = await createWorkerEngines(
      request.engine,
      this.deps.gpuFactory,
      this.deps.gpuModelsFactory,
    );
    this.loseDevice = () => engines.loseDevice();
    if (engines.cpuReason) {
      this.post({ type: 'notice', runId, failure: { kind: 'no-webgpu', reason: engines.cpuReason } });
    }
    const current = new TrainingSession(
      runId,
      dataset,
      request.models,
      engines,
      this.post,
      {
        now: () => performance.now(),
        yieldToEvents,
        classical: CLASSICAL_BASELINES,
        evaluateOnly: request.evaluateOnly ?? false,
      },
      { season: request.season, forecastSteps: request.forecastSteps },
    );
    if (await this.runSession(current, 'failed')) this.finished = current;
  }

  private async tune(request: TuneRequest): Promise<void> {
    const runId = request.runId;
    this.finished = null;
    const datasets = await this.prepareTuneDatasets(request);
    if (!datasets) return;
    const engines = await createWorkerEngines(
      request.engine,
      this.deps.gpuFactory,
      this.deps.gpuModelsFactory,
    );
    this.loseDevice = () => engines.loseDevice();
    const current = new TuneSession(
      runId,
      datasets,
      request.models,
      request.topK,
      engines,
      this.post,
      { now: () => performance.now(), yieldToEvents, classical: CLASSICAL_BASELINES },
      { season: request.season, forecastSteps: request.forecastSteps },
    );
    await this.runSession(current, 'tune-failed');
  }

  /** One prepared dataset per window length of the sweep, the data panel's first; null after a failure. */
  private async prepareTuneDatasets(request: TuneRequest): Promise<Map<number, PreparedDataset> | null> {
    const lengths = [
      ...new Set([request.options.window.inputLength, ...request.models.map((m) => m.inputLength)]),
    ];
    const datasets = new Map<number, PreparedDataset>();
    for (const inputLength of lengths) {
      const window = { ...request.options.window, inputLength };
      const dataset = await this.prepareFor(request, { ...request.options, window }, (error) =>
        this.post({
          type: 'tune-failed',
          runId: request.runId,
          error: { ...error, message: `Window length ${inputLength}: ${error.message}` },
        }),
      );
      if (!dataset) return null;
      datasets.set(inputLength, dataset);
    }
    return datasets;
  }

  private async retrain(runId: number): Promise<void> {
    const last = this.finished;
    if (!last || last.runId !== runId) {
      this.post({ type: 'backtest-retrain', runId, state: { kind: 'unavailable' } });
      return;
    }
    this.session = last;
    await last.retrainBacktest();
    if (this.session === last) this.session = null;
  }
}
