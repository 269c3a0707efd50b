import type { ColumnInfo } from '../data/types';

/** Missing plus unparsable cells of a column, as the cleaning step will treat them. */
export function countMissingCells(column: ColumnInfo): number {
  let n = column.invalid;
  for (const count of Object.values(column.missing)) n += count ?? 0;
  return n;
}

/**
 * The file's columns as the parse report counts them ("13 columns"), and the time column combined from date
 * parts when there is one: the preview shows it beside the file's own columns.
 */
export function columnsLine(columns: readonly ColumnInfo[], fileColumns: number): string {
  const counted = `${fileColumns} column${fileColumns === 1 ? '' : 's'}`;
  const combined = columns.filter((c) => c.datetime?.format.startsWith('combined from'));
  return combined.length > 0
    ? `${counted}, and a time column ${combined.map((c) => c.datetime?.format).join('; ')}`
    : counted;
}
