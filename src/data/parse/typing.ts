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
  const families: Record<DateFamily, number> = { iso: 0, 'day-month': 0 };
  for (const c of t.present) {
    if (c === null) continue;
    const f = dateFamily(c);
    if (f) families[f]++;
  }
  const family: DateFamily = families.iso >= families['day-month'] ? 'iso' : 'day-month';
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

const TARGET_NAME =
  /^(y|target|value|values|close|adj[ _]?close|price|load|demand|sales|count|temp|temperature|co2|consumption|power|energy|passengers)$/i;
const TIME_PRIORITY = /^(date|time|datetime|timestamp|ds|day)$/i;

/**
 * Time column: the datetime column with the most time-like name; target: an obvious name or the last
 * numeric. The target alone is the input: other numeric columns are offered, not chosen (their future
 * values are unknown, which would stop the forecast past the data after one horizon).
 */
export function suggestRoles(columns: ParsedColumn[]): ColumnRole {
  const dates = columns.filter((c) => c.type === 'datetime');
  const time = dates.find((c) => TIME_PRIORITY.test(c.name.trim())) ?? dates[0] ?? null;
  const numeric = columns.filter((c) => c.type === 'numeric');
  const target = numeric.find((c) => TARGET_NAME.test(c.name.trim())) ?? numeric[numeric.length - 1];
  return {
    timeColumn: time ? time.name : null,
    targets: target ? [target.name] : [],
    features: target ? [target.name] : [],
  };
}
