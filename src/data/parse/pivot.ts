// Long format → wide: one row per timestamp and one column per (value column, series), e.g. `temp`
// measured in two cities becomes `temp_Seattle`, `temp_New York`. The wide table is written as CSV text
// from the file's own cells (so numbers, missing tokens and dates read exactly as before) in the file's
// delimiter, then parsed like any file; its rows keep the file's line numbers for the cleaning report.

import { rawRowOf } from '../table';
import type { LongFormat, ParsedTable } from '../types';

export interface WideText {
  text: string;
  /** (rows) the file line of the first long row behind each wide row. */
  sourceLines: Uint32Array;
  /** The new columns, in order: for each value column, one per series. */
  valueColumns: string[];
  /** Long rows left out: no readable timestamp (with a time column). */
  rowsWithoutTime: number;
  /** (series, timestamp) pairs given more than once; the last one is kept. */
  duplicates: number;
}

function quoted(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r')
    ? `"${cell.replaceAll('"', '""')}"`
    : cell;
}

/** The series to pivot: those named in `only` (in the file's order), or every series. */
export function pivotedSeries(long: LongFormat, only?: string[]): LongFormat['series'] {
  if (!only) return long.series;
  const picked = new Set(only);
  return long.series.filter((s) => picked.has(s.name));
}

/**
 * The wide CSV text of a long-format table, with a column per series of `only` (every series when absent;
 * the other series' rows are left out). With a date column, rows are matched by timestamp (sorted, a series
 * without a row at some timestamp gets an empty cell there); without one, by position within each series'
 * block.
 */
export function pivotLongText(table: ParsedTable, long: LongFormat, only?: string[]): WideText {
  const { columns, raw } = table;
  const delimiter = raw.delimiter;
  const idColumn = columns.findIndex((c) => c.name === long.column);
  const timeColumn = columns.findIndex((c) => c.type === 'datetime' && c.values !== null);
  const valueColumns = columns.flatMap((_, j) => (j === idColumn || j === timeColumn ? [] : [j]));
  const series = pivotedSeries(long, only);
  const seriesIndex = new Map(series.map((s, i) => [s.name, i]));
  const S = series.length;

  // key (timestamp, or position within the series) → wide row; each wide row holds one long row per series
  const wideRows = new Map<number, { timeCell: string; line: number; rows: Int32Array }>();
  const position = new Int32Array(S);
  let rowsWithoutTime = 0;
  let duplicates = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const cells = rawRowOf(raw, r);
    const s = seriesIndex.get((cells[idColumn] ?? '').trim());
    if (s === undefined) continue;
    let key: number;
    if (timeColumn >= 0) {
      key = columns[timeColumn].values![r];
      if (Number.isNaN(key)) {
        rowsWithoutTime++;
        continue;
      }
    } else {
      key = position[s]++;
    }
    let wide = wideRows.get(key);
    if (!wide) {
      wide = {
        timeCell: timeColumn >= 0 ? cells[timeColumn] : '',
        line: table.lineNumbers[r],
        rows: new Int32Array(S).fill(-1),
      };
      wideRows.set(key, wide);
    }
    if (wide.rows[s] >= 0) duplicates++;
    wide.rows[s] = r;
  }

  const keys = [...wideRows.keys()].sort((a, b) => a - b);
  const names = valueColumns.flatMap((j) => series.map((s) => `${columns[j].name}_${s.name}`));
  const header = [...(timeColumn >= 0 ? [columns[timeColumn].name] : []), ...names];
  const lines = [header.map((h) => quoted(h, delimiter)).join(delimiter)];
  const sourceLines = new Uint32Array(keys.length);
  keys.forEach((key, i) => {
    const wide = wideRows.get(key)!;
    sourceLines[i] = wide.line;
    const cells = timeColumn >= 0 ? [wide.timeCell] : [];
    const rowCells = Array.from(wide.rows, (r) => (r >= 0 ? rawRowOf(raw, r) : null));
    for (const j of valueColumns) for (let s = 0; s < S; s++) cells.push(rowCells[s]?.[j] ?? '');
    lines.push(cells.map((c) => quoted(c, delimiter)).join(delimiter));
  });
  return { text: `${lines.join('\n')}\n`, sourceLines, valueColumns: names, rowsWithoutTime, duplicates };
}
