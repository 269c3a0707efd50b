// Split-conformal bands: order statistics of validation errors, coverage on a series with known noise.
import { describe, expect, test } from 'vitest';
import { bands, conformalHalfWidths, coverage } from '../../../src/engine/intervals';
import { gaussian, mulberry32 } from '../../../src/engine/random';

describe('split-conformal intervals', () => {
  test('the half-width is the ⌈(n+1)·level⌉-th smallest absolute error, per step and target', () => {
    // W = 9 windows, horizon 1, K = 1: errors 1..9; level 0.8 → rank ⌈10·0.8⌉ = 8
    const actual = Float64Array.from({ length: 9 }, (_, i) => i + 1);
    const predicted = new Float64Array(9);
    expect(Array.from(conformalHalfWidths(actual, predicted, 1, 1, 0.8))).toEqual([8]);
    // too few windows for 95 %: rank ⌈10·0.95⌉ = 10 > 9 → unbounded
    expect(Array.from(conformalHalfWidths(actual, predicted, 1, 1, 0.95))).toEqual([
      Number.POSITIVE_INFINITY,
    ]);
    // (W = 2, horizon 2, K = 1): each step has its own errors
    const two = conformalHalfWidths([0, 0, 0, 0], [1, 10, 3, 30], 2, 1, 0.5);
    expect(Array.from(two)).toEqual([3, 30]);
  });

  test('bands widen past the horizon with the square root of the calls, and coverage counts what is inside', () => {
    const b = bands([10, 10, 10, 10], [2], 1, 1, 4);
    expect(Array.from(b.upper)).toEqual([12, 10 + 2 * Math.SQRT2, 10 + 2 * Math.sqrt(3), 14]);
    expect(coverage([10, 13, 7, 14], b.lower, b.upper)).toBe(0.75);
  });

  test('on Gaussian noise the 80 % and 95 % bands cover close to 80 % and 95 % of new points', () => {
    const noise = gaussian(mulberry32(11));
    const n = 2000;
    const valActual = Float64Array.from({ length: n }, () => noise());
    const testActual = Float64Array.from({ length: n }, () => noise());
    const zeros = new Float64Array(n);
    for (const level of [0.8, 0.95]) {
      const half = conformalHalfWidths(valActual, zeros, 1, 1, level);
      const b = bands(zeros, half, 1, 1, 1);
      expect(Math.abs(coverage(testActual, b.lower, b.upper) - level)).toBeLessThan(0.03);
    }
  });
});
