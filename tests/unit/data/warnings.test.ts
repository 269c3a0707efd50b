// Text cells in a number column are read as missing, and the report says so as a warning with the count
// and the first lines (the page shows it at once, not folded among the notes).

import { describe, expect, test } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';

describe('text cells in a number column', () => {
  test('come back as one warning per column with the count and the first lines', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => {
      const day = `2024-01-${String((i % 28) + 1).padStart(2, '0')}`;
      const sales = [4, 9, 12].includes(i) ? 'closed' : String(100 + i);
      return `${day},${sales},${i % 7}`;
    });
    const out = await parseCsvText(`date,sales,weekday\n${rows.join('\n')}\n`);
    if (!out.ok) throw new Error(out.error.message);
    const { warnings, notes } = out.table.report;
    expect(warnings).toEqual([
      {
        kind: 'text-in-number-column',
        column: 'sales',
        columnType: 'numeric',
        count: 3,
        examples: [6, 11, 14].map((line) => ({ line, text: 'closed' })),
        message:
          '3 cells of "sales" are not numbers and are read as missing (line 6: "closed", line 11: "closed", ' +
          'line 14: "closed").',
      },
    ]);
    // worded once: the notes no longer repeat it
    expect(notes.join(' ')).not.toContain('closed');
  });

  test('a clean file has no warnings', async () => {
    const out = await parseCsvText('t,v\n1,2\n2,3\n3,4\n');
    expect(out.ok && out.table.report.warnings).toEqual([]);
  });
});
