// Property tests: windows stay inside their split (so no target leaks into an earlier split's inputs),
// scaling round-trips, and the scaler and mean fill depend on training rows only.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { prepareDataset } from '../../../src/data/prepare';
import { fitScaler, makeScaler } from '../../../src/data/scaler';
import { splitRanges } from '../../../src/data/split';
import type { ParsedTable, ScalerKind, SplitConfig } from '../../../src/data/types';
import { SPLITS } from '../../../src/data/types';
import { makeWindows, windowCount } from '../../../src/data/windows';

const splitArb: fc.Arbitrary<SplitConfig> = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .map(([a, b, c]) => ({ train: a / (a + b + c), val: b / (a + b + c), test: c / (a + b + c) }));

const windowArb = fc.record({
  inputLength: fc.integer({ min: 1, max: 40 }),
  horizon: fc.integer({ min: 1, max: 12 }),
  stride: fc.integer({ min: 1, max: 7 }),
});

/** A numeric ParsedTable built directly (no CSV), with optional NaNs. */
function numericTable(columns: number[][]): ParsedTable {
  const n = columns[0].length;
  const rowText = Array.from({ length: n }, (_, r) =>
    columns.map((col) => (Number.isNaN(col[r]) ? '' : String(col[r]))).join(','),
  );
  const rowStart = new Uint32Array(n);
  const rowEnd = new Uint32Array(n);
  for (let r = 0, at = 0; r < n; r++) {
    rowStart[r] = at;
    rowEnd[r] = at + rowText[r].length;
    at = rowEnd[r] + 1;
  }
  return {
    rowCount: n,
    raw: {
      chunks: [rowText.join('\n')],
      rowChunk: new Uint32Array(n),
      rowStart,
      rowEnd,
      delimiter: ',',
      width: columns.length,
    },
    lineNumbers: Uint32Array.from({ length: n }, (_, i) => i + 2),
    columns: columns.map((values, j) => ({
      name: `c${j}`,
      originalName: `c${j}`,
      type: 'numeric' as const,
      values: Float64Array.from(values),
      missing: {},
      invalid: 0,
      invalidExamples: [],
    })),
    report: {} as ParsedTable['report'],
  };
}

describe('windows', () => {
  test('windows: targets inside their split, training inputs inside training, inputs before targets, none missed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), splitArb, windowArb, (n, split, w) => {
        const splits = splitRanges(n, split);
        expect(splits.train.start).toBe(0);
        expect(splits.train.end).toBe(splits.val.start);
        expect(splits.val.end).toBe(splits.test.start);
        expect(splits.test.end).toBe(n);
        const ws = makeWindows(splits, w);
        expect(ws.train.count).toBe(windowCount(splits.train.end, w));
        for (const s of SPLITS) {
          const { start, end } = splits[s];
          const sw = ws[s];
          const floor = s === 'train' ? start : 0;
          let previousTarget = -1;
          for (let k = 0; k < sw.count; k++) {
            const first = sw.inputStart(k);
            const lastInput = first + w.inputLength - 1;
            const firstTarget = first + w.inputLength;
            const lastTarget = firstTarget + w.horizon - 1;
            expect(first).toBeGreaterThanOrEqual(floor);
            expect(lastInput).toBeLessThan(firstTarget);
            expect(firstTarget).toBeGreaterThanOrEqual(start);
            expect(lastTarget).toBeLessThan(end);
            if (k > 0) expect(firstTarget - previousTarget).toBe(w.stride);
            previousTarget = firstTarget;
          }
          // Complete: the first window starts as early as allowed, and one more would cross the end.
          const earliest = Math.max(start, floor + w.inputLength);
          if (sw.count > 0) expect(sw.inputStart(0) + w.inputLength).toBe(earliest);
          expect(earliest + sw.count * w.stride + w.horizon).toBeGreaterThan(end);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a gathered batch never reads a later row: training windows stay in training, others read only the past', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 300 }), windowArb, (n, w) => {
        // Each row's value is its index, so a batch reveals which rows it read.
        const rows = Array.from({ length: n }, (_, i) => i);
        const out = prepareDataset(
          numericTable([rows]),
          { timeColumn: null, targets: ['c0'], features: ['c0'] },
          {
            missing: 'zero',
            duplicates: 'keep-last',
            scaler: 'none',
            split: { train: 0.6, val: 0.2, test: 0.2 },
            window: w,
            formulation: 'level',
            calendar: 'off',
          },
        );
        if (!out.ok) {
          expect(out.error.kind).toBe('too-few-rows');
          return;
        }
        const ds = out.dataset;
        for (const s of SPLITS) {
          const sw = ds.windows[s];
          if (sw.count === 0) continue;
          const all = Array.from({ length: sw.count }, (_, k) => k);
          const b = ds.gatherBatch(s, all);
          // training reads only training rows; validation and test read any earlier row
          const floor = s === 'train' ? ds.splits.train.start : 0;
          for (let i = 0; i < b.x.length; i++) {
            expect(b.x[i]).toBeGreaterThanOrEqual(floor);
            expect(b.x[i]).toBeLessThan(ds.splits[s].end);
          }
          for (let k = 0; k < sw.count; k++) {
            const lastInput = b.x[k * w.inputLength + w.inputLength - 1];
            for (let h = 0; h < w.horizon; h++) {
              const y = b.y[k * w.horizon + h];
              expect(y).toBe(lastInput + 1 + h);
              expect(y).toBeGreaterThanOrEqual(ds.splits[s].start);
              expect(y).toBeLessThan(ds.splits[s].end);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('scaling', () => {
  test('inverse(transform(x)) returns x within float32 precision, for every scaler', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ScalerKind>('standard', 'minmax', 'none'),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (kind, xs) => {
          const scaler = makeScaler(fitScaler(kind, ['x'], xs, xs.length));
          const back = scaler.inverse(0, scaler.transform(0, xs));
          const range = Math.max(...xs.map(Math.abs), 1);
          for (let i = 0; i < xs.length; i++)
            expect(Math.abs(back[i] - xs[i])).toBeLessThanOrEqual(range * 1e-6);
        },
      ),
    );
  });

  test('the scaler and the mean fill do not change when only validation or test values change', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(Number.NaN)), {
          minLength: 40,
          maxLength: 120,
        }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.constantFrom<ScalerKind>('standard', 'minmax'),
        (values, shift, kind) => {
          const n = values.length;
          const trainEnd = Math.round(n * 0.7);
          if (!values.slice(0, trainEnd).some((v) => !Number.isNaN(v))) return;
          const options = {
            missing: 'mean' as const,
            duplicates: 'keep-last' as const,
            scaler: kind,
            split: { train: 0.7, val: 0.15, test: 0.15 },
            window: { inputLength: 2, horizon: 1, stride: 1 },
            formulation: 'change' as const,
            calendar: 'off' as const,
          };
          const roles = { timeColumn: null, targets: ['c0'], features: ['c0'] };
          const a = prepareDataset(numericTable([values]), roles, options);
          const later = values.map((v, i) => (i >= trainEnd && !Number.isNaN(v) ? v + shift : v));
          const b = prepareDataset(numericTable([later]), roles, options);
          if (!a.ok || !b.ok) throw new Error('unexpected error');
          expect(b.dataset.scaler.offset).toEqual(a.dataset.scaler.offset);
          expect(b.dataset.scaler.scale).toEqual(a.dataset.scaler.scale);
          // Filled cells (NaN in the input) hold the same training mean in both.
          for (let i = 0; i < n; i++)
            if (Number.isNaN(values[i])) expect(b.dataset.values[i]).toBe(a.dataset.values[i]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
