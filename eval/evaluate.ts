// Trains both networks on one series exactly as the playground does (the same TrainingSession, the CPU
// engine, the default settings and the window the page suggests) and collects the comparison table.

import { CLASSICAL_BASELINES } from '../src/baselines';
import { DEFAULT_MODEL_SETTINGS, MODEL_NAME, type ModelSettings } from '../src/config';
import { prepareDataset } from '../src/data/prepare';
import { suggestWindow } from '../src/data/suggest';
import {
  type ColumnRole,
  DEFAULT_PREPARE_OPTIONS,
  type ParsedTable,
  type PreparedDataset,
  type PrepareOptions,
} from '../src/data/types';
import type { ForecastMetrics } from '../src/engine/metrics';
import { createCpuModel } from '../src/engine/reference/cpuModel';
import type { CellKind } from '../src/engine/types';
import { modelSetup } from '../src/store/modelSettings';
import type { BaselineResult, FromWorker, ModelResult } from '../src/worker/protocol';
import { TrainingSession } from '../src/worker/session';
import { type EvalSeries, loadTable } from './suite';

export interface SeriesResult {
  name: string;
  source: string;
  rows: number;
  season: number;
  window: number;
  testPoints: number;
  metrics: Record<string, { rmse: number; mase: number }>;
  /** Share of test values inside the networks' 80 % and 95 % bands, averaged over LSTM and GRU. */
  coverage: { p80: number; p95: number };
  epochs: Record<string, number>;
  seconds: number;
}

/** Settings an experiment may change (`--set key=value`); the defaults are the playground's. */
export interface Overrides {
  prepare?: Partial<PrepareOptions>;
  model?: Partial<ModelSettings>;
  /** Window length instead of the suggestion. */
  window?: number;
  /** Train these networks only (`--set cells=gru`), e.g. for a seed experiment on one of them. */
  cells?: CellKind[];
  /** Refits whose median forecasts past the data (`--set refitMembers=1`), instead of REFIT_MEMBERS. */
  refitMembers?: number;
}

function pick(m: ForecastMetrics) {
  return { rmse: m.rmse, mase: m.mase };
}

/** What one run of the page's training session left: the prepared data, the window and every message. */
export interface SessionRun {
  data: PreparedDataset;
  inputLength: number;
  messages: FromWorker[];
}

/**
 * Prepares `table` as the playground does (its defaults and suggested window, unless overridden) and runs one
 * TrainingSession of both networks on the CPU engine, forecasting `forecastSteps` past the data.
 */
export async function runSession(
  name: string,
  table: ParsedTable,
  roles: ColumnRole,
  overrides: Overrides,
  run: { forecastSteps?: number; classical?: boolean; backtest?: boolean; season?: number } = {},
): Promise<SessionRun> {
  const base: PrepareOptions = { ...DEFAULT_PREPARE_OPTIONS, ...overrides.prepare };
  const suggestion = suggestWindow(table, roles, base);
  if (!suggestion) throw new Error(`${name}: the roles cannot be prepared`);
  const inputLength = overrides.window ?? suggestion.inputLength;
  const options: PrepareOptions = { ...base, window: { ...base.window, inputLength } };
  const prepared = prepareDataset(table, roles, options);
  if (!prepared.ok) throw new Error(`${name}: ${prepared.error.message}`);
  const data = prepared.dataset;
  const settings: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, ...overrides.model };
  const shape = { inputSize: data.featureIndex.length, outputSize: data.outputSize };

  const messages: FromWorker[] = [];
  const session = new TrainingSession(
    1,
    data,
    { lstm: modelSetup('lstm', settings, shape), gru: modelSetup('gru', settings, shape) },
    {
      createModel: async (c, o, w) => createCpuModel(c, o, w),
      createModels: (configs, optimizers) =>
        Promise.all(configs.map((c, i) => createCpuModel(c, optimizers[i]))),
      recover: async () => 'CPU engine',
    },
    (m) => messages.push(m),
    {
      now: () => performance.now(),
      yieldToEvents: async () => {},
      flushMs: 1e9,
      yieldMs: 1e9,
      previewMs: 0, // no page to draw them: the timings stay the training's own
      classical: run.classical === false ? [] : CLASSICAL_BASELINES,
      backtest: run.backtest ?? true,
      ...(overrides.cells ? { cells: overrides.cells } : {}),
      ...(overrides.refitMembers ? { refitMembers: overrides.refitMembers } : {}),
    },
    { season: run.season ?? 0, forecastSteps: run.forecastSteps ?? data.windows.config.horizon },
  );
  await session.run();
  for (const m of messages) if (m.type === 'failed') throw new Error(`${name}: ${m.error.message}`);
  return { data, inputLength, messages };
}

export async function evaluateSeries(series: EvalSeries, overrides: Overrides = {}): Promise<SeriesResult> {
  const started = performance.now();
  const table = await loadTable(series);
  const { data, inputLength, messages } = await runSession(series.name, table, series.roles, overrides);

  const begun = messages.find((m) => m.type === 'started');
  if (begun?.type !== 'started') throw new Error(`${series.name}: the session did not start`);
  const metrics: SeriesResult['metrics'] = {};
  const epochs: SeriesResult['epochs'] = {};
  const covered: Record<'p80' | 'p95', number[]> = { p80: [], p95: [] };
  for (const m of messages) {
    if (m.type !== 'result') continue;
    const r: ModelResult = m.result;
    metrics[MODEL_NAME[r.model]] = pick(r.metrics);
    epochs[MODEL_NAME[r.model]] = r.epochsRun;
    for (const i of r.intervals) covered[i.level === 0.8 ? 'p80' : 'p95'].push(i.coverage);
  }
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const classical = messages.flatMap((m) => (m.type === 'classical' ? m.baselines : []));
  for (const b of [...begun.baselines, ...classical] as BaselineResult[]) metrics[b.name] = pick(b.metrics);
  return {
    name: series.name,
    source: series.source,
    rows: data.length,
    season: begun.context.season,
    window: inputLength,
    testPoints: begun.context.testActual.length,
    metrics,
    coverage: { p80: mean(covered.p80), p95: mean(covered.p95) },
    epochs,
    seconds: (performance.now() - started) / 1000,
  };
}
