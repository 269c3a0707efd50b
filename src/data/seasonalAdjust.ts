// Seasonal adjustment before the scaler, as the Theta method and most statistical forecasters do it: when a
// series column shows a season on its training rows (the classical autocorrelation test at lag m, R's
// thetaf rule), each value is divided by its position's seasonal index from a classical decomposition of
// the training rows (multiplicative, for positive columns; additive, subtracted, otherwise). The networks
// then learn the level and trend only, and their outputs get the season back for the same row.
// Row r's index is factors[r % m]: position 0 is the first row, where the training rows start.
// Fitted on the training rows only; saved with the scaler (ScalerParams.seasonal) and applied by every
// export, so the CPU reference, the GPU engine and the PyTorch project see the same numbers.

import { classicalDecomposition, seasonalityTest } from '../baselines/seasonality';

/** Adjust when the training rows show a season ('auto'), or never. */
export type SeasonalAdjustOption = 'auto' | 'off';
export const SEASONAL_ADJUST_OPTIONS: readonly SeasonalAdjustOption[] = ['auto', 'off'];

export interface SeasonalFactors {
  type: 'multiplicative' | 'additive';
  /** (m) index of each position in the season; row r uses factors[r % m]. */
  factors: number[];
}

/**
 * Per column of `values` (N, C): the seasonal factors fitted on rows [0, trainEnd), or null when m ≤ 1,
 * the training rows hold fewer than two full seasons, or the test finds no season there.
 */
export function fitSeasonalAdjustment(
  values: ArrayLike<number>, // (N, C)
  C: number,
  trainEnd: number,
  m: number,
): (SeasonalFactors | null)[] {
  return Array.from({ length: C }, (_, c) => {
    if (!(m > 1) || trainEnd < 2 * m) return null;
    const train = Float64Array.from({ length: trainEnd }, (_, r) => values[r * C + c]);
    if (train.some((v) => !Number.isFinite(v)) || !seasonalityTest(train, m)) return null;
    const type = train.every((v) => v > 0) ? 'multiplicative' : 'additive';
    const { seasonal } = classicalDecomposition(train, m, type);
    // a non-positive multiplicative index cannot be divided by; such a column is left as it is
    if (type === 'multiplicative' && seasonal.some((s) => !(s > 0))) return null;
    return { type, factors: Array.from(seasonal) };
  });
}

/** The value at `row` without its season. */
export function deseasonalise(value: number, row: number, s: SeasonalFactors | null | undefined): number {
  if (!s) return value;
  const f = s.factors[row % s.factors.length];
  return s.type === 'multiplicative' ? value / f : value - f;
}

/** The season of `row` put back on an adjusted value. */
export function reseasonalise(value: number, row: number, s: SeasonalFactors | null | undefined): number {
  if (!s) return value;
  const f = s.factors[row % s.factors.length];
  return s.type === 'multiplicative' ? value * f : value + f;
}
