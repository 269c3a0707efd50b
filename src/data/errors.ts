// Constructors for every DataError: each failure is made once, here, with its user-facing message.
// An error about a file names it (`file`: its name, or null for text without one).

import { TYPE_SHARE } from './parse/typing';
import type { DataError, SplitName } from './types';

const SPLIT_LABEL: Record<SplitName, string> = { train: 'training', val: 'validation', test: 'test' };

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** The file as the subject of a sentence: `"sales.csv"`, or "The file". */
const theFile = (file: string | null) => (file ? `"${file}"` : 'The file');
/** The file inside a sentence: `"sales.csv"`, or "the file". */
const inFile = (file: string | null) => (file ? `"${file}"` : 'the file');

/** `lines 3, 5, 8, …` (the first ten). */
function linesText(lines: number[], total = lines.length): string {
  const shown = lines.slice(0, 10).join(', ');
  return `line${total === 1 ? '' : 's'} ${shown}${total > Math.min(10, lines.length) ? ', …' : ''}`;
}

export const dataErrors = {
  emptyFile: (file: string | null): DataError => ({
    kind: 'empty-file',
    message: `${theFile(file)} is empty: it contains no text at all.`,
  }),

  notText: (file: string | null): DataError => ({
    kind: 'not-text',
    message:
      `${theFile(file)} does not look like a text (CSV) file: it contains binary data. Export the data as CSV ` +
      '(comma, semicolon or tab separated text) and try again.',
  }),

  fileTooLarge: (file: string | null, limitBytes: number, gotBytes: number): DataError => ({
    kind: 'file-too-large',
    limitBytes,
    gotBytes,
    message: `${theFile(file)} is ${formatBytes(gotBytes)}, larger than the limit of ${formatBytes(limitBytes)}. Use a shorter extract of the data.`,
  }),

  noDataRows: (file: string | null): DataError => ({
    kind: 'no-data-rows',
    message: `${theFile(file)} has a header row but no data rows.`,
  }),

  raggedRows: (file: string | null, count: number, lines: number[], expected: number): DataError => ({
    kind: 'ragged-rows',
    count,
    lines,
    expected,
    message:
      `In ${inFile(file)}, ${count} row${count === 1 ? ' does' : 's do'} not have the ${expected} fields of the header ` +
      `(${linesText(lines, count)}).`,
  }),

  readFailed: (file: string | null, detail: string): DataError => ({
    kind: 'read-failed',
    message: `${theFile(file)} could not be read: ${detail}`,
  }),

  noNumericColumn: (file: string | null): DataError => ({
    kind: 'no-numeric-column',
    message:
      `No column contains numbers in ${inFile(file)}, so there is nothing to forecast. Check that the file is ` +
      'a time series with at least one numeric column.',
  }),

  /** No column is numbers throughout, but `column` has some: say how many and which lines are text. */
  numbersMixedWithText: (
    file: string | null,
    column: string,
    numbers: number,
    cells: number,
    textLines: { line: number; text: string }[],
    textCount: number,
  ): DataError => ({
    kind: 'numbers-mixed-with-text',
    column,
    numbers,
    cells,
    lines: textLines.map((t) => t.line),
    message:
      `No column of ${inFile(file)} is numbers throughout, so there is nothing to forecast. "${column}" comes ` +
      `closest: ${numbers} of its ${cells} filled cells are numbers, but ${textCount} ${textCount === 1 ? 'is' : 'are'} text ` +
      `(${textLines
        .slice(0, 5)
        .map((t) => `line ${t.line}: "${t.text}"`)
        .join(', ')}${textCount > 5 ? ', …' : ''}). A column is read as numbers when at least ` +
      `${Math.round(TYPE_SHARE * 100)} % of its filled cells are; correct those lines, or leave them empty to mark them missing.`,
  }),

  unknownColumn: (column: string): DataError => ({
    kind: 'unknown-column',
    column,
    message: `There is no column named "${column}" in the file.`,
  }),

  invalidRoles: (message: string): DataError => ({ kind: 'invalid-roles', message }),

  invalidOptions: (field: string, message: string): DataError => ({
    kind: 'invalid-options',
    field,
    message,
  }),

  targetAllMissing: (column: string): DataError => ({
    kind: 'target-all-missing',
    column,
    message: `Every value of the target column "${column}" is missing, so there is nothing to learn from. Pick another target.`,
  }),

  noTrainingValues: (column: string): DataError => ({
    kind: 'no-training-values',
    column,
    message: `The column "${column}" has no values in the training part (the first rows in time), so it cannot be scaled or filled. Drop it or pick other columns.`,
  }),

  /** `filled`: the value is a gap the missing-value policy filled (after the row of `line`). */
  logNeedsPositive: (column: string, value: number, line: number, filled: boolean): DataError => ({
    kind: 'log-needs-positive',
    column,
    value,
    line,
    message: filled
      ? `The log transform needs positive values, but the missing-value policy filled a gap in "${column}" after line ${line} with ${value}. Choose another missing-value policy, or "None" as the transform.`
      : `The log transform needs positive values, but "${column}" is ${value} on line ${line}. Choose "None" as the transform, or pick columns whose values are all above zero.`,
  }),

  tooFewRows: (needed: number, got: number, split: SplitName, windowText: string): DataError => ({
    kind: 'too-few-rows',
    needed,
    got,
    split,
    message:
      `The ${SPLIT_LABEL[split]} part has ${got} row${got === 1 ? '' : 's'}, but one window (${windowText}) needs ${needed}. ` +
      'Use a longer file, a shorter window or horizon, or a larger share for this part.',
  }),
};
