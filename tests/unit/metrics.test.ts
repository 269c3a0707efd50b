import { describe, expect, it } from 'vitest';
import { detectSeasonLength, forecastMetrics, maseScale, windowTargets } from '../../src/engine/metrics';

describe('forecastMetrics', () => {
  it('computes MSE, RMSE, MAE and sMAPE by hand on a small example', () => {
    const m = forecastMetrics([1, 2, 4], [2, 2, 1]);
    // errors 1, 0, −3
    expect(m.mse).toBeCloseTo(10 / 3, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(10 / 3), 12);
    expect(m.mae).toBeCloseTo(4 / 3, 12);
    // sMAPE terms: 2·1/3, 0, 2·3/5
    expect(m.smape).toBeCloseTo((100 * (2 / 3 + 0 + 6 / 5)) / 3, 10);
    expect(m.count).toBe(3);
  });

  it('is zero for a perfect forecast, including pairs of zeros', () => {
    const m = forecastMetrics([0, 3, -2], [0, 3, -2]);
    expect(m).toEqual({ mse: 0, rmse: 0, mae: 0, smape: 0, mase: Number.NaN, count: 3 });
  });

  it("MASE divides each error by its own target column's scale", () => {
    // (W=2, K=2): target 0 scaled by 2, target 1 by 10
    const m = forecastMetrics([1, 10, 3, 20], [2, 20, 5, 20], [2, 10]);
    expect(m.mase).toBeCloseTo((1 / 2 + 10 / 10 + 2 / 2 + 0) / 4, 12);
    expect(m.mae).toBeCloseTo(13 / 4, 12);
  });

  it('reaches the sMAPE maximum of 200 when signs are opposite', () => {
    expect(forecastMetrics([1], [-1]).smape).toBeCloseTo(200, 12);
  });

  it('returns NaN with count 0 for no pairs and throws on mismatched lengths', () => {
    const m = forecastMetrics([], []);
    expect(m.count).toBe(0);
    expect(Number.isNaN(m.mse)).toBe(true);
    expect(() => forecastMetrics([1, 2], [1])).toThrow(/2 actual values but 1 predictions/);
  });
});

describe('maseScale', () => {
  it('is the mean absolute difference at the season lag over the training values', () => {
    // lag 2 differences: 3−1, 4−2, 7−3, 8−4 → 2, 2, 4, 4
    expect(maseScale([1, 2, 3, 4, 7, 8], 2)).toBeCloseTo(3, 12);
    // lag 1: 1, 1, 1, 3, 1
    expect(maseScale([1, 2, 3, 4, 7, 8], 1)).toBeCloseTo(7 / 5, 12);
  });

  it('falls back to lag 1 when the series is too short for its season, and to 1 for a constant series', () => {
    expect(maseScale([1, 2, 4, 7], 12)).toBeCloseTo(2, 12);
    expect(maseScale([5, 5, 5, 5], 1)).toBe(1);
  });
});

describe('window targets', () => {
  // Two target columns: column 0 = t, column 1 = 10·t, for t = 0..11.
  const series = Float64Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? i / 2 : 5 * i - 5));
  const windows = { starts: [0, 3], windowLength: 4, horizon: 2 };

  it('reads the actual future values of each window', () => {
    // window 0 predicts t = 4, 5; window 1 predicts t = 7, 8
    expect(Array.from(windowTargets(series, 2, windows))).toEqual([4, 40, 5, 50, 7, 70, 8, 80]);
  });
});

describe('detectSeasonLength', () => {
  it('finds the period of a noisy sine', () => {
    let state = 1;
    const noise = () => ((state = (state * 48271) % 2147483647) / 2147483647 - 0.5) * 0.2;
    const y = Array.from({ length: 400 }, (_, t) => Math.sin((2 * Math.PI * t) / 24) + noise());
    expect(detectSeasonLength(y, 60)).toBe(24);
  });

  it('returns 1 for a series without a season', () => {
    expect(detectSeasonLength([1, 1, 1, 1, 1, 1, 1, 1], 4)).toBe(1);
    const trend = Array.from({ length: 100 }, (_, t) => t);
    expect(detectSeasonLength(trend, 30)).toBe(1);
  });
});
