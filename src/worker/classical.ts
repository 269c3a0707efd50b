// The classical baselines (ETS, ARIMA) as rows of the comparison: fitted on the training and validation
// rows of each target, then forecasting every test window from its own origin with the fitted parameters
// (the state follows the observations up to the origin), so they are scored on exactly the networks' test
// points and horizons.

import type { BaselineFitter } from '../baselines/types';
import { forecastMetrics } from '../engine/metrics';
import { type SessionData, targetSeries, windowStarts } from './evaluation';
import type { BaselineResult, EvaluationContext } from './protocol';

export function classicalBaselines(
  data: SessionData,
  context: EvaluationContext,
  fitters: readonly BaselineFitter[],
  now: () => number,
): BaselineResult[] {
  const K = data.targetIndex.length;
  const { inputLength: T, horizon } = data.windows.config;
  const series = targetSeries(data); // (N, K)
  const fitEnd = data.splits.val.end; // training and validation rows
  const origins = Array.from(windowStarts(data.windows.test), (s) => s + T); // first target row of each window
  return fitters.map((fitter) => {
    const started = now();
    const predictions = new Float64Array(origins.length * horizon * K);
    const descriptions: string[] = [];
    try {
      for (let k = 0; k < K; k++) {
        const column = Float64Array.from({ length: data.length }, (_, t) => series[t * K + k]);
        const fitted = fitter.fit(column.subarray(0, fitEnd), context.season);
        descriptions.push(fitted.description);
        origins.forEach((origin, w) => {
          const ahead = fitted.forecastFrom(column.subarray(0, origin), horizon);
          for (let h = 0; h < horizon; h++) predictions[(w * horizon + h) * K + k] = ahead[h];
        });
      }
    } catch (err) {
      predictions.fill(Number.NaN);
      descriptions.splice(
        0,
        descriptions.length,
        `could not be fitted: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return {
      name: fitter.name as BaselineResult['name'],
      label: `${fitter.name} (${[...new Set(descriptions)].join('; ')})`,
      testPredictions: predictions,
      metrics: forecastMetrics(context.testActual, predictions, context.maseScale),
      fitMs: now() - started,
    };
  });
}
