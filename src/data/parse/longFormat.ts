// Long-format files hold several series one below the other (`symbol,date,price` with a block per symbol),
// told apart by a text column with few values. Merged by timestamp they would lose all but one series, and
// concatenated they would give windows that cross from one series to the next; so the file is recognised
// and the user picks one series.

import type { LongFormat, ParsedColumn } from '../types';

const MAX_SERIES = 100;
/** Each series needs this many rows to count. */
const MIN_ROWS_PER_SERIES = 4;

/**
 * The id column of a long-format file, or null. With a date column: timestamps repeat across ids and are
 * (almost) unique within each. Without one: each id's rows form one contiguous block.
 */
export function detectLongFormat(
  columns: ParsedColumn[],
  rowCount: number,
  cell: (column: number, row: number) => string,
): LongFormat | null {
  const time = columns.find((c) => c.type === 'datetime' && c.values !== null) ?? null;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    if (c.type !== 'categorical' || (c.distinct ?? 0) < 2 || (c.distinct ?? 0) > MAX_SERIES) continue;
    const ids = Array.from({ length: rowCount }, (_, r) => cell(j, r).trim());
    const order: string[] = [];
    const rows = new Map<string, number>();
    for (const id of ids) {
      if (!rows.has(id)) order.push(id);
      rows.set(id, (rows.get(id) ?? 0) + 1);
    }
    if (order.length < 2 || [...rows.values()].some((n) => n < MIN_ROWS_PER_SERIES)) continue;
    const series = order.map((name) => ({ name, rows: rows.get(name)! }));
    if (time) {
      if (timesRepeatAcrossIds(time.values!, ids)) return { column: c.name, series };
    } else if (contiguousBlocks(ids, order.length)) {
      return { column: c.name, series };
    }
  }
  return null;
}

function timesRepeatAcrossIds(time: Float64Array, ids: string[]): boolean {
  const all = new Set<number>();
  const within = new Set<string>();
  let repeatsWithin = 0;
  for (let r = 0; r < ids.length; r++) {
    if (Number.isNaN(time[r])) continue;
    all.add(time[r]);
    const key = `${ids[r]}\u0000${time[r]}`;
    if (within.has(key)) repeatsWithin++;
    within.add(key);
  }
  const perTimestamp = ids.length / Math.max(1, all.size);
  return perTimestamp >= 1.5 && repeatsWithin <= 0.05 * ids.length;
}

function contiguousBlocks(ids: string[], distinct: number): boolean {
  let changes = 0;
  for (let r = 1; r < ids.length; r++) if (ids[r] !== ids[r - 1]) changes++;
  return changes === distinct - 1;
}
