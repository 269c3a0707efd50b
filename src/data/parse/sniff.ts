// Looks at the first bytes of a file and decides how to read the rest: text or binary, encoding and BOM,
// line ending, delimiter, decimal and thousands separators, and whether the first row is a header.

import Papa from 'papaparse';
import type { DecimalSeparator, Delimiter, ParseOptions, ThousandsSeparator } from '../types';
import { dateFamily } from './dates';
import { missingToken } from './missing';
import { type NumberFormat, parseNumber } from './numbers';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface ByteSniff {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  bomBytes: number;
}

/** Decides encoding from the first bytes; null when they look binary. */
export function sniffBytes(bytes: Uint8Array): ByteSniff | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return null;
    // Tab, LF, CR and form feed are text; other C0 controls are not.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > bytes.length * 0.01) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return { encoding: 'utf-8', bomBytes: 0 };
  } catch {
    // Not valid UTF-8 but no binary bytes either: a legacy spreadsheet export.
    return { encoding: 'windows-1252', bomBytes: 0 };
  }
}

export function detectLineEnding(sample: string): { lineEnding: 'LF' | 'CRLF' | 'CR'; newline: string } {
  const lf = sample.indexOf('\n');
  if (lf > 0 && sample[lf - 1] === '\r') return { lineEnding: 'CRLF', newline: '\r\n' };
  if (lf >= 0) return { lineEnding: 'LF', newline: '\n' };
  if (sample.includes('\r')) return { lineEnding: 'CR', newline: '\r' };
  return { lineEnding: 'LF', newline: '\n' };
}

// Tie-break order: a delimiter that splits every line consistently beats ',' because a decimal comma
// (`1,5;2,5`) also splits consistently.
const CANDIDATES: Delimiter[] = ['\t', ';', '|', ','];

function sampleRows(sample: string, delimiter: string, newline: string, limit: number): string[][] {
  const res = Papa.parse<string[]>(sample, {
    delimiter,
    newline: newline as '\n',
    preview: limit,
    skipEmptyLines: 'greedy',
  });
  return res.data;
}

export function detectDelimiter(sample: string, newline: string): Delimiter {
  let best: Delimiter = ',';
  let bestShare = -1;
  for (const d of CANDIDATES) {
    const rows = sampleRows(sample, d, newline, 60);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [len, c] of counts) {
      if (c > modeCount || (c === modeCount && len > mode)) {
        mode = len;
        modeCount = c;
      }
    }
    if (mode < 2) continue;
    const share = modeCount / rows.length;
    if (share > bestShare + 1e-9) {
      best = d;
      bestShare = share;
    }
  }
  return best;
}

type CellKind = 'missing' | 'number' | 'date' | 'text';

/** Counts spellings of numbers that prove (or hint at) each decimal and thousands convention. */
export function detectNumberFormat(cells: string[], delimiter: Delimiter): NumberFormat {
  let dotProof = 0;
  let commaProof = 0;
  let commaAmbiguous = 0;
  let dotGroups = 0;
  let commaGroups = 0;
  let spaceGroups = 0;
  let nbspGroups = 0;
  let quoteGroups = 0;
  for (const raw of cells) {
    const c = raw.trim();
    if (c.length === 0 || c.length > 30) continue;
    if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(c)) {
      commaProof++;
      dotGroups++;
    } else if (/^[+-]?\d{1,3}(,\d{3})+\.\d+$/.test(c)) {
      dotProof++;
      commaGroups++;
    } else if (/^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(c)) dotGroups++;
    else if (/^[+-]?\d{1,3}(,\d{3}){2,}$/.test(c)) commaGroups++;
    else if (/^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$/.test(c)) spaceGroups++;
    else if (/^[+-]?\d{1,3}(\u00a0\d{3})+([.,]\d+)?$/.test(c)) nbspGroups++;
    else if (/^[+-]?\d{1,3}('\d{3})+(\.\d+)?$/.test(c)) quoteGroups++;
    else if (/^[+-]?\d{1,3},\d{3}$/.test(c)) commaAmbiguous++;
    else if (/^[+-]?\d*,\d+$/.test(c)) commaProof++;
    else if (/^[+-]?\d{1,3}\.\d{3}$/.test(c)) {
      // `1.234` is a decimal in most files and a thousands group in decimal-comma ones: decided below.
    } else if (/^[+-]?\d*\.\d+(e[+-]?\d+)?$/i.test(c)) dotProof++;
  }
  const comma =
    commaProof > dotProof || (commaProof === 0 && dotProof === 0 && commaAmbiguous > 0 && delimiter !== ',');
  const decimal: DecimalSeparator = comma ? ',' : '.';
  let thousands: ThousandsSeparator | null = null;
  if (decimal === ',') {
    if (dotGroups > 0) thousands = '.';
    else if (spaceGroups > 0) thousands = ' ';
    else if (nbspGroups > 0) thousands = '\u00a0';
    else if (dotProof === 0 && cells.some((c) => /^[+-]?\d{1,3}\.\d{3}$/.test(c.trim()))) thousands = '.';
  } else if (commaGroups > 0 || commaAmbiguous > 0) thousands = ',';
  else if (quoteGroups > 0) thousands = "'";
  else if (spaceGroups > 0) thousands = ' ';
  else if (nbspGroups > 0) thousands = '\u00a0';
  return { decimal, thousands };
}

export function cellKind(cell: string, format: NumberFormat): CellKind {
  if (missingToken(cell) !== null) return 'missing';
  if (!Number.isNaN(parseNumber(cell, format))) return 'number';
  if (dateFamily(cell) !== null) return 'date';
  return 'text';
}

export interface TextSniff {
  delimiter: Delimiter;
  newline: string;
  lineEnding: 'LF' | 'CRLF' | 'CR';
  format: NumberFormat;
  header: boolean;
  /** Per column (by position): true when the sample suggests numbers, so they are parsed while streaming. */
  numericHint: boolean[];
}

/** Everything decided from the first ~64 KB of text. `sample` should end at a line boundary. */
export function sniffText(sample: string, options: ParseOptions): TextSniff {
  const { lineEnding, newline } = detectLineEnding(sample);
  const delimiter = options.delimiter ?? detectDelimiter(sample, newline);
  const rows = sampleRows(sample, delimiter, newline, 500);
  const cells: string[] = [];
  for (let r = 1; r < rows.length; r++) for (const c of rows[r]) cells.push(c);
  const detected = detectNumberFormat(cells, delimiter);
  const format: NumberFormat = options.decimal
    ? {
        decimal: options.decimal,
        thousands: options.decimal === detected.decimal ? detected.thousands : null,
      }
    : detected;
  let header: boolean;
  if (options.header !== undefined) header = options.header;
  else if (rows.length === 0) header = false;
  else {
    // Headerless only when the first row reads as data: no text cell, and at least one number or date.
    const kinds = rows[0].map((c) => cellKind(c, format));
    header = kinds.includes('text') || !kinds.some((k) => k === 'number' || k === 'date');
  }
  const width = rows.length > 0 ? rows[0].length : 0;
  const numericHint: boolean[] = [];
  for (let j = 0; j < width; j++) {
    let numbers = 0;
    let others = 0;
    for (let r = header ? 1 : 0; r < rows.length; r++) {
      const c = rows[r][j];
      if (c === undefined) continue;
      const k = cellKind(c, format);
      if (k === 'number') numbers++;
      else if (k !== 'missing') others++;
    }
    numericHint.push(numbers >= others);
  }
  return { delimiter, newline, lineEnding, format, header, numericHint };
}
