// Cleaning steps on the selected columns: put rows in time order and resolve duplicate timestamps, then
// fill gaps by the missing-value policy. Filling works inside each split only (see `fillMissing`).

import type { ChangedRow, DuplicatePolicy, MissingPolicy, RowRange, SplitName } from './types';

export interface OrderedRows {
  /** (M) source row of each kept row, in time order (the last row of a merged duplicate group). */
  rows: Uint32Array;
  /** (M, C) values of the kept rows; averaged over duplicate groups with 'average'. */
  values: Float64Array;
  /** (M) time of each kept row (NaN-free), or null without a time column. */
  time: Float64Array | null;
  rowsWithoutTime: number;
  rowsOutOfOrder: number;
  sorted: boolean;
  duplicateTimestamps: number;
  rowsMerged: number;
  changed: ChangedRow[];
}

/**
 * Rows without a time are dropped; out-of-order rows are sorted by time (stable, so file order breaks
 * ties); rows sharing a timestamp collapse into one by `duplicates`.
 * `columns[c]` is column c's values over all N table rows.
 */
export function orderRows(
  columns: Float64Array[],
  time: Float64Array | null,
  lines: Uint32Array,
  duplicates: DuplicatePolicy,
): OrderedRows {
  const C = columns.length;
  const n = columns[0].length;
  const changed: ChangedRow[] = [];
  if (!time) {
    const values = new Float64Array(n * C);
    for (let r = 0; r < n; r++) for (let c = 0; c < C; c++) values[r * C + c] = columns[c][r];
    const rows = new Uint32Array(n);
    for (let r = 0; r < n; r++) rows[r] = r;
    return {
      rows,
      values,
      time: null,
      rowsWithoutTime: 0,
      rowsOutOfOrder: 0,
      sorted: false,
      duplicateTimestamps: 0,
      rowsMerged: 0,
      changed,
    };
  }
  let order = new Uint32Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    if (!Number.isNaN(time[r])) order[kept++] = r;
    else changed.push({ row: r, line: lines[r], action: 'dropped-no-time' });
  }
  order = order.slice(0, kept);
  const rowsWithoutTime = n - order.length;
  let rowsOutOfOrder = 0;
  let runningMax = Number.NEGATIVE_INFINITY;
  for (const r of order) {
    if (time[r] < runningMax) rowsOutOfOrder++;
    else runningMax = time[r];
  }
  const sorted = rowsOutOfOrder > 0;
  if (sorted) order = Uint32Array.from(Array.from(order).sort((a, b) => time[a] - time[b] || a - b));
  const keptRows = new Uint32Array(order.length);
  const keptValues = new Float64Array(order.length * C); // (M, C)
  const keptTime = new Float64Array(order.length);
  let m = 0;
  let duplicateTimestamps = 0;
  let rowsMerged = 0;
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && time[order[j]] === time[order[i]]) j++;
    const last = order[j - 1];
    if (j - i > 1) {
      duplicateTimestamps++;
      rowsMerged += j - i - 1;
      for (let k = i; k < j; k++) {
        if (order[k] !== last || duplicates === 'average') {
          changed.push({ row: order[k], line: lines[order[k]], action: 'merged-duplicate' });
        }
      }
    }
    for (let c = 0; c < C; c++) {
      if (duplicates === 'keep-last' || j - i === 1) keptValues[m * C + c] = columns[c][last];
      else {
        let sum = 0;
        let cnt = 0;
        for (let k = i; k < j; k++) {
          const v = columns[c][order[k]];
          if (!Number.isNaN(v)) {
            sum += v;
            cnt++;
          }
        }
        keptValues[m * C + c] = cnt > 0 ? sum / cnt : NaN;
      }
    }
    keptRows[m] = last;
    keptTime[m] = time[last];
    m++;
    i = j;
  }
  return {
    rows: keptRows.slice(0, m),
    values: keptValues.slice(0, m * C),
    time: keptTime.slice(0, m),
    rowsWithoutTime,
    rowsOutOfOrder,
    sorted,
    duplicateTimestamps,
    rowsMerged,
    changed,
  };
}

/** Keeps the rows with no NaN in any column. */
export function dropMissingRows(
  values: Float64Array, // (M, C)
  C: number,
  keep: (r: number) => void,
  drop: (r: number) => void,
): void {
  const m = values.length / C;
  for (let r = 0; r < m; r++) {
    let ok = true;
    for (let c = 0; c < C; c++) {
      const v = values[r * C + c];
      if (Number.isNaN(v)) {
        ok = false;
        break;
      }
    }
    if (ok) keep(r);
    else drop(r);
  }
}

export interface FillResult {
  filled: number[];
  fallbackFilled: number[];
  /** Positions (series rows) that had at least one cell filled, with the columns filled. */
  filledRows: Map<number, number[]>;
}

/** Mean of column c over rows [0, trainEnd), NaN when there is no value. */
export function trainMean(values: Float64Array, C: number, c: number, trainEnd: number): number {
  let sum = 0;
  let n = 0;
  for (let r = 0; r < trainEnd; r++) {
    const v = values[r * C + c];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/**
 * Fills NaNs in `values` (N, C) in place, split by split, so no fill reads a value from another split.
 * Gaps the policy cannot reach inside the split (ffill at its start, bfill at its end, interpolation at
 * either end) take the nearest value in the split; a split with no value takes the training mean.
 * `time` (N) makes interpolation proportional to elapsed time; without it, to row distance.
 */
export function fillMissing(
  values: Float64Array,
  C: number,
  splits: Record<SplitName, RowRange>,
  policy: Exclude<MissingPolicy, 'drop'>,
  time: Float64Array | null,
): FillResult {
  const filled = new Array<number>(C).fill(0);
  const fallbackFilled = new Array<number>(C).fill(0);
  const filledRows = new Map<number, number[]>();
  const mark = (r: number, c: number) => {
    const list = filledRows.get(r);
    if (list) list.push(c);
    else filledRows.set(r, [c]);
  };
  const at = (r: number) => (time ? time[r] : r);
  for (let c = 0; c < C; c++) {
    const mean = trainMean(values, C, c, splits.train.end);
    for (const { start, end } of [splits.train, splits.val, splits.test]) {
      let prev = -1; // last valid row in this split
      let next = -1; // next valid row after a gap (cached across the gap), -1 when none
      for (let r = start; r < end; r++) {
        const i = r * C + c;
        if (!Number.isNaN(values[i])) {
          prev = r;
          if (next === -2) next = -1;
          continue;
        }
        if (next <= r && next !== -2) {
          next = r + 1;
          while (next < end && Number.isNaN(values[next * C + c])) next++;
          if (next >= end) next = -2; // no valid value until the split's end
        }
        const nextRow = next >= 0 ? next : -1;
        let v: number;
        let viaPolicy = true;
        if (policy === 'zero') v = 0;
        else if (policy === 'mean') v = mean;
        else if (prev < 0 && nextRow < 0) {
          v = mean;
          viaPolicy = false;
        } else if (policy === 'ffill') {
          viaPolicy = prev >= 0;
          v = values[(prev >= 0 ? prev : nextRow) * C + c];
        } else if (policy === 'bfill') {
          viaPolicy = nextRow >= 0;
          v = values[(nextRow >= 0 ? nextRow : prev) * C + c];
        } else if (prev >= 0 && nextRow >= 0) {
          const a = values[prev * C + c];
          const b = values[nextRow * C + c];
          const span = at(nextRow) - at(prev);
          const w = span > 0 ? (at(r) - at(prev)) / span : (r - prev) / (nextRow - prev);
          v = a + (b - a) * w;
        } else {
          viaPolicy = false;
          v = values[(prev >= 0 ? prev : nextRow) * C + c];
        }
        values[i] = v;
        if (viaPolicy) filled[c]++;
        else fallbackFilled[c]++;
        mark(r, c);
        // A filled cell is not a source for the next gap cell: `prev` stays on the last real value,
        // so interpolation across a run of gaps stays linear.
      }
    }
  }
  return { filled, fallbackFilled, filledRows };
}
