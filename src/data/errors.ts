// Constructors for every DataError: each failure is made once, here, with its user-facing message.

import type { DataError, SplitName } from './types';

const SPLIT_LABEL: Record<SplitName, string> = { train: 'training', val: 'validation', test: 'test' };

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export const dataErrors = {
  emptyFile: (): DataError => ({
    kind: 'empty-file',
    message: 'The file is empty: it contains no text at all.',
  }),

  notText: (): DataError => ({
    kind: 'not-text',
    message:
      'This does not look like a text (CSV) file: it contains binary data. Export the data as CSV ' +
      '(comma, semicolon or tab separated text) and try again.',
  }),

  fileTooLarge: (limitBytes: number, gotBytes: number): DataError => ({
    kind: 'file-too-large',
    limitBytes,
    gotBytes,
    message: `The file is ${formatBytes(gotBytes)}, larger than the limit of ${formatBytes(limitBytes)}. Use a shorter extract of the data.`,
  }),

  noDataRows: (): DataError => ({
    kind: 'no-data-rows',
    message: 'The file has a header row but no data rows.',
  }),

  raggedRows: (count: number, lines: number[], expected: number): DataError => ({
    kind: 'ragged-rows',
    count,
    lines,
    expected,
    message:
      `${count} row${count === 1 ? '' : 's'} do not have the ${expected} fields of the header ` +
      `(line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 10).join(', ')}${count > 10 ? ', …' : ''}).`,
  }),

  readFailed: (detail: string): DataError => ({
    kind: 'read-failed',
    message: `The file could not be read: ${detail}`,
  }),

  noNumericColumn: (): DataError => ({
    kind: 'no-numeric-column',
    message:
      'No column contains numbers, so there is nothing to forecast. Check that the file is a time series ' +
      'with at least one numeric column.',
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
