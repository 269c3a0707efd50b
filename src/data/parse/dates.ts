// Date and time parsing. Timestamps without a zone are read as UTC so that results do not depend on
// the machine's time zone; explicit offsets (`Z`, `+02:00`) are honoured.

import type { DatetimeInfo } from '../types';

const ISO =
  /^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

export type DateFamily = 'iso' | 'day-month';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(
  year: number,
  month: number,
  day: number,
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  frac: string | undefined,
  zone: string | undefined,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const h = hh === undefined ? 0 : Number(hh);
  const mi = mm === undefined ? 0 : Number(mm);
  const s = ss === undefined ? 0 : Number(ss);
  if (h > 23 || mi > 59 || s > 60) return NaN;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  let t = Date.UTC(year, month - 1, day, h, mi, s, ms);
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    t -= sign * offset * 60_000;
  }
  return t;
}

/** ISO 8601 and `YYYY-MM-DD HH:mm[:ss]` (also `/` separated, and `YYYY-MM` months); NaN otherwise. */
export function parseIsoDate(cell: string): number {
  const m = ISO.exec(cell.trim());
  if (!m) return NaN;
  return build(
    Number(m[1]),
    Number(m[2]),
    m[3] === undefined ? 1 : Number(m[3]),
    m[4],
    m[5],
    m[6],
    m[7],
    m[8],
  );
}

/** `DD/MM/YYYY` or `MM/DD/YYYY` (separators `/`, `.`, `-`), optional `HH:mm[:ss]`; NaN otherwise. */
export function parseDayMonthDate(cell: string, order: 'DMY' | 'MDY'): number {
  const m = DAY_MONTH.exec(cell.trim());
  if (!m) return NaN;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const [day, month] = order === 'DMY' ? [a, b] : [b, a];
  return build(Number(m[3]), month, day, m[4], m[5], m[6], m[7], undefined);
}

/** Which date family a cell looks like, if any (cheap test used for sniffing and typing). */
export function dateFamily(cell: string): DateFamily | null {
  const t = cell.trim();
  if (t.length < 6 || t.length > 40) return null;
  if (ISO.test(t)) return 'iso';
  if (DAY_MONTH.test(t)) return 'day-month';
  return null;
}

export interface DateColumnResult {
  values: Float64Array;
  parsed: number;
  info: DatetimeInfo;
}

/**
 * Parses a column of date cells (missing cells are given as null). The `xx/yy/YYYY` order is decided by
 * evidence: a first number above 12 proves day-first, a second one above 12 proves month-first; with no
 * evidence it is day-first and flagged ambiguous. `forcedOrder` overrides the evidence.
 */
export function parseDateColumn(
  cells: (string | null)[],
  family: DateFamily,
  forcedOrder?: 'DMY' | 'MDY',
): DateColumnResult {
  const values = new Float64Array(cells.length).fill(NaN);
  let parsed = 0;
  if (family === 'iso') {
    let withTime = false;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c === null) continue;
      const v = parseIsoDate(c);
      if (!Number.isNaN(v)) {
        values[i] = v;
        parsed++;
        if (!withTime && /\d:\d/.test(c)) withTime = true;
      }
    }
    return { values, parsed, info: { format: withTime ? 'ISO 8601 date and time' : 'ISO 8601 date' } };
  }
  let dayFirstProof = 0;
  let monthFirstProof = 0;
  for (const c of cells) {
    if (c === null) continue;
    const m = DAY_MONTH.exec(c.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirstProof++;
    if (Number(m[2]) > 12) monthFirstProof++;
  }
  let order: 'DMY' | 'MDY';
  let ambiguous = false;
  if (forcedOrder) order = forcedOrder;
  else if (dayFirstProof > 0 && dayFirstProof >= monthFirstProof) order = 'DMY';
  else if (monthFirstProof > 0) order = 'MDY';
  else {
    order = 'DMY';
    ambiguous = true;
  }
  let withTime = false;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) continue;
    const v = parseDayMonthDate(c, order);
    if (!Number.isNaN(v)) {
      values[i] = v;
      parsed++;
      if (!withTime && /\d:\d/.test(c)) withTime = true;
    }
  }
  const format = `${order === 'DMY' ? 'DD/MM/YYYY' : 'MM/DD/YYYY'}${withTime ? ' HH:mm' : ''}`;
  return { values, parsed, info: { format, order, orderAmbiguous: ambiguous } };
}

const TIME_NAME = /(time|date|epoch|unix|^ts$|_ts$|^ts_|stamp|^day$|^datum$|^zeit$)/i;

export function nameSuggestsTime(name: string): boolean {
  return TIME_NAME.test(name.trim());
}

/**
 * Unix timestamps in a numeric column whose name suggests time: integers in 1e8…1e11 are seconds
 * (1973–5138), 1e11…1e14 milliseconds. Returns the unit, or null when the values are not timestamps.
 */
export function unixUnit(values: Float64Array): 'seconds' | 'milliseconds' | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    n++;
  }
  if (n === 0) return null;
  if (min >= 1e8 && max < 1e11) return 'seconds';
  if (min >= 1e11 && max < 1e14) return 'milliseconds';
  return null;
}
