// The combination of models: at every step, the median of the page's network (PAGE_NETWORK), ETS, ARIMA
// and Theta — on the test windows, past the end of the data with its bands, and in the backtests. The M
// competitions' lesson (combinations beat their members) checked on the M3 sample: see eval/m3/RESULTS.md.
// Its bands are the members' bounds combined the same way (the median of the lower bounds, of the upper
// bounds), a quantile average that keeps each member's own width.

import { MODEL_NAME, PAGE_NETWORK } from '../config';
import { forecastMetrics } from '../engine/metrics';
import type { BaselineForecast, BaselineResult, EvaluationContext, ModelResult } from './protocol';

/** The classical members, in the order the label lists them. */
export const COMBINED_BASELINES = ['ETS', 'ARIMA', 'Theta'] as const;
/** Fewer usable members than this and there is no combination. */
const MIN_MEMBERS = 3;

/** Element-wise median of equal-length arrays, skipping NaN; NaN where every member is NaN. */
export function medianAcross(members: readonly ArrayLike<number>[], length: number): Float64Array {
  const out = new Float64Array(length);
  const xs: number[] = [];
  for (let i = 0; i < length; i++) {
    xs.length = 0;
    for (const m of members) {
      const v = i < m.length ? m[i] : Number.NaN;
      if (Number.isFinite(v)) xs.push(v);
    }
    if (xs.length === 0) {
      out[i] = Number.NaN;
      continue;
    }
    xs.sort((a, b) => a - b);
    const mid = xs.length >> 1;
    out[i] = xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  }
  return out;
}

/** A member of the combination: its name, test predictions and forecast past the data. */
interface Member {
  name: string;
  testPredictions: Float64Array;
  forecast: Float64Array | null;
  bands: Map<number, { lower: Float64Array; upper: Float64Array }>;
}

function networkMember(result: ModelResult): Member {
  return {
    name: MODEL_NAME[result.model],
    testPredictions: result.testPredictions,
    forecast: result.forecast,
    bands: new Map(
      result.intervals.map((i) => [i.level, { lower: i.forecastLower, upper: i.forecastUpper }]),
    ),
  };
}

function baselineMember(b: BaselineResult): Member {
  return {
    name: b.name,
    testPredictions: b.testPredictions,
    forecast: b.forecast?.values ?? null,
    bands: new Map((b.forecast?.bands ?? []).map((band) => [band.level, band])),
  };
}

/** Whether a member was scored: a classical fit that failed has NaN test predictions. */
function scored(m: Member): boolean {
  return m.testPredictions.some(Number.isFinite);
}

/**
 * The combination row beside the classical baselines: the median of the page's network and the classical
 * members that were fitted, on the test windows and past the data. Null when fewer than three members are
 * usable (the network has not finished, or two classical fits failed).
 */
export function combinationResult(
  network: ModelResult | undefined,
  classical: readonly BaselineResult[],
  context: Pick<EvaluationContext, 'testActual' | 'maseScale' | 'forecastTime' | 'targets'>,
): BaselineResult | null {
  const members = [
    ...(network && network.model === PAGE_NETWORK ? [networkMember(network)] : []),
    ...COMBINED_BASELINES.flatMap((name) => {
      const b = classical.find((c) => c.name === name);
      return b ? [baselineMember(b)] : [];
    }),
  ].filter(scored);
  if (members.length < MIN_MEMBERS) return null;
  const testPredictions = medianAcross(
    members.map((m) => m.testPredictions),
    context.testActual.length,
  );
  const label = `Combination (median of ${members.map((m) => m.name).join(', ')})`;
  const result: BaselineResult = {
    name: 'combination',
    label,
    testPredictions,
    metrics: forecastMetrics(context.testActual, testPredictions, context.maseScale),
  };
  const forecast = combinedForecast(members, context.forecastTime.length * context.targets.length);
  return forecast ? { ...result, forecast } : result;
}

/** The members' forecasts past the data and their bands at the levels every forecasting member has. */
function combinedForecast(members: Member[], length: number): BaselineForecast | null {
  const forecasting = members.filter((m) => m.forecast !== null);
  if (forecasting.length < MIN_MEMBERS || length === 0) return null;
  const values = medianAcross(
    forecasting.map((m) => m.forecast as Float64Array),
    length,
  );
  const levels = [...forecasting[0].bands.keys()].filter((level) =>
    forecasting.every((m) => m.bands.has(level)),
  );
  const bands = levels.map((level) => {
    const of = forecasting.map((m) => m.bands.get(level) as { lower: Float64Array; upper: Float64Array });
    return {
      level,
      lower: medianAcross(
        of.map((b) => b.lower),
        length,
      ),
      upper: medianAcross(
        of.map((b) => b.upper),
        length,
      ),
    };
  });
  return {
    values,
    bands,
    description: `the median of ${forecasting.map((m) => m.name).join(', ')}`,
  };
}

/** (origins, steps, K) backtest forecasts of the combination from its members' forecasts, by row name. */
export function combinationBacktest(forecasts: ReadonlyMap<string, Float64Array>): Float64Array | null {
  const members = [PAGE_NETWORK as string, ...COMBINED_BASELINES].flatMap((name) => {
    const f = forecasts.get(name);
    return f?.some(Number.isFinite) ? [f] : [];
  });
  if (members.length < MIN_MEMBERS) return null;
  return medianAcross(members, members[0].length);
}
