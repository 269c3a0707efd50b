// ETS as a row of the comparison: fitted on training + validation rows, scored on the networks' test
// windows, and never reading a value after a window's origin.
import { describe, expect, test } from 'vitest';
import { ets } from '../../../src/baselines/ets';
import type { BaselineFitter } from '../../../src/baselines/types';
import { classicalBaselines } from '../../../src/worker/classical';
import { evaluationContext } from '../../../src/worker/evaluation';
import { preparedSeries } from '../seriesFixture';

const dataset = (values: number[]) => preparedSeries(values, 2);

const seasonal = Array.from({ length: 120 }, (_, t) => 20 + 0.2 * t + 5 * Math.sin((2 * Math.PI * t) / 12));

describe('classical baselines in the comparison', () => {
  test('ETS forecasts every test window and step, close to a smooth seasonal series', async () => {
    const data = await dataset(seasonal);
    const context = evaluationContext(data, 12, 2);
    const [row] = classicalBaselines(data, context, [ets], () => 0);
    expect(row.name).toBe('ETS');
    expect(row.label).toMatch(/^ETS \(ETS\(/);
    expect(row.testPredictions).toHaveLength(context.testActual.length);
    expect(row.metrics.mase).toBeLessThan(0.2);
  });

  test('a spike planted after a window origin changes no forecast made from that origin', async () => {
    const seen: number[] = [];
    const spy: BaselineFitter = {
      name: 'ETS',
      fit() {
        return {
          description: 'last value',
          forecastFrom(history, h) {
            seen.push(history.length);
            return new Float64Array(h).fill(history[history.length - 1]);
          },
        };
      },
    };
    const clean = await dataset(seasonal);
    const origin = clean.windows.test.inputStart(3) + 12; // first target row of test window 3
    const spiked = await dataset(seasonal.map((v, t) => (t === origin ? 1e9 : v)));
    const context = evaluationContext(spiked, 12, 2);
    const [row] = classicalBaselines(spiked, context, [spy], () => 0);
    const [before] = classicalBaselines(clean, evaluationContext(clean, 12, 2), [spy], () => 0);
    // windows up to 3 forecast from origins at or before the spike: identical predictions
    for (let i = 0; i < 4 * 2; i++) expect(row.testPredictions[i]).toBe(before.testPredictions[i]);
    expect(Math.max(...seen)).toBeLessThanOrEqual(spiked.length - 2);
  });

  test('a fitter that throws gives a row of NaN that says why', async () => {
    const data = await dataset(seasonal);
    const broken: BaselineFitter = {
      name: 'ARIMA',
      fit() {
        throw new Error('singular matrix');
      },
    };
    const [row] = classicalBaselines(data, evaluationContext(data, 12, 2), [broken], () => 0);
    expect(row.label).toBe('ARIMA (could not be fitted: singular matrix)');
    expect(Number.isNaN(row.metrics.rmse)).toBe(true);
  });
});
