// The Theta method against R's forecast::thetaf, on fixtures written by scripts/fixtures/theta.R (CI has
// no R), 11 series (8 monthly or quarterly, seasonal or not, 3 annual), h = 2m or 10:
//   1. with R's alpha, initial level, drift and indices, our point forecasts equal R's to 1e-9, and so do
//      one-step forecasts from origins inside the test part (forecastFrom with later observations);
//   2. fitted by us: the same seasonality decision and indices as R on every series, alpha and the
//      initial level where R's optimiser leaves them (to 1e-9: the same Nelder–Mead on the same MSE), and
//      point forecasts and 80 %/95 % bounds within 1e-12 of R's, relative to the series' largest value
//      (measured: 6e-15 or better, see the log);
//   3. qnorm (AS 241) against R's to 4e-15 relative (a few ulps).

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CLASSICAL_BASELINES } from '../../../src/baselines';
import { normalQuantile } from '../../../src/baselines/normal';
import {
  fitTheta,
  type ThetaFit,
  theta,
  thetaBaseline,
  thetaForecast,
  thetaForecastFrom,
} from '../../../src/baselines/theta';

interface Fixture {
  name: string;
  season: number;
  h: number;
  train: number[];
  test: number[];
  seasonal: boolean;
  statistic: number | null;
  indices: number[];
  alpha: number;
  initialLevel: number;
  drift: number;
  sigma2: number;
  mean: number[];
  level: number[];
  lower: number[][];
  upper: number[][];
  fitted: number[];
  rmse: number;
  continuedOneStep: number[];
}

const fixtureDir = new URL('../../fixtures/theta/', import.meta.url);
const fixtures: Fixture[] = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.cases.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8')));
const each = fixtures.map((f) => [f.name, f] as const);

/** Largest |actual - expected| over the series' scale (its largest absolute training value). */
function maxScaledError(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  return worst;
}

const scaleOf = (f: Fixture): number => Math.max(...f.train.map(Math.abs));

/** R's model, as thetaf fitted it. */
function rModel(f: Fixture): ThetaFit {
  return {
    season: f.seasonal ? f.season : 1,
    indices: Float64Array.from(f.seasonal ? f.indices : [1]),
    seasonal: f.seasonal,
    alpha: f.alpha,
    initialLevel: f.initialLevel,
    drift: f.drift,
    n: f.train.length,
    sigma2: f.sigma2,
  };
}

test('the fixtures are there', () => {
  expect(fixtures.map((f) => f.name)).toEqual([
    'AirPassengers',
    'JohnsonJohnson',
    'Nile',
    'Nile12',
    'UKDriverDeaths',
    'UKgas',
    'WWWusage',
    'co2From1985Apr',
    'ldeaths',
    'lynx',
    'nottem',
  ]);
  expect(fixtures.filter((f) => f.seasonal).length).toBe(7);
});

test('Theta is a classical baseline, after ARIMA', () => {
  expect(CLASSICAL_BASELINES.map((b) => b.name)).toEqual(['ETS', 'ARIMA', 'Theta']);
  expect(theta.name).toBe('Theta');
});

describe("with R's parameters", () => {
  test.each(each)("%s: point forecasts equal R's thetaf to 1e-9", (_, f) => {
    const ours = thetaForecastFrom(rModel(f), f.train, f.h);
    expect(maxScaledError(ours, f.mean, scaleOf(f))).toBeLessThan(1e-9);
  });

  test.each(each)(
    '%s: forecastFrom(train ++ first k test values, 1) is the one-step forecast at k',
    (_, f) => {
      const baseline = thetaBaseline(rModel(f));
      const oneStep = f.test.map((_, k) => baseline.forecastFrom([...f.train, ...f.test.slice(0, k)], 1)[0]);
      expect(maxScaledError(oneStep, f.continuedOneStep, scaleOf(f))).toBeLessThan(1e-9);
    },
  );
});

describe('fitted by us, against R', () => {
  const fits = new Map<string, ThetaFit>();
  const fitOf = (f: Fixture): ThetaFit => {
    let fit = fits.get(f.name);
    if (!fit) {
      fit = fitTheta(f.train, f.season);
      fits.set(f.name, fit);
    }
    return fit;
  };

  test.each(each)('%s: the same seasonality decision and indices', (_, f) => {
    const fit = fitOf(f);
    expect(fit.seasonal).toBe(f.seasonal);
    if (f.seasonal) {
      expect(maxScaledError(fit.indices, f.indices, 1)).toBeLessThan(1e-12);
    }
    expect(Math.abs(fit.drift - f.drift) / scaleOf(f)).toBeLessThan(1e-12);
  });

  test.each(each)('%s: alpha and initial level where R’s optimiser leaves them', (_, f) => {
    const fit = fitOf(f);
    console.log(
      `Theta ${f.name}: alpha ours ${fit.alpha.toFixed(8)}, R ${f.alpha.toFixed(8)}; initial level ours ${fit.initialLevel.toPrecision(10)}, R ${f.initialLevel.toPrecision(10)}`,
    );
    expect(Math.abs(fit.alpha - f.alpha)).toBeLessThan(1e-9);
    expect(Math.abs(fit.initialLevel - f.initialLevel) / scaleOf(f)).toBeLessThan(1e-9);
    expect(Math.abs(fit.sigma2 / f.sigma2 - 1)).toBeLessThan(1e-9);
  });

  test.each(each)("%s: point forecasts and 80 %/95 % bounds within 1e-12 of R's", (_, f) => {
    const forecast = thetaForecast(f.train, f.season, f.h, f.level);
    const scale = scaleOf(f);
    const gaps = [
      maxScaledError(forecast.mean, f.mean, scale),
      ...f.level.map((_, i) => maxScaledError(forecast.lower[i], f.lower[i], scale)),
      ...f.level.map((_, i) => maxScaledError(forecast.upper[i], f.upper[i], scale)),
    ];
    const worst = Math.max(...gaps);
    console.log(`Theta ${f.name}: forecasts and bounds vs R, max gap ${worst.toExponential(2)} of the scale`);
    expect(worst).toBeLessThan(1e-12);
  });

  test.each(each)('%s: the baseline forecasts what thetaForecast does', (_, f) => {
    const baseline = theta.fit(f.train, f.season);
    const { mean, description } = thetaForecast(f.train, f.season, f.h);
    expect(Array.from(baseline.forecastFrom(f.train, f.h))).toEqual(Array.from(mean));
    expect(baseline.description).toBe(description);
  });

  test.each(each)('%s: forecastIntervals from the end of the training part are thetaf’s bounds', (_, f) => {
    const { mean, lower, upper } = thetaBaseline(fitOf(f)).forecastIntervals(
      f.train,
      f.h,
      f.level.map((l) => l / 100),
    );
    const scale = scaleOf(f);
    expect(maxScaledError(mean, f.mean, scale)).toBeLessThan(1e-12);
    f.level.forEach((_, i) => {
      expect(maxScaledError(lower[i], f.lower[i], scale)).toBeLessThan(1e-12);
      expect(maxScaledError(upper[i], f.upper[i], scale)).toBeLessThan(1e-12);
    });
  });
});

test('the description names alpha, the drift and the season', () => {
  const air = fixtures.find((f) => f.name === 'AirPassengers');
  if (!air) throw new Error('fixture AirPassengers missing');
  expect(thetaForecast(air.train, 12, 1).description).toMatch(
    /^Theta\(SES α=0\.93\d, drift 1\.24, seasonal m=12\)$/,
  );
  const nile = fixtures.find((f) => f.name === 'Nile');
  if (!nile) throw new Error('fixture Nile missing');
  expect(thetaForecast(nile.train, 1, 1).description).toMatch(/^Theta\(SES α=0\.22\d, drift -1\.65\)$/);
});

test('short and constant series still forecast', () => {
  expect(
    Array.from(theta.fit([5, 5, 5, 5, 5, 5, 5, 5], 4).forecastFrom([5, 5, 5, 5, 5, 5, 5, 5], 3)),
  ).toEqual([5, 5, 5]);
  const short = theta.fit([1, 2, 3], 1).forecastFrom([1, 2, 3], 2);
  expect(Array.from(short).every(Number.isFinite)).toBe(true);
});

test("qnorm (AS 241) equals R's to 4e-15", () => {
  const { p, q } = JSON.parse(readFileSync(new URL('qnorm.cases.json', fixtureDir), 'utf8')) as {
    p: number[];
    q: number[];
  };
  for (let i = 0; i < p.length; i++) {
    const scale = Math.max(Math.abs(q[i]), 1);
    expect(Math.abs(normalQuantile(p[i]) - q[i]) / scale).toBeLessThan(4e-15);
  }
});
