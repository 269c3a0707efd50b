// Cleaning, splitting, scaling and batching of prepareDataset on small hand-checked tables.

import { describe, expect, test } from 'vitest';
import { prepareDataset } from '../../../src/data/prepare';
import { rawRow } from '../../../src/data/table';
import { DEFAULT_PREPARE_OPTIONS, type PreparedDataset, type PrepareOptions } from '../../../src/data/types';
import { dailyCsv, table } from './helpers';

const small = { inputLength: 2, horizon: 1, stride: 1 };
const opts = (patch: Partial<PrepareOptions> = {}): PrepareOptions => ({
  ...DEFAULT_PREPARE_OPTIONS,
  scaler: 'none',
  window: small,
  formulation: 'level',
  ...patch,
});

function ok(out: ReturnType<typeof prepareDataset>): PreparedDataset {
  if (!out.ok) throw new Error(`${out.error.kind}: ${out.error.message}`);
  return out.dataset;
}

/** Column `name` of the cleaned series in original units. */
function column(ds: PreparedDataset, name: string): number[] {
  const c = ds.columns.indexOf(name);
  const C = ds.columns.length;
  return Array.from({ length: ds.length }, (_, r) => ds.values[r * C + c]);
}

const ONE_SPLIT = { train: 1, val: 0, test: 0 };

describe('time order', () => {
  const csv = [
    'date,v',
    '2024-01-03,3',
    '2024-01-01,1',
    '2024-01-02,2',
    '2024-01-02,4',
    ',9',
    '2024-01-05,5',
    '2024-01-04,NA',
  ].join('\n');

  test('sorts, reports rows out of order, drops rows without time, and keeps the last duplicate', async () => {
    const t = await table(csv);
    const ds = ok(
      prepareDataset(t, { timeColumn: 'date', targets: ['v'], features: ['v'] }, opts({ split: ONE_SPLIT })),
    );
    expect(Array.from(ds.time, (x) => new Date(x).toISOString().slice(0, 10))).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
    // 01-04 is missing and interpolated between 01-03 (3) and 01-05 (5).
    expect(column(ds, 'v')).toEqual([1, 4, 3, 4, 5]);
    const r = ds.report;
    expect(r.sorted).toBe(true);
    expect(r.rowsOutOfOrder).toBe(4); // 01-01, 01-02, 01-02 come after 01-03; 01-04 after 01-05
    expect(r.rowsWithoutTime).toBe(1);
    expect(r.duplicates).toEqual({ timestamps: 1, rowsMerged: 1, policy: 'keep-last' });
    expect(r.intervals).toEqual({ medianMs: 86_400_000, gaps: 0, largestGapMs: 86_400_000, regular: true });
    expect(r.changedRows).toEqual([
      { row: 2, line: 4, action: 'merged-duplicate' },
      { row: 4, line: 6, action: 'dropped-no-time' },
      { row: 6, line: 8, action: 'filled', columns: ['v'] },
    ]);
    // The table is untouched: the original cells of a changed row are still there.
    expect(rawRow(t, 4)).toEqual(['', '9']);
    expect(ds.sourceRows[0]).toBe(1);
  });

  test('averages duplicates when asked', async () => {
    const t = await table(csv);
    const ds = ok(
      prepareDataset(
        t,
        { timeColumn: 'date', targets: ['v'], features: ['v'] },
        opts({ split: ONE_SPLIT, duplicates: 'average' }),
      ),
    );
    expect(column(ds, 'v').slice(0, 2)).toEqual([1, 3]);
    expect(ds.report.changedRows.filter((c) => c.action === 'merged-duplicate').map((c) => c.row)).toEqual([
      2, 3,
    ]);
  });

  test('reports irregular intervals: median step and gaps', async () => {
    const t = await table(
      'date,v\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-10,4\n2024-01-11,5\n2024-01-20,6\n',
    );
    const ds = ok(
      prepareDataset(t, { timeColumn: 'date', targets: ['v'], features: ['v'] }, opts({ split: ONE_SPLIT })),
    );
    expect(ds.report.intervals).toEqual({
      medianMs: 86_400_000,
      gaps: 2,
      largestGapMs: 9 * 86_400_000,
      regular: false,
    });
    expect(ds.report.notes.join(' ')).toContain('2 gap(s)');
  });

  test('a numeric target whose only values sit in rows without time is all missing', async () => {
    const t = await table('date,v\n,1\n,2\n2024-01-01,NA\n2024-01-02,NA\n2024-01-03,NA\n');
    const out = prepareDataset(
      t,
      { timeColumn: 'date', targets: ['v'], features: ['v'] },
      opts({ split: ONE_SPLIT }),
    );
    expect(out.ok || out.error.kind).toBe('target-all-missing');
  });
});

describe('missing-value policies', () => {
  // 10 rows, split 6 / 2 / 2 (0.6 / 0.2 / 0.2). Gaps: row 2 (inside train), row 5 (last train row),
  // row 6 (first val row), row 9 (last test row).
  const values = [0, 1, 'NA', 3, 4, '', '?', 70, 80, '-'];
  const csv = dailyCsv(10, (i, c) => (c === 'a' ? String(values[i]) : String(i)));
  const roles = { timeColumn: 'date', targets: ['a'], features: ['a', 'b'] };
  const split = { train: 0.6, val: 0.2, test: 0.2 };
  const run = async (missing: PrepareOptions['missing'], s = split) =>
    ok(
      prepareDataset(
        await table(csv),
        roles,
        opts({ split: s, missing, window: { inputLength: 1, horizon: 1, stride: 1 } }),
      ),
    );

  test('interpolate: linear in time inside a split; split edges take the nearest value in the split', async () => {
    const ds = await run('interpolate');
    expect(column(ds, 'a')).toEqual([0, 1, 2, 3, 4, 4, 70, 70, 80, 80]);
    const c = ds.report.columns[0];
    expect(c.missing).toEqual({ NA: 1, '(empty)': 1, '?': 1, '-': 1 });
    expect([c.filled, c.fallbackFilled]).toEqual([1, 3]);
  });

  test('interpolation weighs by elapsed time, not by row count', async () => {
    const t = await table('date,v\n2024-01-01,0\n2024-01-02,NA\n2024-01-05,4\n');
    const ds = ok(
      prepareDataset(
        t,
        { timeColumn: 'date', targets: ['v'], features: ['v'] },
        opts({ split: ONE_SPLIT, window: { inputLength: 1, horizon: 1, stride: 1 } }),
      ),
    );
    expect(column(ds, 'v')).toEqual([0, 1, 4]);
  });

  test('ffill and bfill never carry values across a split boundary', async () => {
    expect(column(await run('ffill'), 'a')).toEqual([0, 1, 1, 3, 4, 4, 70, 70, 80, 80]);
    expect(column(await run('bfill'), 'a')).toEqual([0, 1, 3, 3, 4, 4, 70, 70, 80, 80]);
  });

  test('zero, and mean of the training part only', async () => {
    expect(column(await run('zero'), 'a')).toEqual([0, 1, 0, 3, 4, 0, 0, 70, 80, 0]);
    // Training values 0, 1, 3, 4 → mean 2; the large validation/test values do not leak into it.
    expect(column(await run('mean'), 'a')).toEqual([0, 1, 2, 3, 4, 2, 2, 70, 80, 2]);
  });

  test('the parsed table is never modified', async () => {
    const t = await table(csv);
    const before = t.columns.map((c) => Array.from(c.values ?? []));
    const rawBefore = Array.from({ length: t.rowCount }, (_, r) => rawRow(t, r));
    for (const missing of ['interpolate', 'ffill', 'bfill', 'zero', 'mean', 'drop'] as const) {
      prepareDataset(t, roles, opts({ split, missing, window: { inputLength: 1, horizon: 1, stride: 1 } }));
    }
    expect(t.columns.map((c) => Array.from(c.values ?? []))).toEqual(before);
    expect(Array.from({ length: t.rowCount }, (_, r) => rawRow(t, r))).toEqual(rawBefore);
  });

  test('drop removes the rows and lists them with their file lines', async () => {
    // Six rows remain; the split applies to them: 4 / 2.
    const ds = await run('drop', { train: 0.6, val: 0.4, test: 0 });
    expect(ds.splits.val).toEqual({ start: 4, end: 6 });
    expect(column(ds, 'a')).toEqual([0, 1, 3, 4, 70, 80]);
    expect(ds.report.rowsDroppedMissing).toBe(4);
    expect(ds.report.changedRows.map((c) => [c.row, c.line, c.action])).toEqual([
      [2, 4, 'dropped-missing'],
      [5, 7, 'dropped-missing'],
      [6, 8, 'dropped-missing'],
      [9, 11, 'dropped-missing'],
    ]);
  });
});

describe('split, scaling and batches', () => {
  test('the scaler is fitted on training rows only, and inverse undoes it', async () => {
    const csv = dailyCsv(20, (i, c) => String(c === 'a' ? i : 100 + 10 * i));
    const ds = ok(
      prepareDataset(
        await table(csv),
        { timeColumn: 'date', targets: ['a'], features: ['a', 'b'] },
        opts({ scaler: 'minmax', split: { train: 0.5, val: 0.25, test: 0.25 } }),
      ),
    );
    expect(ds.splits).toEqual({
      train: { start: 0, end: 10 },
      val: { start: 10, end: 15 },
      test: { start: 15, end: 20 },
    });
    expect(ds.scaler.offset).toEqual([0, 100]);
    expect(ds.scaler.scale).toEqual([9, 90]);
    expect(ds.scaled[9 * 2]).toBe(1);
    expect(ds.scaled[19 * 2]).toBeCloseTo(19 / 9, 6);
    expect(Array.from(ds.scaler.inverse(1, [0, 1]))).toEqual([100, 190]);
  });

  test('standard scaling uses the population standard deviation of the training rows', async () => {
    const csv = dailyCsv(10, (i, c) => String(c === 'a' ? [1, 3, 1, 3, 1, 3, 50, 60, 70, 80][i] : i));
    const ds = ok(
      prepareDataset(
        await table(csv),
        { timeColumn: 'date', targets: ['a'], features: ['a'] },
        opts({
          scaler: 'standard',
          transform: 'none',
          split: { train: 0.6, val: 0.2, test: 0.2 },
          window: { inputLength: 1, horizon: 1, stride: 1 },
        }),
      ),
    );
    expect(ds.scaler.offset).toEqual([2]);
    expect(ds.scaler.scale).toEqual([1]);
  });

  test('the log transform: the scaler is fitted on the logs, the values stay in original units, inverse exponentiates', async () => {
    // a: e^0, e^1, …; b: 1, 2, …; with min–max on the training half the logs of a go to 0 … 1
    const csv = dailyCsv(20, (i, c) => String(c === 'a' ? Math.exp(i) : i + 1));
    const ds = ok(
      prepareDataset(
        await table(csv),
        { timeColumn: 'date', targets: ['a'], features: ['a', 'b'] },
        opts({
          transform: 'log',
          scaler: 'minmax',
          calendar: 'auto',
          split: { train: 0.5, val: 0.25, test: 0.25 },
        }),
      ),
    );
    const C = ds.columns.length; // a, b, then the calendar's columns, which are never logged
    expect(ds.scaler.log).toEqual(ds.columns.map((_, c) => c < 2));
    expect(ds.scaler.offset[0]).toBeCloseTo(0, 5);
    expect(ds.scaler.scale[0]).toBeCloseTo(9, 5);
    expect(ds.scaler.offset[1]).toBe(0);
    expect(ds.scaled[9 * C]).toBeCloseTo(1, 5);
    expect(ds.scaled[19 * C]).toBeCloseTo(19 / 9, 5);
    expect(ds.scaled[5 * C + 1]).toBeCloseTo(Math.log(6) / Math.log(10), 5);
    expect(column(ds, 'a')[3]).toBeCloseTo(Math.exp(3), 3); // original units
    expect(ds.scaled[3 * C + 2]).toBe(ds.values[3 * C + 2]); // a calendar column: as it is
    expect(ds.scaler.inverse(0, [0, 1, 2])[2]).toBeCloseTo(Math.exp(18), -3);
    expect(ds.scaler.transform(1, [10])[0]).toBeCloseTo(1, 5);
  });

  test("the 'auto' transform takes logs only when every series value is positive", async () => {
    const roles = { timeColumn: 'date', targets: ['a'], features: ['a', 'b'] };
    const positive = dailyCsv(20, (i, c) => String(c === 'a' ? 10 + i : i + 1));
    const withZero = dailyCsv(20, (i, c) => String(c === 'a' ? 10 + i : i)); // b starts at 0
    const logged = ok(prepareDataset(await table(positive), roles, opts({ transform: 'auto' })));
    expect(logged.scaler.log).toEqual([true, true]);
    expect(column(logged, 'a')[3]).toBeCloseTo(13, 4); // values stay in original units
    const plain = ok(prepareDataset(await table(withZero), roles, opts({ transform: 'auto' })));
    expect(plain.scaler.log).toBeUndefined();
    // the explicit log transform refuses the zero instead of skipping it
    expect(prepareDataset(await table(withZero), roles, opts({ transform: 'log' })).ok).toBe(false);
  });

  test('gatherBatch lays out x as (B, T, F) and y as (B, horizon × targets), step-major', async () => {
    const csv = dailyCsv(30, (i, c) => String(c === 'a' ? i : 1000 + i));
    const ds = ok(
      prepareDataset(
        await table(csv),
        { timeColumn: 'date', targets: ['a', 'b'], features: ['b', 'a'] },
        opts({ split: { train: 1, val: 0, test: 0 }, window: { inputLength: 3, horizon: 2, stride: 2 } }),
      ),
    );
    expect(ds.columns).toEqual(['b', 'a']);
    expect(ds.outputSize).toBe(4);
    expect(ds.windows.train.count).toBe(13); // starts 0, 2, …, 24; 24 + 3 + 2 ≤ 30
    const batch = ds.gatherBatch('train', [1, 0]);
    expect(batch.batchSize).toBe(2);
    expect(batch.timeSteps).toBe(3);
    // Window 1 starts at row 2: inputs rows 2..4 as (b, a), targets rows 5, 6 as (a, b).
    expect(Array.from(batch.x.subarray(0, 6))).toEqual([1002, 2, 1003, 3, 1004, 4]);
    expect(Array.from(batch.y.subarray(0, 4))).toEqual([5, 1005, 6, 1006]);
    expect(Array.from(batch.y.subarray(4, 8))).toEqual([3, 1003, 4, 1004]);
    expect(Array.from(ds.inputAt(ds.length))).toEqual([1027, 27, 1028, 28, 1029, 29]);
    expect(() => ds.gatherBatch('train', [13])).toThrow(RangeError);
  });

  test('without a time column the time index is the file row', async () => {
    const t = await table('v\n1\nNA\n3\n4\n5\n');
    const ds = ok(
      prepareDataset(
        t,
        { timeColumn: null, targets: ['v'], features: ['v'] },
        opts({ split: ONE_SPLIT, missing: 'drop' }),
      ),
    );
    expect(ds.timeKind).toBe('index');
    expect(Array.from(ds.time)).toEqual([0, 2, 3, 4]);
    expect(ds.report.intervals).toBeNull();
  });
});
