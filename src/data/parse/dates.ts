// Date and time parsing. Timestamps without a zone are read as UTC so that results do not depend on
// the machine's time zone; explicit offsets (`Z`, `+02:00`) are honoured.

import type { DatetimeInfo } from '../types';

const ISO =
  /^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

export type DateFamily = 'iso' | 'day-month' | 'month-name';

// Month names (English, three letters or in full) and period codes, with the year in 2 or 4 digits:
// `Jan-49`, `Jan 2000`, `January 2000`, `Jan-2000`, `2000 Jan`, `2000-Jan`, `Jan 1 2000`, `Jan 1, 2000`,
// `1 Jan 2000`, `1-Jan-2000`, `2000M01`, `2000-Q1`, `2000Q1`. Each shape has its own label.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MONTH_NAME_SHAPES: {
  label: string;
  pattern: RegExp;
  parts: (m: RegExpExecArray) => [string, number, number];
}[] = [
  // [year text, month 1–12, day]
  {
    label: 'Mon-YY',
    pattern: new RegExp(`^${MONTH_WORD}[-/ ](\\d{2})$`, 'i'),
    parts: (m) => [m[2], month(m[1]), 1],
  },
  {
    label: 'Mon YYYY',
    pattern: new RegExp(`^${MONTH_WORD}[-/ ,]+(\\d{4})$`, 'i'),
    parts: (m) => [m[2], month(m[1]), 1],
  },
  {
    label: 'YYYY Mon',
    pattern: new RegExp(`^(\\d{4})[-/ ]${MONTH_WORD}$`, 'i'),
    parts: (m) => [m[1], month(m[2]), 1],
  },
  {
    label: 'Mon D YYYY',
    pattern: new RegExp(`^${MONTH_WORD}[ -](\\d{1,2}),?[ -](\\d{4})$`, 'i'),
    parts: (m) => [m[3], month(m[1]), Number(m[2])],
  },
  {
    label: 'D Mon YYYY',
    pattern: new RegExp(`^(\\d{1,2})[ -]${MONTH_WORD}[ -](\\d{2}|\\d{4})$`, 'i'),
    parts: (m) => [m[3], month(m[2]), Number(m[1])],
  },
  { label: 'YYYYMmm', pattern: /^(\d{4})M(\d{1,2})$/i, parts: (m) => [m[1], Number(m[2]), 1] },
  { label: 'YYYY-Qq', pattern: /^(\d{4})[- ]?Q([1-4])$/i, parts: (m) => [m[1], 3 * Number(m[2]) - 2, 1] },
];

function month(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

/** The month-name shape of a cell: its index in MONTH_NAME_SHAPES, or −1. */
function monthNameShape(cell: string): number {
  return MONTH_NAME_SHAPES.findIndex((s) => s.pattern.test(cell));
}

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
  if (t.length < 6 || t.length > 40) return t.length >= 5 && monthNameShape(t) >= 0 ? 'month-name' : null;
  if (ISO.test(t)) return 'iso';
  if (DAY_MONTH.test(t)) return 'day-month';
  if (monthNameShape(t) >= 0) return 'month-name';
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
  if (family === 'month-name') return parseMonthNameColumn(cells);
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
  // label what the file shows: the separator of its first date (`01.07.2016` is DD.MM.YYYY)
  const first = cells.find((c) => c !== null && DAY_MONTH.test(c.trim()));
  const sep = first ? (/^\s*\d{1,2}([/.-])/.exec(first)?.[1] ?? '/') : '/';
  const dayMonth = order === 'DMY' ? ['DD', 'MM'] : ['MM', 'DD'];
  const format = `${dayMonth.join(sep)}${sep}YYYY${withTime ? ' HH:mm' : ''}`;
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

/**
 * Parses a column of month-name or period dates. Two-digit years take the century that keeps the column in
 * order and its latest date no later than next year: `Jan-49 … Dec-60` is 1949–1960, `Jan-98 … Dec-05` runs
 * from 1998 into 2005.
 */
function parseMonthNameColumn(cells: (string | null)[]): DateColumnResult {
  const values = new Float64Array(cells.length).fill(NaN);
  const shapes = new Map<number, number>();
  const found: { i: number; year: string; month: number; day: number }[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) continue;
    const t = c.trim();
    const k = monthNameShape(t);
    if (k < 0) continue;
    const [year, m, day] = MONTH_NAME_SHAPES[k].parts(MONTH_NAME_SHAPES[k].pattern.exec(t)!);
    if (m < 1 || m > 12) continue;
    shapes.set(k, (shapes.get(k) ?? 0) + 1);
    found.push({ i, year, month: m, day });
  }
  // two-digit years: unwrap across century turns (a drop of more than 50 years is the next century)
  let wraps = 0;
  let previous = -1;
  const fullYears = found.map((f) => {
    if (f.year.length === 4) return Number(f.year);
    const yy = Number(f.year);
    if (previous >= 0 && yy < previous - 50) wraps++;
    if (previous >= 0 && yy > previous + 50) wraps--;
    previous = yy;
    return 100 * wraps + yy;
  });
  const twoDigit = found.some((f) => f.year.length === 2);
  let base = 0;
  if (twoDigit) {
    const latest = Math.max(...fullYears.filter((_, j) => found[j].year.length === 2));
    const limit = new Date().getUTCFullYear() + 1;
    base = 100 * Math.floor((limit - latest) / 100);
  }
  let parsed = 0;
  found.forEach((f, j) => {
    const year = f.year.length === 2 ? base + fullYears[j] : fullYears[j];
    const v = build(year, f.month, f.day, undefined, undefined, undefined, undefined, undefined);
    if (!Number.isNaN(v)) {
      values[f.i] = v;
      parsed++;
    }
  });
  let common = -1;
  let most = 0;
  for (const [k, count] of shapes) {
    if (count > most) {
      most = count;
      common = k;
    }
  }
  return { values, parsed, info: { format: common >= 0 ? MONTH_NAME_SHAPES[common].label : 'month name' } };
}
