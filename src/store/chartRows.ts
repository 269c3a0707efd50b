// Shapes worker results into the rows the charts and the metrics table draw. Pure; the store calls
// these when a batch of data arrives, so components only read ready-made rows.

import { CELLS, type CellKind, MODEL_NAME } from '../config';
import type { ForecastMetrics } from '../engine/metrics';
import type {
  BaselineForecast,
  BaselineResult,
  EvaluationContext,
  LossPoint,
  ModelResult,
} from '../worker/protocol';

export interface LossRow {
  epoch: number;
  lstmTrain?: number;
  lstmVal?: number;
  gruTrain?: number;
  gruVal?: number;
}

/**
 * Adds a batch of loss points to the per-model lists. An end-of-epoch point replaces the running
 * points inside that epoch, so finished epochs show one train value each and the live epoch shows
 * its running means.
 */
export function addLossPoints(
  current: Record<CellKind, LossPoint[]>,
  points: LossPoint[],
): Record<CellKind, LossPoint[]> {
  if (points.length === 0) return current;
  const next = { lstm: current.lstm, gru: current.gru };
  for (const cell of CELLS) {
    const mine = points.filter((p) => p.model === cell);
    if (mine.length === 0) continue;
    let list = [...next[cell]];
    for (const p of mine) {
      if (p.kind === 'epoch') list = list.filter((q) => q.kind === 'epoch' || q.epoch <= p.epoch - 1);
      list.push(p);
    }
    next[cell] = list;
  }
  return next;
}

export function lossRows(points: Record<CellKind, LossPoint[]>): LossRow[] {
  const byEpoch = new Map<number, LossRow>();
  const row = (epoch: number) => {
    let r = byEpoch.get(epoch);
    if (!r) byEpoch.set(epoch, (r = { epoch }));
    return r;
  };
  for (const cell of CELLS) {
    for (const p of points[cell]) {
      const r = row(p.epoch);
      if (cell === 'lstm') {
        r.lstmTrain = p.train;
        if (p.val !== undefined && Number.isFinite(p.val)) r.lstmVal = p.val;
      } else {
        r.gruTrain = p.train;
        if (p.val !== undefined && Number.isFinite(p.val)) r.gruVal = p.val;
      }
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** One sentence per model about the latest epoch, for screen readers and the chart caption. */
export function lossSummary(points: Record<CellKind, LossPoint[]>): string {
  const parts: string[] = [];
  for (const cell of CELLS) {
    const name = MODEL_NAME[cell];
    const epochs = points[cell].filter((p) => p.kind === 'epoch');
    const last = epochs.at(-1);
    if (!last) continue;
    const first = epochs[0];
    const val = last.val !== undefined && Number.isFinite(last.val) ? `, val loss ${fmt(last.val)}` : '';
    const trend = epochs.length > 1 ? ` (train loss was ${fmt(first.train)} at epoch ${first.epoch})` : '';
    parts.push(`${name} train loss ${fmt(last.train)}${val} at epoch ${last.epoch}${trend}`);
  }
  return parts.length > 0 ? `${parts.join('; ')}.` : 'No completed epochs yet.';
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(2);
}

/**
 * The rows beside the networks that forecast past the data, by result name, and their keys in the chart
 * rows: the classical baselines and the combination of models (worker/combination.ts).
 */
export const CLASSICAL_KEYS = {
  ETS: 'ets',
  ARIMA: 'arima',
  Theta: 'theta',
  combination: 'combination',
} as const;
export type ClassicalName = keyof typeof CLASSICAL_KEYS;
export type ClassicalKey = (typeof CLASSICAL_KEYS)[ClassicalName];

/** Band keys: each network's and each classical forecast's bounds at 80 % and 95 %, e.g. 'lstm80', 'ets95'. */
export type BandKey = `${CellKind | ClassicalKey}${80 | 95}`;

/** One time step of a chart. In forecast rows past the data, `ets`, `arima`, `theta` are their forecasts. */
export interface SeriesRow extends Partial<Record<BandKey, [number, number]>> {
  time: number;
  actual?: number;
  lstm?: number;
  gru?: number;
  naive?: number;
  seasonal?: number;
  /** The tuning sweep's ensemble (mean of its best models), when it ran on the same test points. */
  ensemble?: number;
  ets?: number;
  arima?: number;
  theta?: number;
  combination?: number;
}

/** A classical baseline's (or the combination's) forecast past the data, with its key in the chart rows. */
export interface ClassicalForecast {
  name: ClassicalName;
  /** What the page calls it: 'ETS', 'ARIMA', 'Theta', 'Combination'. */
  label: string;
  key: ClassicalKey;
  forecast: BaselineForecast;
}

/** What the page calls a row of the comparison by its result name, e.g. 'combination' → 'Combination'. */
export function rowLabel(name: string): string {
  const labels: Record<string, string> = {
    lstm: 'LSTM',
    gru: 'GRU',
    naive: 'Naive',
    'seasonal-naive': 'Seasonal naive',
    combination: 'Combination',
  };
  return labels[name] ?? name;
}

/** The classical rows that carry a forecast past the data, in table order. */
export function classicalForecasts(baselines: readonly BaselineResult[]): ClassicalForecast[] {
  return baselines.flatMap((b) =>
    b.forecast && b.name in CLASSICAL_KEYS
      ? [
          {
            name: b.name as ClassicalName,
            label: rowLabel(b.name),
            key: CLASSICAL_KEYS[b.name as ClassicalName],
            forecast: b.forecast,
          },
        ]
      : [],
  );
}

/** The band key of a level, when it is one the charts draw (80 % or 95 %). */
function bandKey(prefix: CellKind | ClassicalKey, level: number): BandKey | null {
  const percent = Math.round(level * 100);
  return percent === 80 || percent === 95 ? `${prefix}${percent}` : null;
}

/** The band keys of a model, with their interval. */
function bandsOf(result: ModelResult | undefined, cell: CellKind) {
  return (result?.intervals ?? []).flatMap((interval) => {
    const key = bandKey(cell, interval.level);
    return key ? [{ key, interval }] : [];
  });
}

/** Value of window w at horizon step `step` and target column `column` from a (W, horizon, K) array. */
function at(values: Float64Array, context: EvaluationContext, w: number, step: number, column: number) {
  const K = context.targets.length;
  return values[(w * context.horizon + step) * K + column];
}

/** Test windows: actual vs each model's and baseline's one-step-ahead forecast, one target column. */
export function predictionRows(
  context: EvaluationContext,
  results: Partial<Record<CellKind, ModelResult>>,
  baselines: BaselineResult[],
  column = 0,
): SeriesRow[] {
  const naive = baselines.find((b) => b.name === 'naive');
  const seasonal = baselines.find((b) => b.name === 'seasonal-naive');
  const ets = baselines.find((b) => b.name === 'ETS');
  const arima = baselines.find((b) => b.name === 'ARIMA');
  const theta = baselines.find((b) => b.name === 'Theta');
  const combination = baselines.find((b) => b.name === 'combination');
  const bands = [...bandsOf(results.lstm, 'lstm'), ...bandsOf(results.gru, 'gru')];
  return Array.from(context.testTime, (time, w) => {
    const row: SeriesRow = { time, actual: at(context.testActual, context, w, 0, column) };
    if (results.lstm) row.lstm = at(results.lstm.testPredictions, context, w, 0, column);
    if (results.gru) row.gru = at(results.gru.testPredictions, context, w, 0, column);
    if (naive) row.naive = at(naive.testPredictions, context, w, 0, column);
    if (seasonal) row.seasonal = at(seasonal.testPredictions, context, w, 0, column);
    if (ets) row.ets = at(ets.testPredictions, context, w, 0, column);
    if (arima) row.arima = at(arima.testPredictions, context, w, 0, column);
    if (theta) row.theta = at(theta.testPredictions, context, w, 0, column);
    if (combination) row.combination = at(combination.testPredictions, context, w, 0, column);
    for (const { key, interval } of bands) {
      row[key] = [
        at(interval.testLower, context, w, 0, column),
        at(interval.testUpper, context, w, 0, column),
      ];
    }
    return row;
  });
}

/**
 * The end of the data followed by each model's forecast past it, and each classical baseline's (ETS,
 * ARIMA, Theta refitted on every row) with its bands; the forecasts start at the last actual value.
 */
export function forecastRows(
  context: EvaluationContext,
  results: Partial<Record<CellKind, ModelResult>>,
  column = 0,
  /** (steps, K) the sweep's mean-ensemble forecast, drawn beside the networks'. */
  ensemble: Float64Array | null = null,
  /** While a model trains: its latest forecast, drawn (without bands) until its result replaces it. */
  previews: Partial<Record<CellKind, { forecast: Float64Array }>> = {},
  baselines: readonly BaselineResult[] = [],
): SeriesRow[] {
  const K = context.targets.length;
  const rows: SeriesRow[] = Array.from(context.historyTime, (time, i) => ({
    time,
    actual: context.historyValues[i * K + column],
  }));
  const last = rows.at(-1);
  if (!last) return rows;
  const forecasts: Partial<Record<CellKind, Float64Array>> = {};
  for (const cell of CELLS) {
    const f = results[cell]?.forecast ?? previews[cell]?.forecast;
    if (f) forecasts[cell] = f;
  }
  if (forecasts.lstm) last.lstm = last.actual;
  if (forecasts.gru) last.gru = last.actual;
  if (ensemble) last.ensemble = last.actual;
  const classical = classicalForecasts(baselines);
  for (const { key } of classical) last[key] = last.actual;
  const bands = [
    ...bandsOf(results.lstm, 'lstm'),
    ...bandsOf(results.gru, 'gru'),
    ...classical.flatMap(({ key: prefix, forecast }) =>
      forecast.bands.flatMap((b) => {
        const key = bandKey(prefix, b.level);
        return key ? [{ key, interval: { forecastLower: b.lower, forecastUpper: b.upper } }] : [];
      }),
    ),
  ];
  // bands open from the last observation, like the forecasts
  for (const { key } of bands) if (last.actual !== undefined) last[key] = [last.actual, last.actual];
  context.forecastTime.forEach((time, k) => {
    const row: SeriesRow = { time };
    let any = false;
    for (const cell of CELLS) {
      const f = forecasts[cell];
      if (f && k * K < f.length) {
        row[cell] = f[k * K + column];
        any = true;
      }
    }
    if (ensemble && k * K < ensemble.length) {
      row.ensemble = ensemble[k * K + column];
      any = true;
    }
    for (const { key, forecast } of classical) {
      if (k * K < forecast.values.length) {
        row[key] = forecast.values[k * K + column];
        any = true;
      }
    }
    for (const { key, interval } of bands) {
      if (k * K < interval.forecastLower.length)
        row[key] = [interval.forecastLower[k * K + column], interval.forecastUpper[k * K + column]];
    }
    if (any) rows.push(row);
  });
  return rows;
}

/** The sweep's ensembles as rows of the comparison (same test points as the run). */
export interface EnsembleRow {
  id: 'ensemble-mean' | 'ensemble-median';
  name: string;
  metrics: ForecastMetrics;
}

export interface MetricsRow {
  id: CellKind | BaselineResult['name'] | EnsembleRow['id'];
  name: string;
  metrics: ForecastMetrics;
  params?: number;
  trainMs?: number;
  samplesPerSec?: number;
  bestEpoch?: number;
  /** Models only: relative MASE against the best baseline (naive, seasonal naive, ETS, ARIMA, Theta), e.g. −0.23. */
  vsBestBaseline?: number;
  /** Lowest MASE of all rows (lowest RMSE when MASE is unknown). */
  best: boolean;
}

/** What ranks rows: MASE; saved runs from before MASE fall back to RMSE (same test points, same units). */
function score(r: MetricsRow): number {
  return Number.isFinite(r.metrics.mase) ? r.metrics.mase : r.metrics.rmse;
}

/** Whether two comparisons score the same test points (same targets, windows and times). */
export function sameTestPoints(a: EvaluationContext, b: EvaluationContext): boolean {
  return (
    a.horizon === b.horizon &&
    a.targets.join('\u0000') === b.targets.join('\u0000') &&
    a.testTime.length === b.testTime.length &&
    a.testTime.every((t, i) => t === b.testTime[i]) &&
    a.testActual.every((v, i) => v === b.testActual[i] || (Number.isNaN(v) && Number.isNaN(b.testActual[i])))
  );
}

/** Rows that are forecasting models (the networks, their ensembles, the combination), not baselines. */
function isModel(r: MetricsRow): boolean {
  return (
    r.id === 'lstm' ||
    r.id === 'gru' ||
    r.id === 'ensemble-mean' ||
    r.id === 'ensemble-median' ||
    r.id === 'combination'
  );
}

export function metricsRows(
  results: Partial<Record<CellKind, ModelResult>>,
  baselines: BaselineResult[],
  ensembles: EnsembleRow[] = [],
): MetricsRow[] {
  const rows: MetricsRow[] = [];
  for (const cell of CELLS) {
    const name = MODEL_NAME[cell];
    const r = results[cell];
    if (!r) continue;
    rows.push({
      id: cell,
      name,
      metrics: r.metrics,
      params: r.params,
      trainMs: r.trainMs,
      samplesPerSec: r.samplesPerSec,
      bestEpoch: r.bestEpoch,
      best: false,
    });
  }
  for (const e of ensembles) rows.push({ ...e, best: false });
  for (const b of baselines)
    rows.push({ id: b.name, name: b.label, metrics: b.metrics, trainMs: b.fitMs, best: false });
  const finite = rows.filter((r) => Number.isFinite(score(r)));
  if (finite.length > 0) {
    const lowest = Math.min(...finite.map(score));
    for (const r of finite) r.best = score(r) === lowest;
  }
  const baselineScores = rows.filter((r) => !isModel(r)).map(score);
  const bestBaseline = Math.min(...baselineScores.filter(Number.isFinite));
  if (Number.isFinite(bestBaseline) && bestBaseline > 0) {
    for (const r of rows) {
      if (isModel(r)) r.vsBestBaseline = score(r) / bestBaseline - 1;
    }
  }
  return rows;
}

/**
 * One sentence above the metrics table saying who won, by how much, and how much that is worth: the best
 * network against the best baseline by MASE, with the two networks' own gap as the yardstick of what
 * another training run can change (one seed, one test cut).
 */
export function comparisonSentence(rows: MetricsRow[]): string | null {
  const finite = rows.filter((r) => Number.isFinite(score(r)));
  const byScore = (a: MetricsRow, b: MetricsRow) => score(a) - score(b);
  // the networks and the sweep's ensembles against the baselines; the two networks' gap is the yardstick
  const nets = finite.filter(isModel).sort(byScore);
  const pair = finite.filter((r) => r.id === 'lstm' || r.id === 'gru').sort(byScore);
  const others = finite.filter((r) => !isModel(r)).sort(byScore);
  if (nets.length === 0 || others.length === 0) return null;
  const metric = Number.isFinite(nets[0].metrics.mase) ? 'MASE' : 'RMSE';
  const net = nets[0];
  const base = others[0];
  const label = (r: MetricsRow) => r.name.replace(/ \(.*\)$/, '');
  const fmt = (x: number) => x.toPrecision(3);
  // the gap as the table's "vs best baseline" column gives it: the model's score over the best baseline's
  const relative = score(net) / score(base) - 1;
  const percent = (x: number) => Math.round(Math.abs(x) * 100);
  const losingModel = net.id === 'lstm' || net.id === 'gru' ? 'the better network' : 'the best model';
  let sentence =
    relative <= 0
      ? `${label(net)} has the lowest ${metric} (${fmt(score(net))}), ${percent(relative)} % below the best baseline, ${label(base)} (${fmt(score(base))}).`
      : `${label(base)} has the lowest ${metric} (${fmt(score(base))}); ${losingModel}, ${label(net)} (${fmt(score(net))}), is ${percent(relative)} % above it.`;
  if (pair.length === 2) {
    const spread = score(pair[1]) / score(pair[0]) - 1;
    const networks = percent(spread) === 0 ? 'within 1 % of each other' : `${percent(spread)} % apart`;
    sentence +=
      spread >= Math.abs(relative)
        ? ` That is within the ${percent(spread)} % between the two networks, so another seed could change the order.`
        : ` The two networks are ${networks}, less than that gap.`;
  }
  return sentence;
}
