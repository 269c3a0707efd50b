// What a saved run holds. Plain data only (typed arrays included), so it is stored in IndexedDB by
// structured clone and can travel between the worker and the page unchanged.

import type { CellKind } from '../config';
import type { ScalerParams } from '../data/types';
import type { EngineInfo, ModelConfig, OptimizerConfig } from '../engine/types';
import type { ProjectSource } from './pytorchProject';
import type { TrainingConfig } from './trainingConfig';

/** Losses after one epoch, in scaled units (MSE). `val` is NaN when there is no validation split. */
export interface EpochPoint {
  epoch: number;
  train: number;
  val: number;
}

/** Test-split metrics in original units (MSE, RMSE, MAE, sMAPE, …) keyed by metric name. */
export type Metrics = Record<string, number>;

export interface ModelRunSummary {
  cell: CellKind;
  model: ModelConfig;
  optimizer: OptimizerConfig;
  /** 'early-stopped' when validation loss stopped improving; 'stopped' when the user stopped it. */
  status: 'finished' | 'stopped' | 'early-stopped';
  history: EpochPoint[];
  metrics: Metrics;
  paramCount: number;
  timings: {
    /** Wall time spent training, ms. */
    trainMs: number;
    epochs: number;
    samplesPerSec: number;
  };
  engine: EngineInfo;
}

export interface DatasetInfo {
  /** File name or sample title. */
  name: string;
  /** Bundled sample id, or null for a dropped file. */
  sampleId: string | null;
  /** Hex SHA-256 of the file bytes: tells whether two runs saw the same data. */
  fingerprint: string;
  rows: number;
}

/**
 * Test-split predictions and the forecast beyond the data, for CSV export and the reopened chart.
 * Row r has time `time[r]`; values are (N, K) row-major over `targets`; `actual` is NaN for forecast rows.
 */
export interface PredictionTable {
  /** 'datetime': ms since the Unix epoch; 'number': a numeric time column; 'index': the row number. */
  timeKind: 'datetime' | 'number' | 'index';
  targets: string[];
  time: Float64Array; // (N)
  actual: Float32Array; // (N, K)
  predicted: Partial<Record<CellKind, Float32Array>>; // each (N, K)
  /**
   * Baselines' test predictions by CSV column name (`naive`, `seasonal_naive`, `ets`, `arima`, `theta`), then
   * the classical ones' forecast past the data (NaN there for the others, and in runs saved before it).
   */
  baselines?: Record<string, Float32Array>; // each (N, K)
  /**
   * Prediction band bounds by CSV column name: the networks' (`lstm_lo80`, `lstm_hi80`, …) on the test part
   * and the forecast, the classical forecasts' (`ets_lo80`, `ets_hi95`, …) past the data only.
   */
  bands?: Record<string, Float32Array>; // each (N, K)
}

/** The light part of a run: enough to list it, reopen its curves and metrics, and compare it. */
export interface RunSummary {
  id: string;
  name: string;
  createdAt: number;
  status: 'finished' | 'stopped';
  config: TrainingConfig;
  dataset: DatasetInfo;
  scaler: ScalerParams | null;
  models: ModelRunSummary[];
  /** Baseline metrics (naive, seasonal-naive) on the same test split, keyed by baseline name. */
  baselines: Record<string, Metrics>;
  /** A tuning sweep scored on the same test points as this run, when one finished with it. */
  sweep?: SweepSummary;
}

/** A finished tuning sweep, as kept with a saved run. */
export interface SweepSummary {
  /** Every model, best validation loss first. */
  models: { label: string; cell: CellKind; bestVal: number; bestEpoch: number; status: string }[];
  /** Labels of the ensemble's members. */
  members: string[];
  ensembles: { kind: 'mean' | 'median'; metrics: Metrics }[];
  elapsedMs: number;
}

/** The heavy part, stored apart so listing runs never loads weights. */
export interface RunPayload {
  id: string;
  /** Flat parameter vector per model, in `paramLayout` order. */
  weights: Partial<Record<CellKind, Float32Array>>;
  predictions: PredictionTable | null;
  /** The data as prepared and each network's start, for its PyTorch project; runs saved before it lack it. */
  project?: ProjectSource;
}

export type SavedRun = RunSummary & { payload: RunPayload };

export function splitRun(run: SavedRun): { summary: RunSummary; payload: RunPayload } {
  const { payload, ...summary } = run;
  return { summary, payload: { ...payload, id: run.id } };
}

/** A unique id that sorts by creation time. */
export function newRunId(now = Date.now(), random = Math.random): string {
  return `${now.toString(36).padStart(9, '0')}-${Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
}
