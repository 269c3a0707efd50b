// Read helpers over a ParsedTable (pure; nothing is copied until asked for).

import Papa from 'papaparse';
import type { ParsedTable, RawText, TableView } from './types';

/**
 * The original cells of data row `row`, exactly as in the file (unquoted), padded with '' or cut to the
 * table's width like the parsed row was (the extra fields of long rows are in report.raggedRows).
 */
export function rawRowOf(raw: RawText, row: number): string[] {
  const text = raw.chunks[raw.rowChunk[row]].slice(raw.rowStart[row], raw.rowEnd[row]);
  const cells = text.includes('"')
    ? (Papa.parse<string[]>(text, { delimiter: raw.delimiter, quoteChar: '"', escapeChar: '"' }).data[0] ?? [
        '',
      ])
    : text.split(raw.delimiter);
  if (cells.length > raw.width) cells.length = raw.width;
  while (cells.length < raw.width) cells.push('');
  return cells;
}

export function rawRow(table: ParsedTable, row: number): string[] {
  return rawRowOf(table.raw, row);
}

/** The original text of one cell (column by index or name). */
export function rawCell(table: ParsedTable, column: number | string, row: number): string {
  const j = typeof column === 'number' ? column : table.columns.findIndex((c) => c.name === column);
  return rawRowOf(table.raw, row)[j] ?? '';
}

/** ArrayBuffers a worker can transfer (instead of copy) when posting the table. */
export function tableTransferables(table: ParsedTable): ArrayBuffer[] {
  const out: ArrayBuffer[] = [table.lineNumbers.buffer as ArrayBuffer];
  const r = table.raw;
  out.push(
    r.rowChunk.buffer as ArrayBuffer,
    r.rowStart.buffer as ArrayBuffer,
    r.rowEnd.buffer as ArrayBuffer,
  );
  for (const c of table.columns) if (c.values) out.push(c.values.buffer as ArrayBuffer);
  return out;
}

/** Rows of the preview the page shows. */
export const PREVIEW_ROWS = 6;

/** Hex SHA-256 of a file's bytes: the same file gives the same fingerprint, whatever was parsed from it. */
export async function fileFingerprint(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The page's view of a table (no values): made where the table was parsed, small enough to post. */
export function tableView(table: ParsedTable, id: number, fingerprint: string): TableView {
  return {
    id,
    columns: table.columns.map(({ values: _values, ...info }) => info),
    rowCount: table.rowCount,
    report: table.report,
    preview: Array.from({ length: Math.min(PREVIEW_ROWS, table.rowCount) }, (_, r) => rawRow(table, r)),
    fingerprint,
  };
}
