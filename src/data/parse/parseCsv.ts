// CSV file → ParsedTable, reading the file in chunks (so a 200 MB file never exists as one string) and
// reporting progress after each chunk. Pure TypeScript over `Blob`: runs in a Web Worker and in Node.

import Papa from 'papaparse';
import { dataErrors } from '../errors';
import { rawRowOf } from '../table';
import type {
  DataError,
  HeaderRename,
  LongFormat,
  ParsedColumn,
  ParsedTable,
  ParseOptions,
  ParseOutcome,
  ParseProgress,
  ParseReport,
  PivotReport,
  RawText,
} from '../types';
import { DEFAULT_MAX_BYTES } from '../types';
import { dropTrailingCells, footerStart, keepRawRows } from './footer';
import { detectLongFormat } from './longFormat';
import { describeParse, pivotNote } from './notes';
import type { NumberFormat } from './numbers';
import { pivotedSeries, pivotLongText } from './pivot';
import { type ByteSniff, sniffBytes, sniffText, type TextSniff } from './sniff';
import { TableBuilder } from './tableBuilder';
import { combinedDateColumn, finishColumn, numberCells, suggestRoles } from './typing';
import { textCellWarnings } from './warnings';

const SNIFF_BYTES = 64 * 1024;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const QUOTE = 0x22;

/**
 * Index just past the last line break in `text` that lies outside quotes, or -1. Quote state is the parity
 * of `"` characters since `text` began at a row boundary (an escaped `""` flips it twice).
 */
export function lastRowBoundary(text: string, newline: string, hasQuote = text.includes('"')): number {
  const nl = newline.charCodeAt(newline.length - 1);
  if (!hasQuote) {
    const i = text.lastIndexOf(newline[newline.length - 1]);
    return i === -1 ? -1 : i + 1;
  }
  let inQuotes = false;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === nl && !inQuotes) last = i + 1;
  }
  return last;
}

function uniqueNames(header: string[] | null, width: number): { names: string[]; renames: HeaderRename[] } {
  const names: string[] = [];
  const renames: HeaderRename[] = [];
  const used = new Set<string>();
  for (let j = 0; j < width; j++) {
    const original = header?.[j] ?? '';
    let name = original.trim();
    let reason: HeaderRename['reason'] | null = null;
    if (header === null) name = `column ${j + 1}`;
    else if (name === '') {
      name = `column ${j + 1}`;
      reason = 'empty';
    }
    if (used.has(name)) {
      const stem = name;
      let k = 2;
      while (used.has(`${stem}_${k}`)) k++;
      name = `${stem}_${k}`;
      reason ??= 'duplicate';
    }
    // A generated name can collide with a later real one: the later one is renamed then.
    used.add(name);
    names.push(name);
    if (reason) renames.push({ index: j, original, renamed: name, reason });
  }
  return { names, renames };
}

interface Chunker {
  builder: TableBuilder | null;
  header: string[] | null;
  sniff: TextSniff | null;
  line: number;
  blankBeforeHeader: number;
  carry: string;
  quoteIssues: number[];
}

/** Parses one run of whole lines (no trailing line break). */
function parseComplete(state: Chunker, text: string, hasQuote: boolean): void {
  const sniff = state.sniff!;
  if (!state.builder) {
    // The first non-blank line fixes the width, and is the header when sniffing said so.
    const nl = sniff.newline;
    let pos = 0;
    for (;;) {
      let lineEnd = text.indexOf(nl, pos);
      if (lineEnd === -1) lineEnd = text.length;
      if (text.slice(pos, lineEnd).trim() !== '') break;
      state.line++;
      state.blankBeforeHeader++;
      if (lineEnd >= text.length) return;
      pos = lineEnd + nl.length;
    }
    text = text.slice(pos);
    const headerEnd = firstRowEnd(text, nl);
    const firstText = headerEnd === -1 ? text : text.slice(0, headerEnd);
    const parsedFirst = Papa.parse<string[]>(firstText, {
      delimiter: sniff.delimiter,
      quoteChar: '"',
      escapeChar: '"',
    });
    const firstRow = parsedFirst.data[0] ?? [''];
    state.builder = new TableBuilder(firstRow.length, sniff.numericHint, sniff.format, sniff.delimiter);
    state.builder.emptyLines += state.blankBeforeHeader;
    if (sniff.header) {
      state.header = firstRow;
      state.line += 1 + countChar(firstText, nl[nl.length - 1]);
      if (headerEnd === -1) return;
      text = text.slice(headerEnd + nl.length);
      // A quoted header alone should not send the whole first chunk down the slow path.
      if (hasQuote) hasQuote = text.includes('"');
    }
  }
  const builder = state.builder;
  if (!hasQuote) {
    state.line = builder.addPlainChunk(text, sniff.newline, state.line);
    return;
  }
  const res = Papa.parse<string[]>(text, {
    delimiter: sniff.delimiter,
    newline: sniff.newline as '\r\n',
    quoteChar: '"',
    escapeChar: '"',
    skipEmptyLines: false,
  });
  const rows = res.data;
  const nlChar = sniff.newline[sniff.newline.length - 1];
  const lines = new Uint32Array(rows.length);
  let line = state.line;
  for (let i = 0; i < rows.length; i++) {
    lines[i] = line;
    line++;
    for (const f of rows[i]) if (f.includes(nlChar)) line += countChar(f, nlChar);
  }
  state.line = line;
  for (const e of res.errors) {
    if (e.type === 'Quotes' && e.row !== undefined && state.quoteIssues.length < 20) {
      state.quoteIssues.push(lines[e.row] ?? state.line);
    }
  }
  builder.addParsedRows(rows, lines);
}

/** Index of the first line break outside quotes, or -1. */
function firstRowEnd(text: string, newline: string): number {
  const first = text.indexOf(newline);
  const quote = text.indexOf('"');
  if (quote === -1 || (first !== -1 && quote > first)) return first;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && text.startsWith(newline, i)) return i;
  }
  return -1;
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

async function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/**
 * Parses a CSV file. `onProgress` is called after each chunk. Never throws for bad input: every problem
 * the user can cause comes back as `{ ok: false, error }`.
 */
export async function parseCsv(
  file: Blob,
  options: ParseOptions = {},
  onProgress?: (p: ParseProgress) => void,
): Promise<ParseOutcome> {
  const t0 = performance.now();
  const fileName = typeof (file as File).name === 'string' ? (file as File).name : null;
  const opened = await openFile(file, fileName, options);
  if (!opened.ok) return opened;
  const bytes = opened.sniff;
  let read: Chunker & { sawText: boolean };
  try {
    read = await readChunks(file, bytes, options, onProgress);
  } catch (e) {
    return { ok: false, error: dataErrors.readFailed(fileName, e instanceof Error ? e.message : String(e)) };
  }
  const { builder, sniff } = read;
  if (!read.sawText || !builder || !sniff) return { ok: false, error: dataErrors.emptyFile(fileName) };
  if (builder.rowCount === 0) return { ok: false, error: dataErrors.noDataRows(fileName) };
  if (options.raggedRows === 'error' && builder.raggedCount > 0) {
    return {
      ok: false,
      error: dataErrors.raggedRows(
        fileName,
        builder.raggedCount,
        builder.ragged.map((r) => r.line),
        builder.width,
      ),
    };
  }
  const body = typedBody(builder, read.header, sniff, options);
  const { columns, rowCount: n, cellsOf } = body;
  if (!columns.some((c) => c.type === 'numeric')) {
    return { ok: false, error: noNumbersError(fileName, body, sniff.format) };
  }
  // a date split over year, month, day, hour columns becomes one more column, the time axis
  if (!columns.some((c) => c.type === 'datetime')) {
    const combined = combinedDateColumn(columns);
    if (combined) columns.push(combined);
  }
  const longFormat = detectLongFormat(columns, n, (j, r) => cellsOf(r)[j] ?? '');
  const report = parseReport(
    file,
    bytes,
    { builder, sniff, quoteIssues: read.quoteIssues },
    body,
    longFormat,
  );
  report.elapsedMs = performance.now() - t0;
  const table: ParsedTable = { columns, rowCount: n, raw: body.raw, lineNumbers: body.lineNumbers, report };
  if (options.pivotLongFormat && longFormat) return pivoted(table, longFormat, options, t0);
  return { ok: true, table };
}

/** The file's size checked and its first bytes sniffed for an encoding (or found not to be text). */
async function openFile(
  file: Blob,
  fileName: string | null,
  options: ParseOptions,
): Promise<{ ok: true; sniff: ByteSniff } | { ok: false; error: DataError }> {
  const total = file.size;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (total === 0) return { ok: false, error: dataErrors.emptyFile(fileName) };
  if (total > maxBytes) return { ok: false, error: dataErrors.fileTooLarge(fileName, maxBytes, total) };
  let head: Uint8Array;
  try {
    head = await readBytes(file, 0, Math.min(total, SNIFF_BYTES));
  } catch (e) {
    return { ok: false, error: dataErrors.readFailed(fileName, String(e)) };
  }
  const sniff = sniffBytes(head);
  if (!sniff) return { ok: false, error: dataErrors.notText(fileName) };
  return { ok: true, sniff };
}

/**
 * Reads the file chunk by chunk into a TableBuilder, cutting each chunk at its last row boundary and
 * carrying the rest over; the text format is sniffed from the first chunk with text in it. Throws when
 * the file cannot be read.
 */
async function readChunks(
  file: Blob,
  bytes: ByteSniff,
  options: ParseOptions,
  onProgress?: (p: ParseProgress) => void,
): Promise<Chunker & { sawText: boolean }> {
  const total = file.size;
  const decoder = new TextDecoder(bytes.encoding);
  const chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const state: Chunker = {
    builder: null,
    header: null,
    sniff: null,
    line: 1,
    blankBeforeHeader: 0,
    carry: '',
    quoteIssues: [],
  };
  let offset = bytes.bomBytes;
  let sawText = false;
  while (offset < total) {
    const end = Math.min(total, offset + chunkBytes);
    const last = end >= total;
    const text = state.carry + decoder.decode(await readBytes(file, offset, end), { stream: !last });
    offset = end;
    if (!sawText && text.trim().length > 0) sawText = true;
    if (!state.sniff) {
      if (!sawText && !last) {
        state.carry = text;
        continue;
      }
      const sampleEnd = last ? text.length : lastRowBoundary(text.slice(0, SNIFF_BYTES), '\n');
      state.sniff = sniffText(sampleEnd > 0 ? text.slice(0, sampleEnd) : text, options);
    }
    const nl = state.sniff.newline;
    // One scan for quotes per chunk: quote-free text takes the fast path.
    const hasQuote = text.includes('"');
    let complete: string;
    if (last) {
      complete = text.endsWith(nl) ? text.slice(0, text.length - nl.length) : text;
      state.carry = '';
    } else {
      const cut = lastRowBoundary(text, nl, hasQuote);
      if (cut === -1) {
        state.carry = text;
        continue;
      }
      complete = text.slice(0, cut - nl.length);
      state.carry = text.slice(cut);
    }
    parseComplete(state, complete, hasQuote && complete.includes('"'));
    onProgress?.({ bytesRead: offset, totalBytes: total, rows: state.builder?.rowCount ?? 0 });
  }
  return { ...state, sawText };
}

/** The rows read, the trailing footer left out, as typed columns. */
interface TypedBody {
  columns: ParsedColumn[];
  /** Data rows: the rows read less the footer. */
  rowCount: number;
  raw: RawText;
  lineNumbers: Uint32Array;
  footerLines: number[];
  renames: HeaderRename[];
  /** The raw cells of a row read (footer rows included). */
  cellsOf: (row: number) => string[];
}

/**
 * The builder's columns typed, with the header's names made unique. Trailing lines with neither numbers
 * nor dates are a footer, not data: they are left out before typing.
 */
function typedBody(
  builder: TableBuilder,
  header: string[] | null,
  sniff: TextSniff,
  options: ParseOptions,
): TypedBody {
  const { names, renames } = uniqueNames(header, builder.width);
  const allLines = builder.lineNumbers();
  const rowsRead = builder.rowCount;
  const rawRead = builder.raw();
  const cellsOf = (r: number) => rawRowOf(rawRead, r);
  const n = footerStart(rowsRead, cellsOf, sniff.format);
  const footerLines = Array.from(allLines.subarray(n, rowsRead));
  const columns: ParsedColumn[] = builder.columns.map((c, j) => {
    // numbers were parsed while streaming, over every row: type them so, then cut the footer's cells
    const streamed = c.numbers !== null;
    if (c.cells) c.cells = c.cells.slice(0, n);
    const rows = streamed ? rowsRead : n;
    const typed = finishColumn(c, names[j], header?.[j] ?? '', rows, sniff.format, allLines, options, () =>
      Array.from({ length: rows }, (_, r) => cellsOf(r)[j]),
    );
    return streamed && n < rowsRead ? dropTrailingCells(typed, j, n, rowsRead, cellsOf) : typed;
  });
  return {
    columns,
    rowCount: n,
    raw: n < rowsRead ? keepRawRows(rawRead, n) : rawRead,
    lineNumbers: n < rowsRead ? allLines.slice(0, n) : allLines,
    footerLines,
    renames,
    cellsOf,
  };
}

/** No column is numbers: the text column with the most numbers named, when one has any. */
function noNumbersError(fileName: string | null, body: TypedBody, format: NumberFormat): DataError {
  let best: { column: string; count: ReturnType<typeof numberCells> } | null = null;
  for (const [j, c] of body.columns.entries()) {
    if (c.type !== 'categorical') continue;
    const cells = Array.from({ length: body.rowCount }, (_, r) => body.cellsOf(r)[j] ?? '');
    const count = numberCells(cells, format, body.lineNumbers);
    if (count.numbers > (best?.count.numbers ?? 0)) best = { column: c.name, count };
  }
  if (!best) return dataErrors.noNumericColumn(fileName);
  const { column, count } = best;
  return dataErrors.numbersMixedWithText(
    fileName,
    column,
    count.numbers,
    count.filled,
    count.text,
    count.textCount,
  );
}

/** What the parse found, for the page's report (elapsedMs is filled in by the caller). */
function parseReport(
  file: Blob,
  bytes: ByteSniff,
  read: { builder: TableBuilder; sniff: TextSniff; quoteIssues: number[] },
  body: TypedBody,
  longFormat: LongFormat | null,
): ParseReport {
  const { builder, sniff } = read;
  const { columns, rowCount: n } = body;
  const report: ParseReport = {
    fileName: typeof (file as File).name === 'string' ? (file as File).name : null,
    bytes: file.size,
    encoding: bytes.encoding,
    delimiter: sniff.delimiter,
    decimalSeparator: sniff.format.decimal,
    thousandsSeparator: sniff.format.thousands,
    headerDetected: sniff.header,
    bom: bytes.bomBytes > 0,
    lineEnding: sniff.lineEnding,
    rowCount: n,
    columnCount: builder.width,
    emptyLinesSkipped: builder.emptyLines,
    raggedRowCount: builder.ragged.filter((r) => r.row < n).length,
    raggedRows: builder.ragged.filter((r) => r.row < n),
    footerLines: body.footerLines,
    renamedHeaders: body.renames,
    quoteProblemLines: read.quoteIssues,
    longFormat,
    categoricalColumns: columns.filter((c) => c.type === 'categorical').map((c) => c.name),
    suggestedRoles: {
      ...suggestRoles(columns),
      ...(longFormat ? { seriesColumn: longFormat.column, series: longFormat.series[0].name } : {}),
    },
    notes: [],
    warnings: textCellWarnings(columns),
    elapsedMs: 0,
  };
  report.notes = describeParse(report, columns);
  return report;
}

/** The wide table of a long-format file: its pivoted text parsed, with the file's line numbers and report. */
async function pivoted(
  long: ParsedTable,
  format: LongFormat,
  options: ParseOptions,
  t0: number,
): Promise<ParseOutcome> {
  const wide = pivotLongText(long, format, options.pivotSeries);
  const { report } = long;
  const outcome = await parseCsvText(wide.text, {
    ...options,
    pivotLongFormat: false,
    delimiter: report.delimiter,
    decimal: report.decimalSeparator,
    header: true,
  });
  if (!outcome.ok) return outcome;
  const table = outcome.table;
  if (table.rowCount === wide.sourceLines.length) table.lineNumbers.set(wide.sourceLines);
  const pivot: PivotReport = {
    column: format.column,
    series: pivotedSeries(format, options.pivotSeries).map((s) => s.name),
    columns: wide.valueColumns,
    rowsWithoutTime: wide.rowsWithoutTime,
    duplicates: wide.duplicates,
  };
  // the series side by side are one model's targets and inputs: the first value column of each
  const seriesColumns = wide.valueColumns
    .slice(0, pivot.series.length)
    .filter((name) => table.columns.some((c) => c.name === name && c.type === 'numeric'));
  const suggestedRoles =
    seriesColumns.length > 0
      ? { ...table.report.suggestedRoles, targets: seriesColumns, features: seriesColumns }
      : table.report.suggestedRoles;
  const wideReport = { ...table.report, suggestedRoles };
  table.report = {
    ...wideReport,
    fileName: report.fileName,
    bytes: report.bytes,
    encoding: report.encoding,
    bom: report.bom,
    lineEnding: report.lineEnding,
    emptyLinesSkipped: report.emptyLinesSkipped,
    footerLines: report.footerLines,
    pivoted: pivot,
    notes: [pivotNote(pivot, long.rowCount, table.rowCount), ...describeParse(wideReport, table.columns)],
    elapsedMs: performance.now() - t0,
  };
  return outcome;
}

/** Convenience for tests and samples: parses CSV text as if it were a file. */
export function parseCsvText(text: string, options: ParseOptions = {}): Promise<ParseOutcome> {
  return parseCsv(new Blob([text]), options);
}
