// One M3 series under the competition's protocol: the page's defaults and training session on the history
// (as a user dropping it as a CSV would get them), the forecast past its end scored against the hidden
// values, beside our classical methods fitted on the same history and the original submissions.

import { CLASSICAL_BASELINES } from '../../src/baselines';
import { seasonalNaive } from '../../src/baselines/naive';
import { PAGE_NETWORK } from '../../src/config';
import { parseCsvText } from '../../src/data/parse/parseCsv';
import { medianAcross } from '../../src/worker/combination';
import type { FromWorker, ModelResult } from '../../src/worker/protocol';
import { type Overrides, runSession } from '../evaluate';
import { historyCsv, M3_SETS, type M3Series, SUBMISSIONS } from './data';
import { covered, insideByStep, mase, smape } from './score';

export interface RowScore {
  smape: number;
  mase: number;
}

export interface M3SeriesResult {
  id: string;
  category: string;
  set: M3Series['set'];
  historyLength: number;
  window: number;
  /** Season the page's session chose for its own comparison (the M3 rows use the set's m). */
  pageSeason: number;
  scores: Record<string, RowScore>;
  /** Share of the hidden values inside each row's 80 % and 95 % bands, and at each step whether it was inside. */
  coverage: Record<string, BandCoverage>;
  /** Which network had the lower validation loss (the `lower validation loss` row). */
  presented: string;
  /** With --recommended: the row the page recommended by its validation backtest. */
  recommendedRow?: string;
  /** The forecasts scored, by row, for the worst-series list. */
  forecasts: Record<string, number[]>;
  seconds: number;
}

export interface BandCoverage {
  p80: number;
  p95: number;
  /** Per step ahead: 1 when the hidden value lies inside the band, else 0. */
  byStep: { p80: number[]; p95: number[] };
}

function bandCoverage(
  actual: readonly number[],
  p80: { lower: ArrayLike<number>; upper: ArrayLike<number> },
  p95: { lower: ArrayLike<number>; upper: ArrayLike<number> },
): BandCoverage {
  return {
    p80: covered(actual, p80.lower, p80.upper),
    p95: covered(actual, p95.lower, p95.upper),
    byStep: {
      p80: insideByStep(actual, p80.lower, p80.upper),
      p95: insideByStep(actual, p95.lower, p95.upper),
    },
  };
}

const NETWORK_ROW = { lstm: 'LSTM', gru: 'GRU' } as const;

export async function evaluateM3Series(
  s: M3Series,
  overrides: Overrides = {},
  options: { recommended?: boolean } = {},
): Promise<M3SeriesResult> {
  const started = performance.now();
  const { horizon, season } = M3_SETS[s.set];
  const parsed = await parseCsvText(historyCsv(s));
  if (!parsed.ok) throw new Error(`${s.id}: ${parsed.error.message}`);
  const roles = { timeColumn: 'date', targets: ['value'], features: ['value'] };
  const recommended = options.recommended === true;
  const run = await runSession(s.id, parsed.table, roles, overrides, {
    forecastSteps: horizon,
    classical: recommended,
    backtest: recommended,
  });
  const begun = run.messages.find((m) => m.type === 'started');
  const forecasts: Record<string, number[]> = {};
  const coverage: M3SeriesResult['coverage'] = {};
  const results = run.messages.flatMap((m) => (m.type === 'result' ? [m.result] : []));
  for (const r of results) {
    const row = NETWORK_ROW[r.model];
    forecasts[row] = Array.from(r.forecast.subarray(0, horizon));
    const band = (level: number) => r.intervals.find((i) => i.level === level);
    const p80 = band(0.8);
    const p95 = band(0.95);
    if (p80 && p95) {
      coverage[row] = bandCoverage(
        s.test,
        { lower: p80.forecastLower, upper: p80.forecastUpper },
        { lower: p95.forecastLower, upper: p95.forecastUpper },
      );
    }
  }
  if (forecasts.LSTM && forecasts.GRU)
    forecasts['LSTM+GRU mean'] = forecasts.LSTM.map((v, i) => (v + forecasts.GRU[i]) / 2);
  const byValidation = lowerValidationLoss(results);
  forecasts['lower validation loss'] = forecasts[byValidation];
  forecasts.network = forecasts[NETWORK_ROW[PAGE_NETWORK]];
  coverage.network = coverage[NETWORK_ROW[PAGE_NETWORK]];

  for (const name of SUBMISSIONS) forecasts[name] = s.submissions[name];
  for (const fitter of CLASSICAL_BASELINES) {
    try {
      const fitted = fitter.fit(s.history, season);
      forecasts[fitter.name] = Array.from(fitted.forecastFrom(s.history, horizon));
      const bands = fitted.forecastIntervals?.(s.history, horizon, [0.8, 0.95]);
      if (bands) {
        coverage[fitter.name] = bandCoverage(
          s.test,
          { lower: bands.lower[0], upper: bands.upper[0] },
          { lower: bands.lower[1], upper: bands.upper[1] },
        );
      }
    } catch {
      // a method that cannot be fitted leaves its row out for this series; the report counts the gaps
    }
  }
  const n = s.history.length;
  forecasts['seasonal naive'] = Array.from(
    seasonalNaive.fit(s.history, season).forecastFrom(s.history, horizon),
  );
  const members = ['network', 'ETS', 'ARIMA', 'Theta'].filter((row) => forecasts[row]);
  if (members.length === 4)
    forecasts.combination = Array.from(
      medianAcross(
        members.map((row) => forecasts[row]),
        horizon,
      ),
    );
  let recommendedRow: string | undefined;
  if (recommended) {
    recommendedRow = recommendedName(run.messages);
    const f = recommendedRow
      ? recommendedForecast(recommendedRow, run.messages, forecasts, s.history, horizon)
      : null;
    if (f) forecasts.recommended = f;
  }

  const scores: M3SeriesResult['scores'] = {};
  for (const [row, f] of Object.entries(forecasts)) {
    scores[row] = { smape: smape(s.test, f), mase: mase(s.history, s.test, f, season) };
  }
  return {
    id: s.id,
    category: s.category,
    set: s.set,
    historyLength: n,
    window: run.inputLength,
    pageSeason: begun?.type === 'started' ? begun.context.season : Number.NaN,
    scores,
    coverage,
    presented: byValidation,
    ...(recommendedRow ? { recommendedRow } : {}),
    forecasts,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The row the page's validation backtest recommends, if it ran. */
function recommendedName(messages: FromWorker[]): string | undefined {
  const backtest = messages.flatMap((m) => (m.type === 'backtest' ? [m.backtest] : [])).at(-1);
  return backtest?.recommendation?.name;
}

/** The forecast past the data of the page's row `name`: the session's own (networks, classical rows, combination). */
function recommendedForecast(
  name: string,
  messages: FromWorker[],
  scored: Record<string, number[]>,
  history: readonly number[],
  horizon: number,
): number[] | null {
  const byName: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', 'seasonal-naive': 'seasonal naive' };
  if (name === 'naive') return new Array<number>(horizon).fill(history[history.length - 1]);
  if (byName[name]) return scored[byName[name]] ?? null;
  const row = messages
    .flatMap((m) => (m.type === 'classical' ? m.baselines : []))
    .find((b) => b.name === name);
  return row?.forecast ? Array.from(row.forecast.values) : null;
}

/** Of LSTM and GRU, the lower best validation loss (never the test part). */
function lowerValidationLoss(results: ModelResult[]): string {
  const ranked = [...results].sort((a, b) => a.bestVal - b.bestVal);
  return NETWORK_ROW[ranked[0]?.model ?? 'gru'];
}
