// Trailing lines that are not data: a title or source note after the last row ("Daily minimum temperatures
// in Melbourne"). A trailing row is a footer when none of its cells is a number or a date and it has some
// text. Footers are left out of the table and reported with their lines; rows of missing-value tokens
// (`NA,NA`) stay data.

import type { ParsedColumn, RawText } from '../types';
import { dateFamily } from './dates';
import { missingToken } from './missing';
import { type NumberFormat, parseNumber } from './numbers';

/** At most this many trailing rows are examined. */
const MAX_FOOTER_ROWS = 20;

/**
 * Index of the first footer row (n when there is none): trailing rows none of whose cells reads as a number
 * or a date, holding some text that is not a missing-value token, after a row that does hold a value.
 */
export function footerStart(n: number, rowCells: (r: number) => string[], format: NumberFormat): number {
  let start = n;
  for (let r = n - 1; r >= Math.max(1, n - MAX_FOOTER_ROWS); r--) {
    const cells = rowCells(r);
    const valued = cells.some(
      (cell) => !Number.isNaN(parseNumber(cell, format)) || dateFamily(cell) !== null,
    );
    if (valued) break;
    const hasText = cells.some((cell) => cell.trim() !== '' && missingToken(cell) === null);
    if (!hasText) break;
    start = r;
  }
  return start;
}

/** A column typed over all n rows, without rows [keep, n): values cut, missing and invalid recounted. */
export function dropTrailingCells(
  c: ParsedColumn,
  j: number,
  keep: number,
  n: number,
  rowCells: (r: number) => string[],
): ParsedColumn {
  const missing = { ...c.missing };
  let invalid = c.invalid;
  for (let r = keep; r < n; r++) {
    const cell = rowCells(r)[j] ?? '';
    const token = missingToken(cell);
    if (token !== null) missing[token] = Math.max(0, (missing[token] ?? 0) - 1);
    else if (c.values && Number.isNaN(c.values[r])) invalid--;
  }
  for (const token of Object.keys(missing) as (keyof typeof missing)[]) {
    if (missing[token] === 0) delete missing[token];
  }
  return {
    ...c,
    values: c.values ? c.values.slice(0, keep) : null,
    missing,
    invalid: Math.max(0, invalid),
    invalidExamples: c.invalidExamples.filter((e) => e.row < keep),
  };
}

/** The raw text of the first `keep` rows. */
export function keepRawRows(raw: RawText, keep: number): RawText {
  return {
    ...raw,
    rowChunk: raw.rowChunk.slice(0, keep),
    rowStart: raw.rowStart.slice(0, keep),
    rowEnd: raw.rowEnd.slice(0, keep),
  };
}
