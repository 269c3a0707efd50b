// Small read helpers over a ParsedTable (pure; no copies of the columns).

import type { ParsedColumn, ParsedTable, RawCells } from './types';

/** The original text of cell `row` of a column, exactly as it was in the file (after unquoting). */
export function rawCell(cells: RawCells, row: number): string {
  return cells.text.slice(row === 0 ? 0 : cells.ends[row - 1], cells.ends[row]);
}

export function findColumn(table: ParsedTable, name: string): ParsedColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The original cells of data row `row`, in column order, for showing what a row looked like. */
export function rawRow(table: ParsedTable, row: number): string[] {
  return table.columns.map((c) => rawCell(c.raw, row));
}

/** ArrayBuffers a worker can transfer (instead of copy) when posting the table. */
export function tableTransferables(table: ParsedTable): ArrayBuffer[] {
  const out: ArrayBuffer[] = [table.lineNumbers.buffer as ArrayBuffer];
  for (const c of table.columns) {
    out.push(c.raw.ends.buffer as ArrayBuffer);
    if (c.values) out.push(c.values.buffer as ArrayBuffer);
  }
  return out;
}
