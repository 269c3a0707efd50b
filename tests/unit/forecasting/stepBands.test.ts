// Bands past the data from the scored model's multi-step errors, per step, in the scaled space.

import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/baselines/normal';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS, type PrepareOptions } from '../../../src/data/types';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { initParams } from '../../../src/engine/reference/model';
import { describeCoverage } from '../../../src/ui/results/ForecastChart';
import { evaluationContext } from '../../../src/worker/evaluation';
import { evaluateModel } from '../../../src/worker/modelResult';
import {
  bandOrigins,
  MAX_BAND_ORIGINS,
  stepCoverage,
  stepErrors,
  stepHalfWidths,
} from '../../../src/worker/stepBands';
import { setup } from '../sessionFixtures';

/** A monthly `date,value` series of `values`, prepared with the page's defaults and a window of `inputLength`. */
async function monthly(values: number[], inputLength: number, options: Partial<PrepareOptions> = {}) {
  const rows = values.map(
    (v, t) => `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(6)}`,
  );
  const parsed = await parseCsvText(`date,value\n${rows.join('\n')}\n`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const prepared = prepareDataset(
    parsed.table,
    { timeColumn: 'date', targets: ['value'], features: ['value'] },
    { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength, horizon: 1, stride: 1 }, ...options },
  );
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.dataset;
}

async function dataset(options: Partial<PrepareOptions>, change?: (t: number, v: number) => number) {
  // a positive monthly series that falls towards zero: a symmetric band in original units would go negative
  const values = Array.from({ length: 96 }, (_, t) => {
    const base = 40 * 0.97 ** t * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.05 * Math.sin(7 * t));
    return change ? change(t, base) : base;
  });
  return monthly(values, 12, options);
}

describe('per-step bands past the data', () => {
  it('take each step’s conformal rank, and grow a step with too few errors from the one before', () => {
    const errors = [[1, 2, 3, 4], [2, 4, 6, 8], [5]]; // (steps 3, K 1)
    const half = stepHalfWidths(errors, 1, 0.8);
    expect(half[0]).toBe(4); // rank ⌈5·0.8⌉ = 4 of 4
    expect(half[1]).toBe(8);
    expect(half[2]).toBeCloseTo(8 * Math.sqrt(3 / 2), 12); // rank 2 of 1: grown from step 2
  });

  it('forecast from at most MAX_BAND_ORIGINS origins over the rows the scored model never trained on', async () => {
    const data = await dataset({});
    const origins = bandOrigins(data);
    expect(origins.length).toBeLessThanOrEqual(MAX_BAND_ORIGINS);
    expect(origins[0]).toBe(data.splits.val.start);
    expect(origins.at(-1)).toBe(data.length - 1);
  });

  it('stay positive under the log transform, and widen with the steps ahead', async () => {
    const data = await dataset({ transform: 'log', seasonalAdjust: 'off' });
    const s = setup('gru');
    const config = { ...s.config, outputSize: 1 };
    const model = await createCpuModel(config, s.optimizer, initParams(config));
    const steps = 18;
    const context = evaluationContext(data, 12, steps);
    const result = await evaluateModel(data, context, model, 8, steps);
    const band = result.intervals.find((i) => i.level === 0.95);
    expect(band?.forecastLower).toHaveLength(steps);
    for (const v of band?.forecastLower ?? []) expect(v).toBeGreaterThan(0);
    const width = (i: number) => (band ? band.forecastUpper[i] / band.forecastLower[i] : 0);
    expect(width(steps - 1)).toBeGreaterThan(width(0));
  });
});

describe('a 95 % band with too few errors for its rank', () => {
  it('is the 80 % band widened by the normal ratio, and says so', async () => {
    // 40 monthly rows: a validation part of 6 windows leaves no 95 % rank (⌈7·0.95⌉ = 7 > 6)
    const data = await monthly(
      Array.from({ length: 40 }, (_, t) => 50 + 0.5 * t + 3 * Math.sin(1.3 * t)),
      6,
    );
    const s = setup('gru');
    const config = { ...s.config, outputSize: 1 };
    const model = await createCpuModel(config, s.optimizer, initParams(config));
    const result = await evaluateModel(data, evaluationContext(data, 12, 8), model, 8, 8);
    const [p80, p95] = result.intervals;
    expect(p80.widened).toBeUndefined();
    expect(p95.widened).toBe(true);
    const ratio = normalQuantile(0.975) / normalQuantile(0.9);
    for (let w = 0; w < p95.testLower.length; w++) {
      const centre = (p80.testUpper[w] + p80.testLower[w]) / 2;
      expect(p95.testUpper[w] - centre).toBeCloseTo((p80.testUpper[w] - centre) * ratio, 6);
    }
    for (const v of [...p95.forecastLower, ...p95.forecastUpper]) expect(Number.isFinite(v)).toBe(true);
    expect(describeCoverage(result.intervals, [])).toMatch(/widened by 1\.96 \/ 1\.28/);
  });
});

describe('band coverage by step ahead', () => {
  it('checks the test part’s errors against a band built from the errors before it', () => {
    const errors = {
      all: [],
      beforeTest: [
        [1, 2, 3, 4],
        [2, 4, 6, 8],
      ],
      inTest: [
        [0.5, 5],
        [9, 1, 2],
      ],
    };
    // 80 %: step 1's half-width is 4 (0.5 in, 5 out), step 2's is 8 (9 out, 1 and 2 in)
    const { held, checked } = stepCoverage(errors, 1, 0.8);
    expect(held[0]).toBe(0.5);
    expect(held[1]).toBeCloseTo(2 / 3, 12);
    expect(checked).toEqual([2, 3]);
  });

  it('builds its band without the test values: poisoning them changes only the errors it is checked on', async () => {
    const s = setup('gru');
    const config = { ...s.config, outputSize: 1 };
    const weights = initParams(config);
    const errorsOf = async (poison: boolean) => {
      const data = await dataset({}, poison ? (t, v) => (t >= 90 ? v * 5 : v) : undefined);
      expect(data.splits.test.start).toBeLessThanOrEqual(90);
      const model = await createCpuModel(config, s.optimizer, weights);
      return stepErrors(data, model, 8, 6);
    };
    const clean = await errorsOf(false);
    const poisoned = await errorsOf(true);
    expect(poisoned.beforeTest).toEqual(clean.beforeTest);
    expect(poisoned.inTest).not.toEqual(clean.inTest);
    expect(clean.beforeTest[0].length).toBeGreaterThan(0);
    expect(clean.inTest[0].length).toBeGreaterThan(0);
  });

  it('comes with every network band past the data, one share per step', async () => {
    const data = await dataset({});
    const s = setup('gru');
    const config = { ...s.config, outputSize: 1 };
    const model = await createCpuModel(config, s.optimizer, initParams(config));
    const result = await evaluateModel(data, evaluationContext(data, 12, 6), model, 8, 6);
    for (const band of result.intervals) {
      expect(band.coverageByStep).toHaveLength(6);
      expect(band.checkedByStep?.[0]).toBeGreaterThan(0);
      for (const x of band.coverageByStep ?? []) if (Number.isFinite(x)) expect(x >= 0 && x <= 1).toBe(true);
    }
  });
});
