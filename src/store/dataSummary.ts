import type { ColumnInfo } from '../data/types';

/** Missing plus unparsable cells of a column, as the cleaning step will treat them. */
export function countMissingCells(column: ColumnInfo): number {
  let n = column.invalid;
  for (const count of Object.values(column.missing)) n += count ?? 0;
  return n;
}
