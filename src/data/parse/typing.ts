// Decides each column's type once all rows are in, and suggests which columns play which role.

import type { ColumnRole, MissingToken, ParsedColumn, ParseOptions } from '../types';
import { type DateFamily, dateFamily, nameSuggestsTime, parseDateColumn, unixUnit } from './dates';
import { countMissing, missingToken } from './missing';
import { type NumberFormat, parseNumber } from './numbers';
import type { BuiltColumn } from './tableBuilder';

/** A column is numeric (or datetime) when at least this share of its non-missing cells parse as such. */
export const TYPE_SHARE = 0.9;
const MAX_DISTINCT = 10_000;

interface Tally {
  missing: Partial<Record<MissingToken, number>>;
  /** Cells with content; null where missing. */
  present: (string | null)[];
  presentCount: number;
}

function tally(cells: string[], n: number): Tally {
  const missing: Partial<Record<MissingToken, number>> = {};
  const present: (string | null)[] = new Array(n);
  let presentCount = 0;
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    const tok = missingToken(c);
    if (tok !== null) {
      missing[tok] = (missing[tok] ?? 0) + 1;
      present[i] = null;
    } else {
      present[i] = c;
      presentCount++;
    }
  }
  return { missing, present, presentCount };
}

function invalidOf(
  present: (string | null)[],
  values: Float64Array,
  lines: Uint32Array,
): { invalid: number; invalidExamples: ParsedColumn['invalidExamples'] } {
  let invalid = 0;
  const invalidExamples: ParsedColumn['invalidExamples'] = [];
  for (let i = 0; i < present.length; i++) {
    const c = present[i];
    if (c !== null && Number.isNaN(values[i])) {
      invalid++;
      if (invalidExamples.length < 5) invalidExamples.push({ row: i, line: lines[i], text: c });
    }
  }
  return { invalid, invalidExamples };
}

/** How many of a text column's filled cells are numbers, and the first cells that are not (with their lines). */
export function numberCells(
  cells: string[],
  format: NumberFormat,
  lines: Uint32Array,
): { numbers: number; filled: number; text: { line: number; text: string }[]; textCount: number } {
  let numbers = 0;
  let filled = 0;
  const text: { line: number; text: string }[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (missingToken(c) !== null) continue;
    filled++;
    if (!Number.isNaN(parseNumber(c, format))) numbers++;
    else if (text.length < 5) text.push({ line: lines[i], text: c.trim() });
  }
  return { numbers, filled, text, textCount: filled - numbers };
}

function typeFromCells(
  name: string,
  originalName: string,
  cells: string[],
  n: number,
  format: NumberFormat,
  lines: Uint32Array,
  options: ParseOptions,
): ParsedColumn {
  const t = tally(cells, n);
  const base = { name, originalName, missing: t.missing };
  if (t.presentCount === 0) return { ...base, type: 'empty', values: null, invalid: 0, invalidExamples: [] };
  // Numbers first: a column of numbers is never a date column unless its name says time (Unix stamps).
  const numbers = new Float64Array(n).fill(NaN);
  let numeric = 0;
  for (let i = 0; i < n; i++) {
    const c = t.present[i];
    if (c === null) continue;
    const v = parseNumber(c, format);
    if (!Number.isNaN(v)) {
      numbers[i] = v;
      numeric++;
    }
  }
  if (numeric >= TYPE_SHARE * t.presentCount) {
    return numericColumn(name, originalName, t.missing, numbers, invalidOf(t.present, numbers, lines));
  }
  const families: Record<DateFamily, number> = { iso: 0, 'day-month': 0, 'month-name': 0 };
  for (const c of t.present) {
    if (c === null) continue;
    const f = dateFamily(c);
    if (f) families[f]++;
  }
  const family = (Object.keys(families) as DateFamily[]).reduce((a, b) =>
    families[b] > families[a] ? b : a,
  );
  if (families[family] >= TYPE_SHARE * t.presentCount) {
    const parsed = parseDateColumn(t.present, family, options.dateOrder);
    if (parsed.parsed >= TYPE_SHARE * t.presentCount) {
      return {
        ...base,
        type: 'datetime',
        values: parsed.values,
        datetime: parsed.info,
        ...invalidOf(t.present, parsed.values, lines),
      };
    }
  }
  const distinct = new Set<string>();
  for (const c of t.present) {
    if (c === null) continue;
    distinct.add(c);
    if (distinct.size >= MAX_DISTINCT) break;
  }
  return {
    ...base,
    type: 'categorical',
    values: null,
    invalid: 0,
    invalidExamples: [],
    distinct: distinct.size,
  };
}

function numericColumn(
  name: string,
  originalName: string,
  missing: Partial<Record<MissingToken, number>>,
  values: Float64Array,
  bad: { invalid: number; invalidExamples: ParsedColumn['invalidExamples'] },
): ParsedColumn {
  if (YEAR_NAME.test(name.trim()) && isYearColumn(values)) {
    for (let i = 0; i < values.length; i++)
      if (!Number.isNaN(values[i])) values[i] = Date.UTC(values[i], 0, 1);
    return {
      name,
      originalName,
      missing,
      type: 'datetime',
      values,
      datetime: { format: 'YYYY (year)' },
      ...bad,
    };
  }
  if (nameSuggestsTime(name)) {
    const unit = unixUnit(values);
    if (unit) {
      if (unit === 'seconds') for (let i = 0; i < values.length; i++) values[i] *= 1000;
      return {
        name,
        originalName,
        missing,
        type: 'datetime',
        values,
        datetime: { format: unit === 'seconds' ? 'Unix seconds' : 'Unix milliseconds' },
        ...bad,
      };
    }
  }
  return { name, originalName, missing, type: 'numeric', values, ...bad };
}

/**
 * Turns a streamed column into its final typed form. `cellsOf` re-reads the column's cells from the raw
 * text, for a column that looked numeric in the sample but is not.
 */
export function finishColumn(
  built: BuiltColumn,
  name: string,
  originalName: string,
  n: number,
  format: NumberFormat,
  lines: Uint32Array,
  options: ParseOptions,
  cellsOf: () => string[],
): ParsedColumn {
  if (built.numbers) {
    const present = n - countMissing(built.missing);
    if (present > 0 && built.invalid <= (1 - TYPE_SHARE) * present) {
      return numericColumn(name, originalName, built.missing, built.numbers.trimmed(), {
        invalid: built.invalid,
        invalidExamples: built.invalidExamples,
      });
    }
    built.numbers = null;
  }
  const cells = built.cells ?? cellsOf();
  built.cells = null;
  return typeFromCells(name, originalName, cells, n, format, lines, options);
}

const YEAR_NAME = /^(year|yr|jahr|año|anno|année|annee)$/i;

/** Whole years between 1000 and 3000, strictly increasing: a year-only time column (`1880 … 2023`). */
function isYearColumn(values: Float64Array): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || v < 1000 || v > 3000 || v <= previous) return false;
    previous = v;
    count++;
  }
  return count >= 2;
}

/** Names of what people forecast, matched anywhere in a column name. */
const TARGET_WORD =
  /(temp|price|close|sales|demand|load|value|count|co2|passengers|consumption|power|energy|level|volume|visitors|revenue|traffic|deaths|births|output|production|target|^y$)/i;
/** Names of date parts, ids and row counters, never suggested as targets. */
const NOT_A_TARGET =
  /^(year|yr|month|mon|day|dd|hour|hr|minute|min|second|sec|week|wk|quarter|qtr|dow|weekday|doy|no|nr|num|n|index|idx|id|row|rownum|unnamed: ?\d+|.*_id|id_.*)$/i;
const TIME_PRIORITY = /^(date|time|datetime|timestamp|ds|day)$/i;

/** A column of consecutive integers (1, 2, 3, …): a row counter. */
function isCounter(values: Float64Array): boolean {
  if (values.length < 3) return false;
  for (let i = 1; i < values.length; i++) if (values[i] - values[i - 1] !== 1) return false;
  return true;
}

function isConstant(values: Float64Array): boolean {
  let first = Number.NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return false;
  }
  return true;
}

/** Numeric columns a person might forecast: no date parts, ids, row counters or constant columns. */
export function targetCandidates(columns: ParsedColumn[]): ParsedColumn[] {
  return columns.filter(
    (c) =>
      c.type === 'numeric' &&
      c.values !== null &&
      !NOT_A_TARGET.test(c.name.trim()) &&
      !isCounter(c.values) &&
      !isConstant(c.values),
  );
}

/**
 * Time column: the datetime column with the most time-like name. Target: among the candidates, one whose
 * name says what people forecast, else the first (`targetCandidates`; the parse notes list the others when
 * there are several). The target alone is the input: other numeric columns are offered, not chosen (their
 * future values are unknown, which would stop the forecast past the data after one horizon).
 */
export function suggestRoles(columns: ParsedColumn[]): ColumnRole {
  const dates = columns.filter((c) => c.type === 'datetime');
  const time = dates.find((c) => TIME_PRIORITY.test(c.name.trim())) ?? dates[0] ?? null;
  const candidates = targetCandidates(columns);
  const numeric = columns.filter((c) => c.type === 'numeric');
  const target =
    candidates.find((c) => TARGET_WORD.test(c.name.trim())) ?? candidates[0] ?? numeric[numeric.length - 1];
  return {
    timeColumn: time ? time.name : null,
    targets: target ? [target.name] : [],
    features: target ? [target.name] : [],
  };
}

const DATE_PARTS = {
  year: /^(year|yr)$/i,
  month: /^(month|mon|mo)$/i,
  day: /^(day|dd)$/i,
  hour: /^(hour|hr|hh)$/i,
} as const;

/**
 * A date split over columns (`year, month[, day[, hour]]`, whole numbers) combined into one datetime column,
 * or null when the file has no such columns. The parts stay in the table as they are.
 */
export function combinedDateColumn(columns: ParsedColumn[]): ParsedColumn | null {
  const find = (pattern: RegExp) =>
    columns.find((c) => c.type === 'numeric' && c.values !== null && pattern.test(c.name.trim()));
  const year = find(DATE_PARTS.year);
  const month = find(DATE_PARTS.month);
  if (!year || !month) return null;
  const day = find(DATE_PARTS.day);
  const hour = day ? find(DATE_PARTS.hour) : undefined;
  const parts = [year, month, day, hour].filter((c): c is ParsedColumn => c !== undefined);
  const n = year.values!.length;
  const values = new Float64Array(n).fill(Number.NaN);
  let parsed = 0;
  for (let r = 0; r < n; r++) {
    const [y, m, d, h] = parts.map((c) => c.values![r]);
    if (![y, m, d ?? 1, h ?? 0].every(Number.isInteger)) continue;
    if (y < 1000 || y > 3000 || m < 1 || m > 12) continue;
    const t = Date.UTC(y, m - 1, d ?? 1, h ?? 0);
    if (new Date(t).getUTCDate() !== (d ?? 1)) continue;
    values[r] = t;
    parsed++;
  }
  if (parsed < TYPE_SHARE * n) return null;
  const names = parts.map((c) => c.name);
  return {
    name: `time (${names.join(', ')})`,
    originalName: '',
    type: 'datetime',
    values,
    missing: {},
    invalid: n - parsed,
    invalidExamples: [],
    datetime: { format: `combined from ${names.join(', ')}` },
  };
}
