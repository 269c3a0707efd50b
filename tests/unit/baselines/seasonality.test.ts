// The Theta method's seasonality tools against R, on fixtures written by scripts/fixtures/theta.R (CI has
// no R): autocorrelations as R's acf, thetaf's seasonality decision (on 13 series: seasonal and not,
// m = 1, 3, 4, 7, 12, one just above the threshold), and stats::decompose's figure, multiplicative and
// additive, for odd and even m and for series that start mid-season. All to 1e-12.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  acf,
  classicalDecomposition,
  SEASONALITY_Z,
  seasonalityTest,
} from '../../../src/baselines/seasonality';

interface SeasonalityCase {
  name: string;
  season: number;
  values: number[];
  acf: number[];
  statistic: number | null;
  seasonal: boolean;
  multiplicative: number[] | null;
  additive: number[] | null;
}

const cases: SeasonalityCase[] = JSON.parse(
  readFileSync(new URL('../../fixtures/theta/seasonality.cases.json', import.meta.url), 'utf8'),
);
const each = cases.map((c) => [c.name, c] as const);
const decomposable = cases.filter((c) => c.multiplicative).map((c) => [c.name, c] as const);

function maxAbsoluteError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

test('the fixtures cover seasonal and non-seasonal series', () => {
  expect(cases.length).toBe(13);
  expect(cases.filter((c) => c.seasonal).length).toBe(8);
  expect(new Set(cases.map((c) => c.season))).toEqual(new Set([1, 3, 4, 7, 12]));
});

test("the threshold is R's qnorm(0.95)", () => {
  expect(SEASONALITY_Z).toBeCloseTo(1.6448536269514722, 15);
});

describe('acf', () => {
  test.each(each)("%s: r_1 … r_maxLag equal R's acf to 1e-12", (_, c) => {
    expect(maxAbsoluteError(acf(c.values, c.acf.length), c.acf)).toBeLessThan(1e-12);
  });
});

describe('seasonality test', () => {
  test.each(each)("%s: the same decision as R's thetaf", (_, c) => {
    expect(seasonalityTest(c.values, c.season)).toBe(c.seasonal);
  });

  test('too few values, m = 1 or constant values: not seasonal', () => {
    const airPassengers = cases.find((c) => c.name === 'AirPassengers');
    if (!airPassengers) throw new Error('fixture AirPassengers missing');
    expect(seasonalityTest(airPassengers.values.slice(0, 24), 12)).toBe(false); // n = 2m is not enough
    expect(seasonalityTest(airPassengers.values, 1)).toBe(false);
    expect(seasonalityTest(new Array(60).fill(3), 12)).toBe(false);
  });
});

describe('classical decomposition', () => {
  test.each(decomposable)("%s: multiplicative indices equal R's decompose()$figure to 1e-12", (_, c) => {
    const { seasonal } = classicalDecomposition(c.values, c.season, 'multiplicative');
    expect(maxAbsoluteError(seasonal, c.multiplicative ?? [])).toBeLessThan(1e-12);
  });

  test.each(decomposable)("%s: additive indices equal R's decompose()$figure", (_, c) => {
    const { seasonal } = classicalDecomposition(c.values, c.season, 'additive');
    const scale = Math.max(...c.values.map(Math.abs));
    expect(maxAbsoluteError(seasonal, c.additive ?? [])).toBeLessThan(1e-12 * scale);
  });

  test('needs two full seasons', () => {
    expect(() => classicalDecomposition([1, 2, 3, 4, 5], 4, 'additive')).toThrow(/two full seasons/);
  });
});
