// Forecasts past the end of the training part with 80 % and 95 % bounds, against R's forecast(fit, h)
// on the fixtures of scripts/fixtures/intervals.R (CI has no R): 12 ETS models covering R's formula
// classes 1, 2 and 3, damped and not, and auto.arima on 9 series.
//
// Tolerances (relative to R's value; a bound's error is divided by the larger of the bound and its
// distance from the mean, so a bound near zero is not judged on its last digits), worst case measured
// across the fixtures in brackets:
//  - R's own parameters (ETS: smoothing parameters and initial states; ARIMA: coefficients) and σ²:
//    means and bounds 1e-11 [ETS 7e-15, ARIMA 1.1e-13];
//  - σ² computed here from R's parameters and the training values: 1e-9 relative;
//  - our own automatic fit (R's model on every fixture; parameters as close as the fits are, see
//    ets.test.ts and arima.test.ts): ETS means and bounds 1e-6 [3e-11, 8e-11]; ARIMA means 2e-6 [8e-7]
//    and bounds 1e-5 [3.3e-6 on co2].
// Every model fitted here has analytic bounds (R simulates only for multiplicative trends and additive
// error with multiplicative season, which ets.ts does not fit), so no tolerance is loosened for simulation.

import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { arimaWithCoefficients, autoArima } from '../../../src/baselines/arima';
import { type ArimaSpec, arimaResidualVariance } from '../../../src/baselines/arimaFit';
import {
  autoEts,
  type EtsParams,
  type EtsSpec,
  etsBaseline,
  etsResidualVariance,
  fitEts,
} from '../../../src/baselines/ets';
import { etsForecastDistribution } from '../../../src/baselines/etsIntervals';
import { normalQuantile } from '../../../src/baselines/normal';
import type { ForecastIntervals } from '../../../src/baselines/types';

interface Bounds {
  h: number;
  levels: number[];
  mean: number[];
  lower: number[][];
  upper: number[][];
}

interface EtsFixture extends Bounds {
  name: string;
  season: number;
  train: number[];
  model: { method: string; components: string; damped: boolean };
  par: { alpha: number; beta: number | null; gamma: number | null; phi: number | null };
  initialState: { l: number; b: number | null; s: number[] };
  sigma2: number;
  nPar: number;
}

interface ArimaFixture extends Bounds {
  name: string;
  season: number;
  train: number[];
  model: { order: number[]; seasonal: number[]; period: number; constant: boolean; description: string };
  coef: number[];
  sigma2: number;
}

const fixtureDir = resolve(__dirname, '../../fixtures/intervals');
const files = readdirSync(fixtureDir).sort();
const read = <T>(file: string): T => JSON.parse(readFileSync(resolve(fixtureDir, file), 'utf8'));
const etsFixtures = files.filter((f) => f.startsWith('ets-')).map((f) => read<EtsFixture>(f));
const arimaFixtures = files.filter((f) => f.startsWith('arima-')).map((f) => read<ArimaFixture>(f));
const LEVELS = [0.8, 0.95];

function etsSpecOf(f: EtsFixture): EtsSpec {
  const [error, trend, season] = f.model.components.split('') as [
    EtsSpec['error'],
    EtsSpec['trend'],
    EtsSpec['season'],
  ];
  return { error, trend, season, damped: f.model.damped };
}

function etsParamsOf(f: EtsFixture): EtsParams {
  return {
    alpha: f.par.alpha,
    beta: f.par.beta ?? 0,
    gamma: f.par.gamma ?? 0,
    phi: f.par.phi ?? 1,
    initial: {
      level: f.initialState.l,
      slope: f.initialState.b ?? 0,
      seasonal: Float64Array.from(f.initialState.s),
    },
  };
}

function arimaSpecOf(f: ArimaFixture): ArimaSpec {
  const [p, d, q] = f.model.order;
  const [P, D, Q] = f.model.seasonal;
  return { p, d, q, P, D, Q, m: f.model.period, constant: f.model.constant };
}

interface Gaps {
  mean: number;
  bounds: number;
}

/** Largest relative gaps of the mean and of the bounds (see the header for the bounds' scale). */
function gaps(ours: ForecastIntervals, r: Bounds): Gaps {
  expect(ours.mean).toHaveLength(r.h);
  expect(ours.lower).toHaveLength(r.levels.length);
  let mean = 0;
  let bounds = 0;
  for (let i = 0; i < r.h; i++) {
    mean = Math.max(mean, Math.abs(ours.mean[i] - r.mean[i]) / Math.abs(r.mean[i]));
    for (let k = 0; k < r.levels.length; k++) {
      for (const [a, b] of [
        [ours.lower[k][i], r.lower[k][i]],
        [ours.upper[k][i], r.upper[k][i]],
      ]) {
        const scale = Math.max(Math.abs(b), Math.abs(b - r.mean[i]));
        bounds = Math.max(bounds, Math.abs(a - b) / scale);
      }
    }
  }
  return { mean, bounds };
}

const report = (what: string, g: Gaps) =>
  console.log(`${what}: mean ${g.mean.toExponential(1)}, bounds ${g.bounds.toExponential(1)}`);

test('the fixtures are there (run Rscript scripts/fixtures/intervals.R to rebuild them)', () => {
  expect(etsFixtures.length).toBe(12);
  expect(arimaFixtures.length).toBe(9);
  expect(new Set(etsFixtures.map((f) => f.model.method))).toEqual(
    new Set([
      'ETS(A,N,N)',
      'ETS(A,Ad,N)',
      'ETS(A,N,A)',
      'ETS(A,A,A)',
      'ETS(M,N,N)',
      'ETS(M,A,N)',
      'ETS(M,N,A)',
      'ETS(M,Ad,A)',
      'ETS(M,N,M)',
      'ETS(M,Ad,M)',
    ]),
  );
  for (const f of [...etsFixtures, ...arimaFixtures]) expect(f.levels).toEqual([80, 95]);
});

test('the normal quantiles match R’s qnorm to 1e-14', () => {
  expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 14);
  expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  expect(normalQuantile(0.999999)).toBeCloseTo(4.753424308817089, 12);
  expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
  expect(normalQuantile(0.5)).toBe(0);
});

describe.each(etsFixtures)('ETS $name ($model.method)', (f) => {
  const spec = etsSpecOf(f);
  const params = etsParamsOf(f);

  test('with R’s parameters: σ², mean and bounds match forecast(fit) to 1e-11', () => {
    const sigma2 = etsResidualVariance(spec, params, f.train);
    expect(Math.abs(sigma2 - f.sigma2) / f.sigma2).toBeLessThan(1e-9);
    const g = gaps(
      etsBaseline({ spec, params, sigma2: f.sigma2 }).forecastIntervals!(f.train, f.h, LEVELS),
      f,
    );
    report(`ETS ${f.name} with R's parameters`, g);
    expect(g.mean).toBeLessThan(1e-11);
    expect(g.bounds).toBeLessThan(1e-11);
  });

  test('our own fit of the same model: mean and bounds within 1e-6 of R’s', () => {
    const fit = f.name.includes('-') ? fitEts(f.train, f.season, spec) : autoEts(f.train, f.season).fit;
    expect(fit).not.toBeNull();
    expect(fit!.spec).toEqual(spec);
    const g = gaps(etsBaseline(fit!).forecastIntervals!(f.train, f.h, LEVELS), f);
    report(`ETS ${f.name} fitted here`, g);
    expect(g.mean).toBeLessThan(1e-6);
    expect(g.bounds).toBeLessThan(1e-6);
  });
});

test('ETS: a model without error grows no band, and the variance grows with the horizon', () => {
  const spec: EtsSpec = { error: 'A', trend: 'A', season: 'N', damped: false };
  const state = { level: 10, slope: 1, seasonal: new Float64Array(0) };
  const params = { alpha: 0.5, beta: 0.1, gamma: 0, phi: 1 };
  const still = etsForecastDistribution(spec, params, state, 0, 5);
  expect([...still.mean]).toEqual([11, 12, 13, 14, 15]);
  expect([...still.variance]).toEqual([0, 0, 0, 0, 0]);
  // v_h = σ² (1 + Σ_{j<h} c_j²) with c_j = α + jβ for the undamped local trend
  const noisy = etsForecastDistribution(spec, params, state, 2, 4).variance;
  expect(noisy[0]).toBeCloseTo(2, 12);
  expect(noisy[1]).toBeCloseTo(2 * (1 + 0.6 ** 2), 12);
  expect(noisy[2]).toBeCloseTo(2 * (1 + 0.6 ** 2 + 0.7 ** 2), 12);
  expect(noisy[3]).toBeCloseTo(2 * (1 + 0.6 ** 2 + 0.7 ** 2 + 0.8 ** 2), 12);
});

describe.each(arimaFixtures)('ARIMA $name ($model.description)', (f) => {
  const spec = arimaSpecOf(f);

  test('with R’s coefficients: σ², mean and bounds match forecast(fit) to 1e-11', () => {
    expect(Math.abs(arimaResidualVariance(f.train, spec, f.coef) - f.sigma2) / f.sigma2).toBeLessThan(1e-9);
    const model = arimaWithCoefficients(spec, f.coef, Number.NaN, f.sigma2);
    const g = gaps(model.forecastIntervals(f.train, f.h, LEVELS), f);
    report(`ARIMA ${f.name} with R's coefficients`, g);
    expect(g.mean).toBeLessThan(1e-11);
    expect(g.bounds).toBeLessThan(1e-11);
  });

  test('our own auto.arima: R’s model, mean within 2e-6 and bounds within 1e-5 of R’s', () => {
    const fit = autoArima(f.train, f.season);
    expect(fit.description).toBe(f.model.description);
    const g = gaps(fit.forecastIntervals(f.train, f.h, LEVELS), f);
    report(`ARIMA ${f.name} fitted here`, g);
    expect(Math.abs(fit.sigma2 - f.sigma2) / f.sigma2).toBeLessThan(5e-5); // [1.1e-5 on co2]
    expect(g.mean).toBeLessThan(2e-6);
    expect(g.bounds).toBeLessThan(1e-5);
  });
});
