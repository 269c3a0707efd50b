// CSV file → ParsedTable, reading the file in chunks (so a 200 MB file never exists as one string) and
// reporting progress after each chunk. Pure TypeScript over `Blob`: runs in a Web Worker and in Node.

import Papa from 'papaparse';
import { dataErrors } from '../errors';
import type {
  HeaderRename,
  ParsedColumn,
  ParseOptions,
  ParseOutcome,
  ParseProgress,
  ParseReport,
} from '../types';
import { DEFAULT_MAX_BYTES } from '../types';
import { describeParse } from './notes';
import { type Encoding, sniffBytes, sniffText, type TextSniff } from './sniff';
import { TableBuilder } from './tableBuilder';
import { finishColumn, suggestRoles } from './typing';

const SNIFF_BYTES = 64 * 1024;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const QUOTE = 0x22;

/**
 * Index just past the last line break in `text` that lies outside quotes, or -1. Quote state is the parity
 * of `"` characters since `text` began at a row boundary (an escaped `""` flips it twice).
 */
export function lastRowBoundary(text: string, newline: string): number {
  const nl = newline.charCodeAt(newline.length - 1);
  if (text.indexOf('"') === -1) {
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
  carry: string;
  quoteIssues: number[];
}

function parseComplete(state: Chunker, text: string, options: ParseOptions): void {
  const sniff = state.sniff!;
  if (text.length === 0) {
    // The text before a line break that stands alone: one blank line.
    if (state.builder) state.builder.emptyLines++;
    state.line++;
    return;
  }
  const res = Papa.parse<string[]>(text, {
    delimiter: sniff.delimiter,
    newline: sniff.newline as '\r\n',
    quoteChar: '"',
    escapeChar: '"',
    skipEmptyLines: false,
  });
  let rows = res.data;
  const hasQuotes = text.includes('"');
  const nlChar = sniff.newline[sniff.newline.length - 1];
  const lines = new Uint32Array(rows.length);
  let line = state.line;
  for (let i = 0; i < rows.length; i++) {
    lines[i] = line;
    line++;
    if (hasQuotes) {
      for (const f of rows[i]) {
        if (f.includes(nlChar)) line += f.split(nlChar).length - 1;
      }
    }
  }
  state.line = line;
  for (const e of res.errors) {
    if (e.type === 'Quotes' && e.row !== undefined && state.quoteIssues.length < 20) {
      state.quoteIssues.push(lines[e.row] ?? state.line);
    }
  }
  let lineView: Uint32Array = lines;
  if (!state.builder) {
    // The first non-blank row fixes the width, and is the header when sniffing said so.
    let first = 0;
    let skipped = 0;
    while (first < rows.length && rows[first].length === 1 && rows[first][0].trim() === '') {
      first++;
      skipped++;
    }
    if (first === rows.length) return;
    const width = rows[first].length;
    if (sniff.header) {
      state.header = rows[first];
      first++;
    }
    state.builder = new TableBuilder(width, sniff.numericHint, sniff.format);
    state.builder.emptyLines += skipped;
    rows = rows.slice(first);
    lineView = lines.subarray(first);
  }
  state.builder.addRows(rows, lineView);
  void options;
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
  const total = file.size;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fileName = typeof (file as File).name === 'string' ? (file as File).name : null;
  if (total === 0) return { ok: false, error: dataErrors.emptyFile() };
  if (total > maxBytes) return { ok: false, error: dataErrors.fileTooLarge(maxBytes, total) };
  let head: Uint8Array;
  try {
    head = await readBytes(file, 0, Math.min(total, SNIFF_BYTES));
  } catch (e) {
    return { ok: false, error: dataErrors.readFailed(String(e)) };
  }
  const bytes = sniffBytes(head);
  if (!bytes) return { ok: false, error: dataErrors.notText() };
  const encoding: Encoding = bytes.encoding;
  const decoder = new TextDecoder(encoding);
  const chunkBytes = Math.max(1024, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const state: Chunker = { builder: null, header: null, sniff: null, line: 1, carry: '', quoteIssues: [] };
  let offset = bytes.bomBytes;
  let sawText = false;
  try {
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
      let complete: string;
      if (last) {
        complete = text.endsWith(nl) ? text.slice(0, text.length - nl.length) : text;
        state.carry = '';
      } else {
        const cut = lastRowBoundary(text, nl);
        if (cut === -1) {
          state.carry = text;
          continue;
        }
        complete = text.slice(0, cut - nl.length);
        state.carry = text.slice(cut);
      }
      parseComplete(state, complete, options);
      onProgress?.({ bytesRead: offset, totalBytes: total, rows: state.builder?.rowCount ?? 0 });
    }
  } catch (e) {
    return { ok: false, error: dataErrors.readFailed(e instanceof Error ? e.message : String(e)) };
  }
  if (!sawText || !state.builder || !state.sniff) return { ok: false, error: dataErrors.emptyFile() };
  const builder = state.builder;
  const sniff = state.sniff;
  if (builder.rowCount === 0) return { ok: false, error: dataErrors.noDataRows() };
  if (options.raggedRows === 'error' && builder.raggedCount > 0) {
    return {
      ok: false,
      error: dataErrors.raggedRows(
        builder.raggedCount,
        builder.ragged.map((r) => r.line),
        builder.width,
      ),
    };
  }
  const { names, renames } = uniqueNames(state.header, builder.width);
  const lineNumbers = builder.lineNumbers();
  const n = builder.rowCount;
  const columns: ParsedColumn[] = builder.columns.map((c, j) =>
    finishColumn(c, names[j], state.header?.[j] ?? '', n, sniff.format, lineNumbers, options),
  );
  if (!columns.some((c) => c.type === 'numeric')) return { ok: false, error: dataErrors.noNumericColumn() };
  const report: ParseReport = {
    fileName,
    bytes: total,
    encoding,
    delimiter: sniff.delimiter,
    decimalSeparator: sniff.format.decimal,
    thousandsSeparator: sniff.format.thousands,
    headerDetected: sniff.header,
    bom: bytes.bomBytes > 0,
    lineEnding: sniff.lineEnding,
    rowCount: n,
    columnCount: builder.width,
    emptyLinesSkipped: builder.emptyLines,
    raggedRowCount: builder.raggedCount,
    raggedRows: builder.ragged,
    renamedHeaders: renames,
    quoteProblemLines: state.quoteIssues,
    categoricalColumns: columns.filter((c) => c.type === 'categorical').map((c) => c.name),
    suggestedRoles: suggestRoles(columns),
    notes: [],
    elapsedMs: 0,
  };
  report.notes = describeParse(report, columns);
  report.elapsedMs = performance.now() - t0;
  return { ok: true, table: { columns, rowCount: n, lineNumbers, report } };
}

/** Convenience for tests and samples: parses CSV text as if it were a file. */
export function parseCsvText(text: string, options: ParseOptions = {}): Promise<ParseOutcome> {
  return parseCsv(new Blob([text]), options);
}
