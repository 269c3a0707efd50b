// Accumulates rows, chunk by chunk, into compact columns. Numeric-looking columns are parsed straight
// into Float64 arrays; other columns keep their cells as strings until typing. The original text is kept
// once, row by row (the chunk strings plus each row's offsets), so nothing is lost and no per-cell raw
// string is made.
//
// Two paths: a chunk without any `"` is split with indexOf and numbers are read from char codes without
// allocating (the common, fast case); a chunk with quotes goes through papaparse, and its rows are
// re-serialised into a synthetic chunk so raw rows read back the same way.

import type { Delimiter, MissingToken, RaggedRow, RawText } from '../types';
import { missingToken } from './missing';
import { type NumberFormat, parseNumber } from './numbers';

const MAX_RAGGED_LISTED = 1000;
const MAX_INVALID_EXAMPLES = 5;

class GrowableF64 {
  data = new Float64Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The filled part; a view (no copy) when little capacity would be wasted. */
  trimmed(): Float64Array {
    return this.length >= this.data.length * 0.75
      ? this.data.subarray(0, this.length)
      : this.data.slice(0, this.length);
  }
}

class GrowableU32 {
  data = new Uint32Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Uint32Array {
    return this.length >= this.data.length * 0.75
      ? this.data.subarray(0, this.length)
      : this.data.slice(0, this.length);
  }
}

export interface BuiltColumn {
  /** Parsed while streaming when the sample suggested numbers; null otherwise. */
  numbers: GrowableF64 | null;
  /** Cell strings of the other columns (typed once all rows are in). */
  cells: string[] | null;
  missing: Partial<Record<MissingToken, number>>;
  invalid: number;
  invalidExamples: { row: number; line: number; text: string }[];
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * Reads a plain decimal number from text[s, e): optional spaces and sign, digits, one decimal separator.
 * Up to 15 digits it allocates nothing: mantissa / 10^k is exact to the last bit (both are exact doubles, and
 * IEEE division rounds correctly), so the result equals Number(text). Longer plain numbers (float32 noise
 * such as `5.827000141143799`) go to Number() on the slice, which rounds correctly too, instead of the
 * general path. Returns NaN for anything else (exponents, thousands separators, text, missing tokens); the
 * caller then takes the general path.
 */
export function fastNumber(text: string, s: number, e: number, decimalCode: number): number {
  while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (s === e) return NaN;
  let i = s;
  const start = s;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenPoint = false;
  for (; i < e; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits < 15) mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenPoint) fraction++;
    } else if (c === decimalCode && !seenPoint) seenPoint = true;
    else return NaN;
  }
  if (digits === 0) return NaN;
  if (digits > 15) {
    const plain = text.slice(start, e);
    return Number(decimalCode === 46 ? plain : plain.replace(String.fromCharCode(decimalCode), '.'));
  }
  const v = mantissa / POW10[fraction];
  return negative ? -v : v;
}

function needsQuotes(cell: string, delimiter: string): boolean {
  return cell.includes('"') || cell.includes(delimiter) || cell.includes('\n') || cell.includes('\r');
}

export class TableBuilder {
  readonly columns: BuiltColumn[];
  readonly lines = new GrowableU32();
  readonly rowChunk = new GrowableU32();
  readonly rowStart = new GrowableU32();
  readonly rowEnd = new GrowableU32();
  readonly chunks: string[] = [];
  rowCount = 0;
  emptyLines = 0;
  raggedCount = 0;
  readonly ragged: RaggedRow[] = [];
  private readonly decimalCode: number;

  constructor(
    readonly width: number,
    numericHint: boolean[],
    private readonly format: NumberFormat,
    private readonly delimiter: Delimiter,
  ) {
    this.decimalCode = format.decimal.charCodeAt(0);
    this.columns = [];
    for (let j = 0; j < width; j++) {
      const numeric = numericHint[j] ?? false;
      this.columns.push({
        numbers: numeric ? new GrowableF64() : null,
        cells: numeric ? null : [],
        missing: {},
        invalid: 0,
        invalidExamples: [],
      });
    }
  }

  raw(): RawText {
    return {
      chunks: this.chunks,
      rowChunk: this.rowChunk.trimmed(),
      rowStart: this.rowStart.trimmed(),
      rowEnd: this.rowEnd.trimmed(),
      delimiter: this.delimiter,
      width: this.width,
    };
  }

  /** A cell of a numeric-hint column that the fast reader did not take. */
  private slowNumber(col: BuiltColumn, cell: string, row: number, line: number): void {
    const v = parseNumber(cell, this.format);
    col.numbers!.push(v);
    if (!Number.isNaN(v)) return;
    const tok = missingToken(cell);
    if (tok !== null) col.missing[tok] = (col.missing[tok] ?? 0) + 1;
    else {
      col.invalid++;
      if (col.invalidExamples.length < MAX_INVALID_EXAMPLES)
        col.invalidExamples.push({ row, line, text: cell });
    }
  }

  private noteRagged(row: number, line: number, fields: number, extra: string[] | null): void {
    this.raggedCount++;
    if (this.ragged.length >= MAX_RAGGED_LISTED) return;
    const padded = fields < this.width;
    this.ragged.push({
      line,
      row,
      fields,
      expected: this.width,
      action: padded ? 'padded' : 'truncated',
      ...(extra ? { extra } : {}),
    });
  }

  private beginRow(chunk: number, start: number, end: number, line: number): number {
    this.rowChunk.push(chunk);
    this.rowStart.push(start);
    this.rowEnd.push(end);
    this.lines.push(line);
    return this.rowCount++;
  }

  /**
   * Adds the rows of `text`, which holds whole lines joined by `newline` and no quote character.
   * Returns the line number after the last line.
   */
  addPlainChunk(text: string, newline: string, line: number): number {
    const chunk = this.chunks.length;
    this.chunks.push(text);
    const width = this.width;
    const d = this.delimiter;
    const delimiterCode = d.charCodeAt(0);
    const decimalCode = this.decimalCode;
    const columns = this.columns;
    const end = text.length;
    let nextDelimiter = text.indexOf(d);
    if (nextDelimiter === -1) nextDelimiter = end + 1;
    let pos = 0;
    for (;;) {
      let lineEnd = text.indexOf(newline, pos);
      if (lineEnd === -1) lineEnd = end;
      // a line of only spaces and delimiters (`,,,` from a spreadsheet's empty row) is a blank line
      let blank = true;
      for (let k = pos; k < lineEnd; k++) {
        const c = text.charCodeAt(k);
        if (c !== 32 && c !== 9 && c !== delimiterCode) {
          blank = false;
          break;
        }
      }
      if (blank) this.emptyLines++;
      else {
        const row = this.beginRow(chunk, pos, lineEnd, line);
        let start = pos;
        let j = 0;
        for (;;) {
          if (nextDelimiter < start) {
            nextDelimiter = text.indexOf(d, start);
            if (nextDelimiter === -1) nextDelimiter = end + 1;
          }
          const fieldEnd = Math.min(nextDelimiter, lineEnd);
          if (j < width) {
            const col = columns[j];
            if (col.numbers) {
              const v = fastNumber(text, start, fieldEnd, decimalCode);
              if (Number.isNaN(v)) this.slowNumber(col, text.slice(start, fieldEnd), row, line);
              else col.numbers.push(v);
            } else col.cells!.push(text.slice(start, fieldEnd));
          }
          j++;
          if (fieldEnd === lineEnd) break;
          start = fieldEnd + 1;
        }
        if (j !== width) {
          if (j < width) {
            for (let k = j; k < width; k++) {
              const col = columns[k];
              if (col.numbers) this.slowNumber(col, '', row, line);
              else col.cells!.push('');
            }
            this.noteRagged(row, line, j, null);
          } else {
            this.noteRagged(row, line, j, text.slice(pos, lineEnd).split(d).slice(width));
          }
        }
      }
      line++;
      if (lineEnd >= end) break;
      pos = lineEnd + newline.length;
    }
    return line;
  }

  /**
   * Adds rows already split by papaparse (chunks with quotes). `lines[i]` is the file line where
   * `rows[i]` starts. The rows are re-serialised into a synthetic chunk for the raw text.
   */
  addParsedRows(rows: string[][], lines: ArrayLike<number>): void {
    const chunk = this.chunks.length;
    const width = this.width;
    const d = this.delimiter;
    const parts: string[] = [];
    let offset = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const line = lines[i];
      if (r.every((cell) => cell.trim() === '')) {
        this.emptyLines++;
        continue;
      }
      const serialised = r.map((c) => (needsQuotes(c, d) ? `"${c.replaceAll('"', '""')}"` : c)).join(d);
      const row = this.beginRow(chunk, offset, offset + serialised.length, line);
      parts.push(serialised);
      offset += serialised.length + 1;
      if (r.length !== width) this.noteRagged(row, line, r.length, r.length > width ? r.slice(width) : null);
      for (let j = 0; j < width; j++) {
        const cell = j < r.length ? r[j] : '';
        const col = this.columns[j];
        if (col.numbers) this.slowNumber(col, cell, row, line);
        else col.cells!.push(cell);
      }
    }
    this.chunks.push(parts.join('\n'));
  }

  lineNumbers(): Uint32Array {
    return this.lines.trimmed();
  }
}
