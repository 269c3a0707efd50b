// What the page shows of a prepared dataset, as plain data: window counts, the cleaning report, the model's
// input and output sizes, the scaler, the automatic season, what the seasonal adjustment did, and the
// overview chart's rows. The dataset itself (values, windows, functions) stays in the worker that prepared
// it; only this small summary crosses to the page.

import { prepareDataset } from './prepare';
import { scalerParams } from './scaler';
import { type SeasonChoice, seasonFor } from './season';
import type { SeasonalAdjustOption } from './seasonalAdjust';
import { suggestWindow, type WindowSuggestion } from './suggest';
import type {
  CleanReport,
  ColumnRole,
  DataError,
  ParsedTable,
  PreparedDataset,
  PrepareOptions,
  ScalerParams,
  SplitName,
} from './types';

export interface OverviewRows {
  target: string;
  timeKind: PreparedDataset['timeKind'];
  rows: { time: number; value: number }[];
  /** Time at which each split starts and ends, for shading. */
  splits: { name: SplitName; from: number; to: number }[];
}

export interface PreparedSummary {
  windows: Record<SplitName, number>;
  report: CleanReport;
  timeKind: PreparedDataset['timeKind'];
  /** F and O of the models this data trains. */
  inputSize: number;
  outputSize: number;
  scaler: ScalerParams;
  overview: OverviewRows;
  /** The season an automatic (0) season length gives these rows, and why. */
  season: SeasonChoice;
  /** Per target column, what the seasonal adjustment did, in words; empty when the option is off. */
  seasonalAdjustment: SeasonalAdjustmentNote[];
}

export interface SeasonalAdjustmentNote {
  column: string;
  /** "Seasonally adjusted (multiplicative, season 12)", or "Not adjusted: " and why. */
  text: string;
}

export type PrepareSummaryOutcome = { ok: true; summary: PreparedSummary } | { ok: false; error: DataError };

export interface PrepareAnswer {
  outcome: PrepareSummaryOutcome;
  /** The window length suggested for this data, when asked (on load); already applied to `outcome`. */
  suggestion: WindowSuggestion | null;
}

/** The first target, downsampled to at most `maxPoints` for the overview chart (more SVG points cost the page
 * render time, measured with e2e/main-thread.spec.ts), with split boundaries. */
export function overviewRows(
  dataset: Pick<
    PreparedDataset,
    'columns' | 'targetIndex' | 'values' | 'time' | 'timeKind' | 'length' | 'splits'
  >,
  maxPoints = 400,
): OverviewRows {
  const C = dataset.columns.length;
  const j = dataset.targetIndex[0] ?? 0;
  const N = dataset.length;
  const every = Math.max(1, Math.ceil(N / maxPoints));
  const rows: { time: number; value: number }[] = [];
  for (let t = 0; t < N; t += every) rows.push({ time: dataset.time[t], value: dataset.values[t * C + j] });
  if (N > 0 && (N - 1) % every !== 0)
    rows.push({ time: dataset.time[N - 1], value: dataset.values[(N - 1) * C + j] });
  const splits = (['train', 'val', 'test'] as const)
    .filter((name) => dataset.splits[name].end > dataset.splits[name].start)
    .map((name) => ({
      name,
      from: dataset.time[dataset.splits[name].start],
      to: dataset.time[dataset.splits[name].end - 1],
    }));
  return { target: dataset.columns[j], timeKind: dataset.timeKind, rows, splits };
}

/**
 * What the seasonal adjustment did to each target column of `dataset`, prepared with `option`: the factors
 * its scaler holds, or why there are none. The adjustment uses the automatic season `season`, which is
 * already 1 when two seasons do not fit in the training rows, so a column with m > 1 and no factors failed
 * the seasonality test.
 */
export function seasonalAdjustmentNotes(
  dataset: Pick<PreparedDataset, 'columns' | 'targetIndex' | 'scaler' | 'splits'>,
  option: SeasonalAdjustOption,
  season: number,
): SeasonalAdjustmentNote[] {
  if (option === 'off') return [];
  return dataset.targetIndex.map((c) => {
    const factors = dataset.scaler.seasonal?.[c];
    const text = factors
      ? `Seasonally adjusted (${factors.type}, season ${factors.factors.length})`
      : season <= 1
        ? 'Not adjusted: no season (automatic season length 1)'
        : 'Not adjusted: no season in the training part';
    return { column: dataset.columns[c], text };
  });
}

export function summarise(
  dataset: PreparedDataset,
  options: Pick<PrepareOptions, 'seasonalAdjust'>,
): PreparedSummary {
  const season = seasonFor(dataset);
  return {
    windows: {
      train: dataset.windows.train.count,
      val: dataset.windows.val.count,
      test: dataset.windows.test.count,
    },
    report: dataset.report,
    timeKind: dataset.timeKind,
    inputSize: dataset.featureIndex.length,
    outputSize: dataset.outputSize,
    scaler: scalerParams(dataset.scaler),
    overview: overviewRows(dataset),
    season,
    seasonalAdjustment: seasonalAdjustmentNotes(dataset, options.seasonalAdjust ?? 'off', season.m),
  };
}

/**
 * Prepares `table` and summarises it. With `suggest`, the window length is first suggested from the data
 * (as on load) and the preparation uses it.
 */
export function prepareSummary(
  table: ParsedTable,
  roles: ColumnRole,
  options: PrepareOptions,
  suggest: boolean,
): PrepareAnswer {
  const suggestion = suggest ? suggestWindow(table, roles, options) : null;
  const used = suggestion
    ? { ...options, window: { ...options.window, inputLength: suggestion.inputLength } }
    : options;
  const prepared = prepareDataset(table, roles, used);
  return {
    outcome: prepared.ok ? { ok: true, summary: summarise(prepared.dataset, used) } : prepared,
    suggestion,
  };
}
