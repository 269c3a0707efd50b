// Seasonal adjustment before the scaler: fitted on the training rows only, undone exactly for any row, and
// left off where the training rows show no season.

import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { makeScaler } from '../../../src/data/scaler';
import { deseasonalise, fitSeasonalAdjustment, reseasonalise } from '../../../src/data/seasonalAdjust';
import { DEFAULT_PREPARE_OPTIONS, type PrepareOptions } from '../../../src/data/types';
import { gaussian, mulberry32 } from '../../../src/engine/random';

/** Monthly rows from 2000-01: a level of 100 with a ±30 % season (or none) and 2 % noise. */
function monthlyCsv(n: number, swing: number, seed = 1): string {
  const e = gaussian(mulberry32(seed));
  const rows = Array.from({ length: n }, (_, t) => {
    const v = 100 * (1 + swing * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.02 * e());
    return `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(4)}`;
  });
  return `date,value\n${rows.join('\n')}\n`;
}

async function prepare(csv: string, options: Partial<PrepareOptions>) {
  const parsed = await parseCsvText(csv);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const roles = { timeColumn: 'date', targets: ['value'], features: ['value'] };
  const prepared = prepareDataset(parsed.table, roles, {
    ...DEFAULT_PREPARE_OPTIONS,
    window: { inputLength: 12, horizon: 1, stride: 1 },
    ...options,
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.dataset;
}

describe('seasonal adjustment', () => {
  it('divides a positive seasonal column by indices from its training rows, and puts them back', async () => {
    const ds = await prepare(monthlyCsv(120, 0.3), { seasonalAdjust: 'auto' });
    const season = ds.scaler.seasonal?.[0];
    expect(season?.type).toBe('multiplicative');
    expect(season?.factors).toHaveLength(12);
    // the sine peaks in month 4 (t = 3) and bottoms in month 10 (t = 9)
    expect(season?.factors[3]).toBeGreaterThan(1.25);
    expect(season?.factors[9]).toBeLessThan(0.75);
    // the scaled series has (almost) no season left: its lag-12 pattern is gone
    const scaled = Array.from({ length: ds.length }, (_, r) => ds.scaled[r * ds.columns.length]);
    const peaks = scaled.filter((_, r) => r % 12 === 3);
    const troughs = scaled.filter((_, r) => r % 12 === 9);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(peaks) - mean(troughs))).toBeLessThan(0.5);
    // inverse(transform(x)) at the same rows returns the values, at any row (also past the data)
    const rows = [0, 3, 9, 119, 120, 131];
    const values = [100, 130, 70, 99, 101, 102];
    const back = ds.scaler.inverse(0, ds.scaler.transform(0, values, rows), rows);
    for (let i = 0; i < rows.length; i++) expect(back[i]).toBeCloseTo(values[i], 3);
  });

  it('fits on the training rows only: changing the test rows changes nothing', async () => {
    const a = await prepare(monthlyCsv(120, 0.3), { seasonalAdjust: 'auto' });
    const lines = monthlyCsv(120, 0.3).trim().split('\n');
    const changed = [...lines.slice(0, 110), ...lines.slice(110).map((l) => l.replace(/,.*$/, ',500'))];
    const b = await prepare(`${changed.join('\n')}\n`, { seasonalAdjust: 'auto' });
    expect(b.scaler.seasonal).toEqual(a.scaler.seasonal);
  });

  it('leaves a column without a season, and every column when off', async () => {
    const flat = await prepare(monthlyCsv(120, 0), { seasonalAdjust: 'auto' });
    expect(flat.scaler.seasonal).toBeUndefined();
    const off = await prepare(monthlyCsv(120, 0.3), { seasonalAdjust: 'off' });
    expect(off.scaler.seasonal).toBeUndefined();
    // settings saved before the option existed have no value: off
    const old = await prepare(monthlyCsv(120, 0.3), { seasonalAdjust: undefined });
    expect(old.scaler.seasonal).toBeUndefined();
  });

  it('adjusts a column with values at or below zero additively', () => {
    const values = Float64Array.from(
      { length: 96 },
      (_, t) => 5 * Math.sin((2 * Math.PI * t) / 12) + 0.1 * (t % 5),
    );
    const [factors] = fitSeasonalAdjustment(values, 1, 72, 12);
    expect(factors?.type).toBe('additive');
    expect(reseasonalise(deseasonalise(-3, 40, factors), 40, factors)).toBeCloseTo(-3, 12);
  });

  it('stays positive under the log transform and refuses a scaler used without rows', async () => {
    const ds = await prepare(monthlyCsv(120, 0.3), { seasonalAdjust: 'auto', transform: 'log' });
    const back = ds.scaler.inverse(0, [-5, 0, 5], [120, 121, 122]);
    for (const v of back) expect(v).toBeGreaterThan(0);
    expect(() => makeScaler(ds.scaler).inverse(0, [0])).toThrow(/seasonally adjusted/);
  });
});
