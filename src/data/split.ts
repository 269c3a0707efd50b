// Chronological split: the first rows train, the next validate, the last test. Boundaries are rounded
// from the fractions so that a zero fraction gives an empty part.

import type { RowRange, SplitConfig, SplitName } from './types';

export function splitRanges(n: number, split: SplitConfig): Record<SplitName, RowRange> {
  const b1 = Math.round(n * split.train);
  const b2 = Math.max(b1, Math.min(n, Math.round(n * (split.train + split.val))));
  return { train: { start: 0, end: b1 }, val: { start: b1, end: b2 }, test: { start: b2, end: n } };
}

/** A message when the fractions are unusable, else null. */
export function checkSplit(split: SplitConfig): string | null {
  const parts = [split.train, split.val, split.test];
  if (parts.some((p) => !Number.isFinite(p) || p < 0 || p > 1))
    return 'Each split fraction must be between 0 and 1.';
  if (!(split.train > 0)) return 'The training fraction must be above 0.';
  const sum = split.train + split.val + split.test;
  if (Math.abs(sum - 1) > 1e-6)
    return `The split fractions must add up to 1 (they add up to ${+sum.toFixed(6)}).`;
  return null;
}
