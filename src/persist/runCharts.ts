// Chart rows for a saved run: its loss curves, two runs' curves side by side, and its predictions.
// Pure: the UI only draws what these return.

import { type CellKind, MODEL_NAME } from '../config';
import type { PredictionTable, RunSummary } from './runRecord';

export interface HistoryRow {
  epoch: number;
  lstmTrain?: number;
  lstmVal?: number;
  gruTrain?: number;
  gruVal?: number;
}

const finite = (v: number) => (Number.isFinite(v) ? v : undefined);

/** One row per epoch with the train and validation loss of each model the run trained. */
export function historyRows(run: RunSummary): HistoryRow[] {
  const byEpoch = new Map<number, HistoryRow>();
  for (const m of run.models) {
    for (const p of m.history) {
      const row = byEpoch.get(p.epoch) ?? { epoch: p.epoch };
      row[`${m.cell}Train`] = finite(p.train);
      row[`${m.cell}Val`] = finite(p.val);
      byEpoch.set(p.epoch, row);
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

export interface CompareSeries {
  key: string;
  label: string;
  cell: CellKind;
  /** 0 for the first run, 1 for the second. */
  run: number;
}

/**
 * Loss curves of two runs in one table: columns `r0_lstm`, `r0_gru`, `r1_lstm`, `r1_gru` hold the chosen loss
 * (validation, or training when a run has no validation loss).
 */
export function compareRows(
  runs: RunSummary[],
  which: 'train' | 'val',
  /** Curve label of run `run`'s network `cell` (e.g. its differing settings); the run's name by default. */
  label: (run: number, cell: CellKind) => string = (run, cell) => `${runs[run].name} · ${MODEL_NAME[cell]}`,
): { rows: Record<string, number>[]; series: CompareSeries[] } {
  const byEpoch = new Map<number, Record<string, number>>();
  const series: CompareSeries[] = [];
  runs.forEach((run, r) => {
    for (const m of run.models) {
      const key = `r${r}_${m.cell}`;
      series.push({ key, label: label(r, m.cell), cell: m.cell, run: r });
      for (const p of m.history) {
        const v = which === 'val' && Number.isFinite(p.val) ? p.val : p.train;
        if (!Number.isFinite(v)) continue;
        const row = byEpoch.get(p.epoch) ?? { epoch: p.epoch };
        row[key] = v;
        byEpoch.set(p.epoch, row);
      }
    }
  });
  return { rows: [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch), series };
}

/** The classical baselines whose forecast past the data a saved run keeps (PredictionTable.baselines keys). */
export const SAVED_CLASSICAL = [
  { key: 'ets', name: 'ETS' },
  { key: 'arima', name: 'ARIMA' },
  { key: 'theta', name: 'Theta' },
  { key: 'combination', name: 'Combination' },
] as const;

export interface PredictionRow {
  time: number;
  actual?: number;
  lstm?: number;
  gru?: number;
  /** The classical forecasts, on the forecast rows only. */
  ets?: number;
  arima?: number;
  theta?: number;
  combination?: number;
}

/** Actual vs predicted for one target column, test rows then forecast rows (with the classical forecasts). */
export function predictionRowsOf(table: PredictionTable, column = 0): PredictionRow[] {
  const K = table.targets.length;
  return Array.from(table.time, (time, r) => {
    const row: PredictionRow = {
      time,
      actual: finite(table.actual[r * K + column]),
      lstm: table.predicted.lstm ? finite(table.predicted.lstm[r * K + column]) : undefined,
      gru: table.predicted.gru ? finite(table.predicted.gru[r * K + column]) : undefined,
    };
    if (row.actual === undefined) {
      for (const { key } of SAVED_CLASSICAL) {
        const values = table.baselines?.[key];
        const v = values ? finite(values[r * K + column]) : undefined;
        if (v !== undefined) row[key] = v;
      }
    }
    return row;
  });
}

/** The classical baselines with a forecast past the data in a saved table. */
export function savedClassicalForecasts(table: PredictionTable): (typeof SAVED_CLASSICAL)[number][] {
  const K = table.targets.length;
  return SAVED_CLASSICAL.filter(({ key }) => {
    const values = table.baselines?.[key];
    if (!values) return false;
    for (let r = 0; r < table.time.length; r++)
      if (Number.isNaN(table.actual[r * K]) && Number.isFinite(values[r * K])) return true;
    return false;
  });
}
