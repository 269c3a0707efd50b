// Missing-value spellings. Recognised in any column, trimmed and case-insensitive.

import type { MissingToken } from '../types';

const TOKENS: Record<string, MissingToken> = {
  '': '(empty)',
  na: 'NA',
  'n/a': 'N/A',
  '#n/a': '#N/A',
  nan: 'NaN',
  null: 'null',
  '-': '-',
  '?': '?',
};

/** The canonical missing token `cell` spells, or null when the cell holds something. */
export function missingToken(cell: string): MissingToken | null {
  if (cell.length === 0) return '(empty)';
  const t = cell.trim();
  if (t.length > 4) return null;
  return TOKENS[t.toLowerCase()] ?? null;
}

export function countMissing(counts: Partial<Record<MissingToken, number>>): number {
  let n = 0;
  for (const v of Object.values(counts)) n += v ?? 0;
  return n;
}
