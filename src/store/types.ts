// The store's shape: every slice's state and actions, and the signature of a slice creator.
// The slices' interfaces live here rather than beside their creators so that no slice file and this
// file import each other (the creators need PlaygroundState; PlaygroundState needs the interfaces).

import type { StoreApi } from 'zustand/vanilla';
import type { CellKind, ModelSettings, TuneCandidate, TunePreset, TuneSettings } from '../config';
import type { WindowSuggestion } from '../data/suggest';
import type { OverviewRows, PrepareSummaryOutcome } from '../data/summary';
import type { ColumnRole, DataError, ParseProgress, PrepareOptions, TableView } from '../data/types';
import type { EngineInfo } from '../engine/types';
import type { ProjectSource } from '../persist/pytorchProject';
import type { RunProject } from '../persist/runProject';
import type {
  Backtest,
  BaselineResult,
  EnginePreference,
  EvaluationContext,
  FromWorker,
  LossPoint,
  ModelNote,
  ModelProgress,
  ModelResult,
  ModelStatus,
  RetrainState,
  SweepMessage,
  ToWorker,
  TrainingFailure,
  TuneEntry,
  TuneResult,
} from '../worker/protocol';
import type { LossRow, MetricsRow, SeriesRow } from './chartRows';
import type { SampleInfo } from './deps';
import type { ModelFileProblem, StartProblem, TuneProblem } from './problems';

export type PlaygroundState = DataSlice & ConfigSlice & TrainingSlice & TuneSlice;

/** A slice creator: receives the whole store's set/get and returns its own part. */
export type Slice<T> = (
  set: StoreApi<PlaygroundState>['setState'],
  get: StoreApi<PlaygroundState>['getState'],
) => T;

// ───────────────────────────── Data slice ─────────────────────────────

export interface DataSource {
  kind: 'sample' | 'file';
  /** Sample id or file name. */
  id: string;
  name: string;
}

/** The data a run or sweep was computed on: the file (its bytes' fingerprint) read as it was, and its name. */
export interface ResultsData {
  fingerprint: string;
  /** A long-format file pivoted to one column per series is other data than the file as it is. */
  pivoted: boolean;
  name: string;
}

export interface DataState {
  samples: SampleInfo[];
  source: DataSource | null;
  /** The loaded table as the page sees it (columns, report, preview); the table is in the training worker. */
  table: TableView | null;
  /** A load in progress: what is being read and how far. */
  loading: { name: string; progress: ParseProgress | null } | null;
  /** The last load's error; the previous table stays loaded. */
  loadError: DataError | null;
  roles: ColumnRole;
  prepareOptions: PrepareOptions;
  /** Season length of the seasonal naive, ETS, ARIMA, Theta and MASE; 0 = automatic (the calendar's, else detected). */
  season: number;
  /** Steps to forecast past the end of the data. */
  forecastSteps: number;
  /** The window length suggested for the loaded data (applied on load), and why. */
  windowSuggestion: WindowSuggestion | null;
  /** The summary of the table prepared (in the training worker) with the current roles and options, or why not. */
  prepared: PrepareSummaryOutcome | null;
  /** A preparation is pending (settings changed, answer not back yet). */
  preparing: boolean;
  /** The prepared target series for the overview chart (downsampled), with split boundaries. */
  overview: OverviewRows | null;
}

export interface DataActions {
  loadSample(id: string): Promise<void>;
  loadFile(file: File): Promise<void>;
  /**
   * Reloads the current long-format file with one column per series (true: those in `series`, or every
   * series), the series side by side as the targets and inputs of one model; or as it is (false).
   */
  pivotLongFormat(on: boolean, series?: string[]): Promise<void>;
  setRoles(roles: Partial<ColumnRole>): void;
  setPrepareOptions(options: Partial<PrepareOptions>): void;
  setWindow(window: Partial<PrepareOptions['window']>): void;
  /** Sets the validation or test share in percent; training gets the rest. */
  setSplitShare(part: 'val' | 'test', percent: number): void;
  setSeason(season: number): void;
  setForecastSteps(steps: number): void;
  dismissLoadError(): void;
  /** Resolves when the pending preparation (if any) has answered. */
  whenPrepared(): Promise<void>;
}

export type DataSlice = DataState & DataActions;

// ───────────────────────────── Config slice ─────────────────────────────

export interface ConfigState {
  models: Record<CellKind, ModelSettings>;
  engine: EnginePreference;
}

export interface ConfigActions {
  setModelSetting<K extends keyof ModelSettings>(cell: CellKind, key: K, value: ModelSettings[K]): void;
  /** Replaces a model's settings (e.g. from a saved run or a shared link). */
  setModelSettings(cell: CellKind, settings: Partial<ModelSettings>): void;
  /** Copies one model's settings to the other. */
  copySettings(from: CellKind): void;
  resetModelSettings(cell: CellKind): void;
  setEngine(engine: EnginePreference): void;
}

export type ConfigSlice = ConfigState & ConfigActions;

// ───────────────────────────── Training slice ─────────────────────────────

/**
 * 'evaluating': the training has ended (finished, or stopped: `stoppedByUser`) and the worker is still sending
 * the run's results (the stopped models', the classical baselines, the backtests) before 'finished'.
 */
export type RunStatus =
  | 'idle'
  | 'starting'
  | 'training'
  | 'paused'
  | 'stopping'
  | 'evaluating'
  | 'finished'
  | 'failed';

/** A failure or warning from the run, kept as the worker sent it; the UI words it (ui/training/failureText.ts). */
export interface Notice {
  id: number;
  failure: TrainingFailure;
}

export interface TrainingState {
  runId: number;
  runStatus: RunStatus;
  /** The data the current run trains or trained on (null before a run). */
  runData: ResultsData | null;
  /** What the finished run's PyTorch projects need, sent by the worker as the run ends (null before). */
  projectSource: ProjectSource | null;
  engines: Partial<Record<CellKind, EngineInfo>>;
  /** Each model's status and why it last changed (null before the run says). */
  modelStatus: Record<CellKind, { status: ModelStatus; note: ModelNote | null }>;
  progress: Record<CellKind, ModelProgress | null>;
  elapsedMs: number;
  etaMs: number;
  lossPoints: Record<CellKind, LossPoint[]>;
  lossRows: LossRow[];
  lossSummary: string;
  context: EvaluationContext | null;
  baselines: BaselineResult[];
  /** The rolling-origin backtest of every model, when the run has finished. */
  backtest: Backtest | null;
  /** The backtest's retraining at each origin, once asked for (null before). */
  backtestRetrain: RetrainState | null;
  results: Partial<Record<CellKind, ModelResult>>;
  /** While a model trains: its latest forecast past the data (original units) and the epoch it is from. */
  forecastPreviews: Partial<Record<CellKind, { epoch: number; forecast: Float64Array }>>;
  predictionRows: SeriesRow[];
  forecastRows: SeriesRow[];
  metricsRows: MetricsRow[];
  notices: Notice[];
  /** Why the last "Train both" could not start, shown next to the button. */
  startProblem: StartProblem | null;
  /** The run was stopped by the user before its epochs ran out (known once its training has ended). */
  stoppedByUser: boolean;
  /** A model opened from a file (its weights, to train on from them), or why the file could not be used. */
  loadedModel: { cell: CellKind; weights: Float32Array; fileName: string } | null;
  modelFileProblem: ModelFileProblem | null;
  /** How fast the last run that trained went and how early its models stopped, kept when the results are cleared (the sweep's estimate). */
  lastRunPace: RunPace | null;
}

/** One model of a run, as the sweep's estimate needs it: its size, its epochs and its measured rate. */
export interface PacedModel {
  hidden: number;
  layers: number;
  batchSize: number;
  epochs: number;
  /** Epochs it ran. */
  epochsRun: number;
  /** Early stopping or its last epoch ended it (not the user's stop, a failure or a NaN loss). */
  ranItsCourse: boolean;
  /**
   * Training samples per second of its steps (the first, which compiles the kernels, left out); on WebGPU a
   * step's time is the round's, both models' steps queued together.
   */
  samplesPerSec: number;
}

/** A run's pace: the engine, the data's size and each model that trained. */
export interface RunPace {
  runId: number;
  engine: 'webgpu' | 'cpu';
  shape: { inputSize: number; windowLength: number; trainWindows: number };
  models: Partial<Record<CellKind, PacedModel>>;
}

export interface TrainingActions {
  /** Starts both models; `from` resumes them from saved weights (PyTorch layout) where given. */
  trainBoth(from?: Partial<Record<CellKind, Float32Array>>, options?: { evaluateOnly?: boolean }): void;
  /**
   * Opens a model file: a .safetensors from the page, or from a PyTorch project's train.py with its
   * config.json. Applies the run's settings, then evaluates the weights on the loaded data (no training).
   */
  loadModelFiles(files: File[]): Promise<void>;
  pause(): void;
  resume(): void;
  /** Stops the run, or the backtest's retraining when that is what runs. */
  stop(): void;
  /** Redoes the finished run's backtest with both networks retrained at each origin. */
  retrainBacktest(): void;
  /** The finished run's model of `cell` as a PyTorch project, made on the page from `projectSource`. */
  exportProject(cell: CellKind): RunProject;
  /** Exercises GPU device-loss recovery (destroys the worker's device). */
  simulateDeviceLoss(): void;
  dismissNotice(id: number): void;
  /** A message from the training worker, routed by its scope: a sweep's to `receiveTune`. */
  receive(message: FromWorker): void;
  /**
   * Clears the run's results from the page (other data was loaded: they belong to the data before). A run
   * still in flight is kept, marked as from other data; a finished run is already in the saved runs.
   */
  clearRunResults(): void;
  /** Recomputes the comparison's rows (after a sweep finishes, its ensembles may join them). */
  refreshComparison(): void;
  /** Sends a request to the training worker (the tune slice uses the same worker, which owns the GPU). */
  sendToTrainer(message: ToWorker): void;
}

export type TrainingSlice = TrainingState & TrainingActions;

// ───────────────────────────── Tune slice ─────────────────────────────

export type TuneStatus = 'idle' | 'running' | 'stopping' | 'finished' | 'failed';

export interface TuneState {
  tuneSettings: TuneSettings;
  /** The preset the settings came from, or 'custom' once edited. */
  tunePreset: TunePreset | 'custom';
  tuneStatus: TuneStatus;
  tuneRunId: number;
  /** The data the current sweep trains or trained on (null before a sweep). */
  tuneData: ResultsData | null;
  /** The sweep's models as started (ids index this list). */
  tuneCandidates: TuneCandidate[];
  tuneEntries: TuneEntry[];
  tuneElapsedMs: number;
  tuneSamplesPerSec: number;
  tuneContext: EvaluationContext | null;
  tuneBaselines: BaselineResult[];
  tuneEngine: EngineInfo | null;
  /** Models per batched group on the GPU, from 'tune-started' (see its `groups`); empty before. */
  tuneGroups: number[];
  tuneResult: TuneResult | null;
  /** Why the sweep could not start or failed. */
  tuneProblem: TuneProblem | null;
  /** What the sweep's worker said that did not stop it (the CPU engine in use, a member it could not score). */
  tuneNotices: Notice[];
}

export interface TuneActions {
  setTuneSettings(settings: Partial<TuneSettings>): void;
  applyTunePreset(preset: TunePreset): void;
  startTune(): void;
  stopTune(): void;
  /** Copies a sweep model's settings to its cell's card. */
  promoteTuned(id: number): void;
  dismissTuneNotice(id: number): void;
  /** A sweep's message (the training slice's `receive` routes them here). */
  receiveTune(message: SweepMessage): void;
  /** Clears the sweep's results (other data was loaded); a sweep still in flight is kept, marked. */
  clearSweepResults(): void;
}

export type TuneSlice = TuneState & TuneActions;
