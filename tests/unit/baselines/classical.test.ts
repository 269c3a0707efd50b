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
      fit(values) {
        const scoring = values.length < seasonal.length; // not the refit on every row for the forecast
        return {
          description: 'last value',
          forecastFrom(history, h) {
            if (scoring) seen.push(history.length);
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

describe('classical forecasts past the data', () => {
  test('refitted on every row: the forecast starts after the last row and moves with the last value', async () => {
    const data = await dataset(seasonal);
    const context = evaluationContext(data, 12, 6);
    const [row] = classicalBaselines(data, context, [ets], () => 0);
    const forecast = row.forecast!;
    expect(forecast.values).toHaveLength(6);
    expect(forecast.description).toMatch(/^ETS\(/);
    expect(forecast.bands.map((b) => b.level)).toEqual([0.8, 0.95]);
    // the smooth series goes on: t = 120 … 125
    forecast.values.forEach((v, s) => {
      const t = 120 + s;
      expect(Math.abs(v - (20 + 0.2 * t + 5 * Math.sin((2 * Math.PI * t) / 12)))).toBeLessThan(0.5);
    });
    const [b80, b95] = forecast.bands;
    for (let s = 0; s < 6; s++) {
      expect(b95.lower[s]).toBeLessThan(b80.lower[s]);
      expect(b80.lower[s]).toBeLessThan(forecast.values[s]);
      expect(forecast.values[s]).toBeLessThan(b80.upper[s]);
      expect(b80.upper[s]).toBeLessThan(b95.upper[s]);
    }

    // the last value is in no training or validation row, only in the refit on every row
    const raised = await dataset(seasonal.map((v, t) => (t === seasonal.length - 1 ? v + 10 : v)));
    const [moved] = classicalBaselines(raised, evaluationContext(raised, 12, 6), [ets], () => 0);
    expect(moved.forecast!.values[0]).toBeGreaterThan(forecast.values[0] + 1);
  });

  test('each target is refitted on all its rows; a baseline without bounds gets none', async () => {
    const lengths: number[] = [];
    const last: BaselineFitter = {
      name: 'ETS',
      fit(values) {
        lengths.push(values.length);
        return {
          description: 'last value',
          forecastFrom: (history, h) => new Float64Array(h).fill(history[history.length - 1]),
        };
      },
    };
    const data = await dataset(seasonal);
    const [row] = classicalBaselines(data, evaluationContext(data, 12, 3), [last], () => 0);
    expect(lengths).toEqual([data.splits.val.end, data.length]);
    for (const v of row.forecast!.values) expect(v).toBeCloseTo(seasonal[seasonal.length - 1], 5);
    expect(row.forecast!.bands).toEqual([]);
  });

  test('a refit that throws leaves the scored row without a forecast', async () => {
    let calls = 0;
    const flaky: BaselineFitter = {
      name: 'ARIMA',
      fit() {
        if (++calls > 1) throw new Error('no model');
        return { description: 'zero', forecastFrom: (_history, h) => new Float64Array(h) };
      },
    };
    const data = await dataset(seasonal);
    const [row] = classicalBaselines(data, evaluationContext(data, 12, 3), [flaky], () => 0);
    expect(row.label).toBe('ARIMA (zero)');
    expect(row.forecast).toBeUndefined();
  });
});
