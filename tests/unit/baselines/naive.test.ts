// Naive and seasonal naive behind the baselines' fit / forecastFrom interface (R's naive and snaive).
import { describe, expect, it } from 'vitest';
import { naive, seasonalNaive } from '../../../src/baselines/naive';

const t = Float64Array.from({ length: 12 }, (_, i) => i); // 0, 1, …, 11

describe('naive and seasonal naive', () => {
  it('naive repeats the last value of the history it is given, whatever it was fitted on', () => {
    const fitted = naive.fit(t.subarray(0, 4), 12);
    expect(fitted.description).toBe('last value');
    expect(Array.from(fitted.forecastFrom(t.subarray(0, 7), 3))).toEqual([6, 6, 6]);
  });

  it('seasonal naive repeats the value one season earlier, cycling past one season', () => {
    const fitted = seasonalNaive.fit(t, 3);
    expect(fitted.description).toBe('season 3');
    // history 0..7: steps 1..5 read t = 5, 6, 7, 5, 6
    expect(Array.from(fitted.forecastFrom(t.subarray(0, 8), 5))).toEqual([5, 6, 7, 5, 6]);
  });

  it('seasonal naive with season 1 is naive; a history shorter than a season falls back to its first value', () => {
    expect(Array.from(seasonalNaive.fit(t, 1).forecastFrom(t.subarray(0, 5), 3))).toEqual([4, 4, 4]);
    expect(Array.from(seasonalNaive.fit(t, 12).forecastFrom(t.subarray(2, 5), 2))).toEqual([2, 2]);
  });

  it('seasonal naive is exact on a purely periodic series, naive is not', () => {
    const period = 6;
    const y = Float64Array.from({ length: 60 }, (_, i) => Math.sin((2 * Math.PI * i) / period));
    const history = y.subarray(0, 48);
    const ahead = seasonalNaive.fit(history, period).forecastFrom(history, 12);
    expect(Math.max(...ahead.map((v, s) => Math.abs(v - y[48 + s])))).toBeLessThan(1e-12);
    const flat = naive.fit(history, period).forecastFrom(history, 12);
    expect(flat.some((v, s) => Math.abs(v - y[48 + s]) > 0.1)).toBe(true);
  });
});
