// The typed messages between the page and the training worker, both ways.
// Everything here survives structured clone: plain objects, strings, numbers and typed arrays.

import type { PrepareAnswer } from '../data/summary';
import type { ColumnRole, ParsedTable, PreparedDataset, PrepareOptions } from '../data/types';
import type { AdapterSummary, GpuUnavailable } from '../engine/gpu/device';
import type { SelfTestResult } from '../engine/gpu/selfTest';
import type { ForecastMetrics } from '../engine/metrics';
import type { CellKind, EngineInfo, ModelConfig, OptimizerConfig } from '../engine/types';
import type { ProjectSource } from '../persist/pytorchProject';
import type { ModelFailure, RunFailure, TrainingFailure } from './failures';

export type {
  FailureKind,
  ModelFailure,
  ResumedModel,
  RunFailure,
  TrainingFailure,
} from './failures';

/** Training-loop settings of one model (the model's shape and optimiser are in ModelConfig/OptimizerConfig). */
export interface LoopSettings {
  batchSize: number;
  epochs: number;
  /** Epochs without a new best validation loss before training stops; 0 disables early stopping. */
  patience: number;
}

export interface ModelSetup {
  config: ModelConfig;
  optimizer: OptimizerConfig;
  loop: LoopSettings;
  /** Weights to start from instead of a fresh initialisation (resuming a saved run); PyTorch layout. */
  initialWeights?: Float32Array;
}

/** 'auto' uses WebGPU when the worker gets a device, else the CPU engine; 'cpu' forces the CPU engine. */
export type EnginePreference = 'auto' | 'cpu';

export interface StartRequest {
  type: 'start';
  runId: number;
  /** The table the worker holds (sent by the parse worker or the page); it prepares the dataset itself. */
  tableId: number;
  roles: ColumnRole;
  options: PrepareOptions;
  /** Season length of the seasonal naive, ETS, ARIMA and MASE; 0 = automatic (`seasonFor`). */
  season: number;
  /** Steps to forecast past the end of the data (at least one horizon). */
  forecastSteps: number;
  models: Record<CellKind, ModelSetup>;
  engine: EnginePreference;
  /** Only evaluate the models given initial weights (weights loaded from a file); train nothing. */
  evaluateOnly?: boolean;
}

/** One model of a tuning sweep, as the worker trains it. */
export interface TuneModel {
  id: number;
  label: string;
  setup: ModelSetup;
  /** Input steps of its windows (the data is prepared once per distinct length). */
  inputLength: number;
}

/** Train every model of a sweep on the prepared data, rank them by validation loss, ensemble the best. */
export interface TuneRequest extends Omit<StartRequest, 'type' | 'models'> {
  type: 'tune';
  models: TuneModel[];
  /** Ensemble members: the best `topK` by validation loss. */
  topK: number;
}

export type ToWorker =
  /** A table from the page (copied); it becomes table `id`. */
  | { type: 'table'; id: number; table: ParsedTable }
  /** A port on which the parse worker sends table `id` itself, so the page never holds or copies it. */
  | { type: 'table-port'; id: number; port: MessagePort }
  /** Prepare table `tableId` with these settings and answer with a summary ('prepared'). */
  | {
      type: 'prepare';
      seq: number;
      tableId: number;
      roles: ColumnRole;
      options: PrepareOptions;
      suggest: boolean;
    }
  | StartRequest
  | TuneRequest
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Retrain the networks at every backtest origin of the finished run `runId`; 'stop' cancels. */
  | { type: 'retrain-backtest'; runId: number }
  /** Probe WebGPU for the status panel (answered with 'gpu-status'). */
  | { type: 'probe-gpu' }
  /** Destroys the GPU device as a driver reset would, to exercise recovery. */
  | { type: 'simulate-device-loss' };

export type ModelStatus =
  | 'waiting'
  | 'training'
  | 'early-stopped'
  | 'finished'
  | 'stopped'
  | 'diverged'
  | 'failed';

/** Why a model's status changed, as data; the page words it (src/ui/training/modelNoteText.ts). */
export type ModelNote =
  | { kind: 'training'; compilingKernels: boolean }
  /** The first GPU step is done: `afterMs` includes compiling the kernels. */
  | { kind: 'kernels-ready'; afterMs: number }
  | { kind: 'stopped'; epoch: number; step: number }
  | { kind: 'early-stopped'; epoch: number; patience: number; bestEpoch: number }
  | { kind: 'finished'; epochs: number; bestEpoch: number }
  /** Weights loaded from a file and evaluated on this data, not trained. */
  | { kind: 'loaded' }
  /** Training is over; a fresh model trains on all `rows` rows for `epochs` epochs to forecast the future. */
  | { kind: 'refitting'; epochs: number; rows: number }
  /** Status 'diverged' (a 'nan-loss') or 'failed'. */
  | { kind: 'failed'; failure: ModelFailure };

/** One point of a loss curve. `epoch` is fractional for running train-loss points inside an epoch. */
export interface LossPoint {
  model: CellKind;
  epoch: number;
  /** 'running': mean train loss of the steps since the previous point; 'epoch': end-of-epoch train and val. */
  kind: 'running' | 'epoch';
  train: number;
  /** Validation loss (epoch points only; NaN when there is no validation part). */
  val?: number;
}

export interface ModelProgress {
  status: ModelStatus;
  /** 1-based epoch in progress (or last completed). */
  epoch: number;
  epochs: number;
  /** Steps completed in the current epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Training samples per second of this model's own step time. */
  samplesPerSec: number;
  /** Wall time spent in this model's steps and evaluations, ms. */
  trainMs: number;
  /** Estimated time left for this model at its current speed, ms. */
  etaMs: number;
  lastLoss: number;
  bestVal: number;
  bestEpoch: number;
  /** The engine training this model, with its current kernel path and dispatch counts. */
  engine: EngineInfo;
}

export interface ProgressMessage {
  type: 'progress';
  runId: number;
  /** Points since the previous progress message (batched, ~every 100 ms). */
  points: LossPoint[];
  models: Record<CellKind, ModelProgress>;
  elapsedMs: number;
  /** Estimated time until both models are done. */
  etaMs: number;
}

/**
 * A model's forecast past the end of the data with its weights as they are at the end of `epoch`, while it
 * trains (at most about once a second per model): what the forecast chart draws until the model's result.
 * Only the future: nothing of the test part, so watching it cannot steer the training towards the test.
 */
export interface ForecastPreview {
  type: 'forecast-preview';
  runId: number;
  model: CellKind;
  epoch: number;
  /** (steps, K) in original units, like `ModelResult.forecast`. */
  forecast: Float64Array;
}

/** The test split and forecast context shared by all rows of the comparison. */
export interface EvaluationContext {
  /** Names of the target columns (K). */
  targets: string[];
  /** T, horizon. */
  windowLength: number;
  horizon: number;
  /** (W) time value of each test window's first target step (ms epoch or row index). */
  testTime: Float64Array;
  /** (W, horizon, K) actual values of the test windows, original units. */
  testActual: Float64Array;
  /** Tail of the series before the forecast: (R) times and (R, K) values in original units. */
  historyTime: Float64Array;
  historyValues: Float64Array;
  /** (steps) times of the forecast steps past the end of the data. */
  forecastTime: Float64Array;
  timeKind: PreparedDataset['timeKind'];
  season: number;
  /** (K) MASE denominators: each target's in-sample seasonal-naive MAE on the training rows. */
  maseScale: number[];
  /** Window counts per split. */
  windows: { train: number; val: number; test: number };
}

export interface BaselineResult {
  name: 'naive' | 'seasonal-naive' | 'ETS' | 'ARIMA' | 'Theta' | 'combination';
  label: string;
  /** (W, horizon, K) original units. */
  testPredictions: Float64Array;
  metrics: ForecastMetrics;
  /** Fitting and forecasting time of the classical baselines, ms. */
  fitMs?: number;
  /** A classical baseline's forecast past the end of the data (absent for naive and seasonal naive). */
  forecast?: BaselineForecast;
}

/** A classical baseline refitted on every row of each target and forecast past the end of the data. */
export interface BaselineForecast {
  /** (steps, K) forecast means in original units, steps = the context's forecastTime. */
  values: Float64Array;
  /** One band per level (0.8, 0.95), (steps, K) each; empty when the baseline has no forecast distribution. */
  bands: { level: number; lower: Float64Array; upper: Float64Array }[];
  /** The models fitted on every row, e.g. "ETS(M,Ad,M)" ("; " between targets that differ). */
  description: string;
}

/** One model's rolling-origin backtest: errors by forecast step and by origin. */
export interface BacktestRow {
  /** 'lstm', 'gru', 'naive', 'seasonal-naive', 'ETS', 'ARIMA', 'Theta', 'combination'. */
  name: string;
  /** (steps) mean absolute error at each step ahead, over origins and targets, original units. */
  maeByStep: number[];
  /** (origins) MASE of each origin's forecast. */
  maseByOrigin: number[];
  meanMase: number;
  /** Standard deviation of the MASE across origins. */
  sdMase: number;
}

export interface Backtest {
  /** Time of each origin's first forecast step. */
  originTimes: number[];
  steps: number;
  rows: BacktestRow[];
  /** 'fixed': the networks keep the run's weights; 'retrained': trained afresh at each origin. */
  networks: 'fixed' | 'retrained';
  /** Estimated time to retrain both networks at every origin, from the run's training times, ms. */
  retrainEstimateMs: number;
  /** The forecast the page recommends, by a backtest over the validation part (never the test part). */
  recommendation: Recommendation | null;
}

/** Which row's forecast past the data the page recommends, and where it stands in a rolling-origin backtest. */
export interface Recommendation {
  /** The recommended row: 'lstm', 'gru', 'naive', 'seasonal-naive', 'ETS', 'ARIMA', 'Theta', 'combination'. */
  name: string;
  /**
   * 'evidence': the combination, chosen on the M3 evaluation over any per-series pick; 'backtest': the
   * backtest's lowest, when there is no combination.
   */
  basis: 'evidence' | 'backtest';
  /** Every row with a finite mean MASE over the backtest's origins, lowest first. */
  ranking: { name: string; meanMase: number }[];
  /** The backtest it came from: origins in the validation part, steps forecast from each. */
  origins: number;
  steps: number;
}

/** Where the backtest's retraining at each origin stands. */
export type RetrainState =
  /** `done` of `total` (origin, network) trainings finished; now training `model` for the origin at `originTime`. */
  | { kind: 'running'; done: number; total: number; originTime: number; model: CellKind }
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }
  /** The run has no backtest to redo (too short a test part, or it was replaced). */
  | { kind: 'unavailable' };

/** A prediction band at one nominal level, in original units. */
export interface PredictionInterval {
  /** Nominal coverage, e.g. 0.8. */
  level: number;
  /** (W, horizon, K) around the test predictions. */
  testLower: Float64Array;
  testUpper: Float64Array;
  /** (steps, K) around the forecast past the data. */
  forecastLower: Float64Array;
  forecastUpper: Float64Array;
  /** Share of test values inside the band. */
  coverage: number;
  /**
   * Per step ahead past a forecast origin: the share of test values inside a band of this level built like
   * the bands past the data but from the rows before the test part only (stepBands.ts), and how many test
   * values each step was checked on (NaN / 0 where no test origin reached that step). Absent: not computed.
   */
  coverageByStep?: number[];
  checkedByStep?: number[];
  /**
   * True when some of this band's half-widths had too few errors for their conformal rank and are the next
   * lower level's widened by the normal ratio (e.g. 1.96 / 1.28 from 80 % to 95 %). Absent: none.
   */
  widened?: boolean;
}

/** What a model's forecast past the data came from, for the chart and table to say. */
export type ForecastSource =
  /**
   * Models refit on rows [0, rows) for `epochs` epochs (worker/refit.ts): the median of `members` of them
   * from consecutive seeds (absent: one).
   */
  | { kind: 'refit'; rows: number; epochs: number; members?: number }
  /**
   * The scored model, trained on the training rows only: refit off or failed (reason null), or skipped,
   * `reason` saying why as a clause the page reads after "because" ("the run was stopped before …").
   */
  | { kind: 'held-out'; reason: string | null };

export interface ModelResult {
  model: CellKind;
  /** (W, horizon, K) original units, from the best weights. */
  testPredictions: Float64Array;
  metrics: ForecastMetrics;
  /** (steps, K) forecast past the end of the data, original units; fewer steps than asked in 'horizon-only' mode. */
  forecast: Float64Array;
  forecastMode: 'direct' | 'recursive' | 'horizon-only';
  /** Why fewer steps than asked were forecast, if so. */
  forecastMessage: string | null;
  /** Which model forecast the future: refit on every row, or the scored model (see refit.ts). */
  forecastSource: ForecastSource;
  /** Split-conformal bands from the validation errors (empty without a validation part). */
  intervals: PredictionInterval[];
  params: number;
  trainMs: number;
  samplesPerSec: number;
  epochsRun: number;
  bestEpoch: number;
  bestVal: number;
  /** Final weights used for the predictions (PyTorch layout), for saving and export. */
  weights: Float32Array;
}

/** One sweep model's standing, for the live leaderboard (validation only: the test part is not read). */
export interface TuneEntry {
  id: number;
  status: ModelStatus;
  epoch: number;
  epochs: number;
  /** Lowest validation loss so far (scaled units), and its epoch. */
  bestVal: number;
  bestEpoch: number;
  /** Validation loss at the end of each epoch. */
  valCurve: number[];
  samplesPerSec: number;
}

/** An ensemble of the best models: the mean or median of their predictions, step by step. */
export interface EnsembleResult {
  kind: 'mean' | 'median';
  /** (W, horizon, K) original units. */
  testPredictions: Float64Array;
  metrics: ForecastMetrics;
  /** (steps, K) forecast past the data. */
  forecast: Float64Array;
}

export interface TuneResult {
  /** Model ids by validation loss, best first (diverged models last). */
  ranking: number[];
  /** The ensemble's members (the first `topK` of the ranking that have a finite validation loss). */
  members: number[];
  /** Each member's own test metrics, computed once the ranking was fixed. */
  memberMetrics: { id: number; metrics: ForecastMetrics; forecast: Float64Array }[];
  ensembles: EnsembleResult[];
  /** (steps, K) lowest and highest member forecast at each step: the spread of the ensemble. */
  spreadLower: Float64Array;
  spreadUpper: Float64Array;
  /** Samples per second of all models together, and the wall time of the sweep. */
  samplesPerSec: number;
  elapsedMs: number;
  /** ETS, ARIMA and Theta on the sweep's test windows (test scores only), for the ensemble table; absent in sweeps saved before. */
  baselines?: BaselineResult[];
}

export type FromWorker =
  | { type: 'started'; runId: number; context: EvaluationContext; baselines: BaselineResult[] }
  | { type: 'engine'; runId: number; model: CellKind; info: EngineInfo }
  | ProgressMessage
  | { type: 'model-status'; runId: number; model: CellKind; status: ModelStatus; note: ModelNote }
  | { type: 'result'; runId: number; result: ModelResult }
  | ForecastPreview
  /** Something the user should know that does not stop the run (CPU engine in use, a recovered device). */
  | { type: 'notice'; runId: number; failure: TrainingFailure }
  | { type: 'paused'; runId: number }
  | { type: 'resumed'; runId: number }
  /**
   * The training loop has ended (`stopped`: by the user's stop); the stopped models' results, the classical
   * baselines and the backtests follow before 'finished'.
   */
  | { type: 'training-ended'; runId: number; stopped: boolean }
  /** ETS and ARIMA rows, computed after the networks so they never delay training. */
  | { type: 'classical'; runId: number; baselines: BaselineResult[] }
  /** The rolling-origin backtest of every model, after the networks finished. */
  | { type: 'backtest'; runId: number; backtest: Backtest }
  | { type: 'backtest-retrain'; runId: number; state: RetrainState }
  /** What the run's PyTorch projects need (the data as prepared, each network's start), sent before 'finished'. */
  | { type: 'project-source'; runId: number; source: ProjectSource }
  | { type: 'finished'; runId: number; stopped: boolean }
  | {
      type: 'tune-started';
      runId: number;
      context: EvaluationContext;
      baselines: BaselineResult[];
      engine: EngineInfo;
      /**
       * Models per batched group (stepped in the same dispatches), in the order of each group's first
       * model; 1 for a model that trains alone (every model on the CPU engine, or when batching failed).
       */
      groups: number[];
    }
  | { type: 'tune-progress'; runId: number; entries: TuneEntry[]; elapsedMs: number; samplesPerSec: number }
  /** The sweep's 'notice': something it could not do that does not stop it (a member it could not score). */
  | { type: 'tune-notice'; runId: number; failure: TrainingFailure }
  | { type: 'tune-finished'; runId: number; result: TuneResult; stopped: boolean }
  | { type: 'tune-failed'; runId: number; error: RunFailure }
  | { type: 'failed'; runId: number; error: RunFailure };

/** Whose a message is: a training run's or a tuning sweep's. The page routes on it, then on its runId. */
export type MessageScope = 'run' | 'sweep';

/** The scope of every message type, in one table: a message type without a scope does not compile. */
export const MESSAGE_SCOPE = {
  started: 'run',
  engine: 'run',
  progress: 'run',
  'model-status': 'run',
  result: 'run',
  'forecast-preview': 'run',
  notice: 'run',
  paused: 'run',
  resumed: 'run',
  'training-ended': 'run',
  classical: 'run',
  backtest: 'run',
  'backtest-retrain': 'run',
  'project-source': 'run',
  finished: 'run',
  failed: 'run',
  'tune-started': 'sweep',
  'tune-progress': 'sweep',
  'tune-notice': 'sweep',
  'tune-finished': 'sweep',
  'tune-failed': 'sweep',
} as const satisfies Record<FromWorker['type'], MessageScope>;

type TypesOf<S extends MessageScope> = {
  [T in FromWorker['type']]: (typeof MESSAGE_SCOPE)[T] extends S ? T : never;
}[FromWorker['type']];

/** The messages of a tuning sweep. */
export type SweepMessage = Extract<FromWorker, { type: TypesOf<'sweep'> }>;

export function isSweepMessage(message: FromWorker): message is SweepMessage {
  return MESSAGE_SCOPE[message.type] === 'sweep';
}

/** The status panel's view of WebGPU: the adapter and the kernel self-test, or why there is none. */
export type GpuProbeResult =
  | { state: 'available'; summary: AdapterSummary; selfTest: SelfTestResult | { error: string } }
  | { state: 'unavailable'; error: GpuUnavailable };

/** Parse worker → training worker, on a 'table-port' port. */
export type ForwardedTable = { type: 'table'; table: ParsedTable };

/** The answer to a 'prepare' request (not part of any run). */
export interface PreparedMessage {
  type: 'prepared';
  seq: number;
  answer: PrepareAnswer;
}

/** Everything the training worker posts to the page. */
export type WorkerMessage = FromWorker | PreparedMessage | { type: 'gpu-status'; result: GpuProbeResult };
