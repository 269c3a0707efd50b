// Accumulates parsed rows, chunk by chunk, into compact columns: the raw text of every cell (one joined
// string per column plus end offsets) and, for columns that look numeric, the parsed Float64 values.

import type { MissingToken, RaggedRow } from '../types';
import { missingToken } from './missing';
import { type NumberFormat, parseNumber } from './numbers';

const MAX_RAGGED_LISTED = 1000;
const MAX_INVALID_EXAMPLES = 5;

class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let cap = this.data.length;
    while (cap < this.length + extra) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  trimmed(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

class GrowableU32 {
  data = new Uint32Array(1024);
  length = 0;
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let cap = this.data.length;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  trimmed(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

export interface BuiltColumn {
  rawParts: string[];
  rawLength: number;
  ends: GrowableU32;
  /** Parsed while streaming when the sample suggested numbers; null otherwise. */
  numbers: GrowableF64 | null;
  missing: Partial<Record<MissingToken, number>>;
  invalid: number;
  invalidExamples: { row: number; line: number; text: string }[];
}

export class TableBuilder {
  readonly columns: BuiltColumn[];
  readonly lines = new GrowableU32();
  rowCount = 0;
  emptyLines = 0;
  raggedCount = 0;
  readonly ragged: RaggedRow[] = [];

  constructor(
    readonly width: number,
    numericHint: boolean[],
    private readonly format: NumberFormat,
  ) {
    this.columns = [];
    for (let j = 0; j < width; j++) {
      this.columns.push({
        rawParts: [],
        rawLength: 0,
        ends: new GrowableU32(),
        numbers: numericHint[j] ? new GrowableF64() : null,
        missing: {},
        invalid: 0,
        invalidExamples: [],
      });
    }
  }

  /**
   * Adds data rows. `lines[i]` is the 1-based file line where `rows[i]` starts. Rows that are blank
   * (one empty or whitespace-only field) are counted and skipped.
   */
  addRows(rows: string[][], lines: ArrayLike<number>): void {
    const width = this.width;
    const n = rows.length;
    this.lines.reserve(n);
    const cellBuf: string[] = new Array(n);
    const firstRow = this.rowCount;
    // Keep only the non-blank rows, padding or truncating ragged ones (and reporting them).
    const kept: string[][] = [];
    for (let i = 0; i < n; i++) {
      let r = rows[i];
      if (r.length === 1 && r[0].trim().length === 0) {
        this.emptyLines++;
        continue;
      }
      if (r.length !== width) {
        const row = firstRow + kept.length;
        const padded = r.length < width;
        this.raggedCount++;
        if (this.ragged.length < MAX_RAGGED_LISTED) {
          this.ragged.push({
            line: lines[i],
            row,
            fields: r.length,
            expected: width,
            action: padded ? 'padded' : 'truncated',
            ...(padded ? {} : { extra: r.slice(width) }),
          });
        }
        r = padded ? r.concat(new Array<string>(width - r.length).fill('')) : r.slice(0, width);
      }
      this.lines.data[this.lines.length++] = lines[i];
      kept.push(r);
    }
    const m = kept.length;
    cellBuf.length = m;
    for (let j = 0; j < width; j++) {
      const col = this.columns[j];
      col.ends.reserve(m);
      const ends = col.ends.data;
      let at = col.rawLength;
      let k = col.ends.length;
      for (let i = 0; i < m; i++) {
        const c = kept[i][j];
        cellBuf[i] = c;
        at += c.length;
        ends[k++] = at;
      }
      col.ends.length = k;
      col.rawLength = at;
      col.rawParts.push(cellBuf.join(''));
      const nums = col.numbers;
      if (nums) {
        nums.reserve(m);
        const data = nums.data;
        let w = nums.length;
        const format = this.format;
        for (let i = 0; i < m; i++) {
          const c = cellBuf[i];
          const v = parseNumber(c, format);
          data[w++] = v;
          if (Number.isNaN(v)) {
            const tok = missingToken(c);
            if (tok !== null) col.missing[tok] = (col.missing[tok] ?? 0) + 1;
            else {
              col.invalid++;
              if (col.invalidExamples.length < MAX_INVALID_EXAMPLES) {
                col.invalidExamples.push({ row: firstRow + i, line: this.lines.data[firstRow + i], text: c });
              }
            }
          }
        }
        nums.length = w;
      }
    }
    this.rowCount += m;
  }

  lineNumbers(): Uint32Array {
    return this.lines.trimmed();
  }
}
