// Number parsing for the detected number format (decimal separator, thousands separator).

import type { DecimalSeparator, ThousandsSeparator } from '../types';

export interface NumberFormat {
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator | null;
}

/** A plain JavaScript-style decimal number (`1`, `-2.5`, `3e-4`, ` 7 `); NaN for anything else. */
export function parsePlainNumber(cell: string): number {
  const v = +cell;
  if (Number.isNaN(v) || v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) return NaN;
  // `+''` and `+'  '` are 0, and `+'0x1f'` is 31: neither is a number in a CSV.
  if (v === 0 && cell.trim() === '') return NaN;
  if (cell.length > 2) {
    const c1 = cell.charCodeAt(1) | 0x20;
    if ((c1 === 0x78 || c1 === 0x62 || c1 === 0x6f) && cell.trim()[0] === '0') return NaN;
  }
  return v;
}

const groupPatterns = new Map<string, RegExp>();

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `1.234.567,89` style: digits grouped by `thousands`, optional fraction after `decimal`. */
export function groupedPattern(thousands: ThousandsSeparator, decimal: DecimalSeparator): RegExp {
  const key = thousands + decimal;
  let re = groupPatterns.get(key);
  if (!re) {
    re = new RegExp(`^[+-]?\\d{1,3}(?:${escapeRegExp(thousands)}\\d{3})+(?:${escapeRegExp(decimal)}\\d*)?$`);
    groupPatterns.set(key, re);
  }
  return re;
}

/** Parses `cell` in `format`; NaN when it is not a number in that format. */
export function parseNumber(cell: string, format: NumberFormat): number {
  if (format.decimal === '.' && format.thousands === null) return parsePlainNumber(cell);
  let s = cell.trim();
  const t = format.thousands;
  if (t !== null && s.includes(t)) {
    if (!groupedPattern(t, format.decimal).test(s)) return NaN;
    s = s.split(t).join('');
  }
  if (format.decimal === ',') {
    // A dot in a decimal-comma file is neither decimal point nor (validated) grouping: not a number.
    if (s.includes('.')) return NaN;
    s = s.replace(',', '.');
  } else if (s.includes(',')) {
    return NaN;
  }
  return parsePlainNumber(s);
}
