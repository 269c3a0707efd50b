// What the parse went on past but changed the data, as values with their message: text cells in a number
// or date column are read as missing, and the page shows so at once (the count and the first lines).

import type { ParsedColumn, ParseWarning } from '../types';

export function textCellWarnings(columns: ParsedColumn[]): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  for (const c of columns) {
    if (c.invalid === 0 || (c.type !== 'numeric' && c.type !== 'datetime')) continue;
    const examples = c.invalidExamples.map(({ line, text }) => ({ line, text: text.trim() }));
    const what = c.type === 'numeric' ? 'numbers' : 'dates';
    const shown = examples.map((e) => `line ${e.line}: "${e.text}"`).join(', ');
    warnings.push({
      kind: 'text-in-number-column',
      column: c.name,
      columnType: c.type,
      count: c.invalid,
      examples,
      message:
        `${c.invalid} cell${c.invalid === 1 ? '' : 's'} of "${c.name}" ${c.invalid === 1 ? 'is' : 'are'} not ${what} ` +
        `and ${c.invalid === 1 ? 'is' : 'are'} read as missing` +
        (examples.length > 0 ? ` (${shown}${c.invalid > examples.length ? ', …' : ''}).` : '.'),
    });
  }
  return warnings;
}
