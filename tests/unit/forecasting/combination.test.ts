// The combination of models: the median of the page's network, ETS, ARIMA and Theta, step by step.
import { describe, expect, test } from 'vitest';
import { combinationBacktest, combinationResult, medianAcross } from '../../../src/worker/combination';
import type { BaselineResult, ModelResult } from '../../../src/worker/protocol';

const f64 = (...xs: number[]) => Float64Array.from(xs);

/** A classical row with test predictions and a forecast past the data with 80 % bounds ±width. */
function baseline(
  name: BaselineResult['name'],
  test: number[],
  forecast: number[],
  width: number,
): BaselineResult {
  return {
    name,
    label: name,
    testPredictions: f64(...test),
    metrics: { mae: 0, rmse: 0, mase: 0, smape: 0 } as BaselineResult['metrics'],
    forecast: {
      values: f64(...forecast),
      bands: [
        {
          level: 0.8,
          lower: f64(...forecast.map((v) => v - width)),
          upper: f64(...forecast.map((v) => v + width)),
        },
      ],
      description: name,
    },
  };
}

function gru(test: number[], forecast: number[], width: number): ModelResult {
  return {
    model: 'gru',
    testPredictions: f64(...test),
    forecast: f64(...forecast),
    intervals: [
      {
        level: 0.8,
        testLower: f64(),
        testUpper: f64(),
        forecastLower: f64(...forecast.map((v) => v - width)),
        forecastUpper: f64(...forecast.map((v) => v + width)),
        coverage: 0.8,
      },
    ],
  } as unknown as ModelResult;
}

const context = {
  testActual: f64(10, 20),
  maseScale: [1],
  forecastTime: f64(100, 200),
  targets: ['y'],
};

describe('combination', () => {
  test('median across members skips NaN; an even count takes the mean of the middle two', () => {
    expect(Array.from(medianAcross([f64(1, 5), f64(3, Number.NaN), f64(2, 7)], 2))).toEqual([2, 6]);
    expect(Array.from(medianAcross([f64(1), f64(4), f64(2), f64(10)], 1))).toEqual([3]);
    expect(Number.isNaN(medianAcross([f64(Number.NaN)], 1)[0])).toBe(true);
  });

  test('a hand case: test points, forecast and band are the members’ medians', () => {
    const row = combinationResult(
      gru([11, 19], [30, 40], 1),
      [
        baseline('ETS', [12, 22], [31, 44], 2),
        baseline('ARIMA', [8, 25], [29, 39], 3),
        baseline('Theta', [10, 20], [35, 41], 4),
        baseline('naive', [0, 0], [0, 0], 0),
      ],
      context,
    );
    expect(row).not.toBeNull();
    expect(row!.name).toBe('combination');
    expect(row!.label).toBe('Combination (median of GRU, ETS, ARIMA, Theta)');
    expect(Array.from(row!.testPredictions)).toEqual([10.5, 21]); // (10+11)/2, (20+22)/2
    expect(row!.metrics.mae).toBeCloseTo(0.75, 12);
    expect(Array.from(row!.forecast!.values)).toEqual([30.5, 40.5]);
    const band = row!.forecast!.bands[0];
    expect(band.level).toBe(0.8);
    expect(Array.from(band.lower)).toEqual([29, 38]); // medians of 29,29,26,31 and 39,42,36,37
    expect(Array.from(band.upper)).toEqual([32.5, 43.5]); // medians of 31,33,32,39 and 41,46,42,45
  });

  test('a failed classical fit is left out; fewer than three members give no combination', () => {
    const failed = baseline('ARIMA', [Number.NaN, Number.NaN], [1, 1], 1);
    const three = combinationResult(
      gru([11, 19], [30, 40], 1),
      [baseline('ETS', [12, 22], [31, 44], 2), failed, baseline('Theta', [10, 20], [35, 41], 4)],
      context,
    );
    expect(three!.label).toBe('Combination (median of GRU, ETS, Theta)');
    expect(combinationResult(undefined, [baseline('ETS', [1, 2], [3, 4], 1), failed], context)).toBeNull();
  });

  test('the backtest combination reads the page network and the classical rows only', () => {
    const forecasts = new Map([
      ['gru', f64(1, 2)],
      ['lstm', f64(100, 100)],
      ['ETS', f64(3, 4)],
      ['ARIMA', f64(5, 6)],
      ['Theta', f64(7, 8)],
      ['naive', f64(-100, -100)],
    ]);
    expect(Array.from(combinationBacktest(forecasts)!)).toEqual([4, 5]);
  });
});
