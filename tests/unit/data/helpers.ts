import { parseCsvText } from '../../../src/data/parse/parseCsv';
import type { ParsedTable } from '../../../src/data/types';

export async function table(csv: string): Promise<ParsedTable> {
  const out = await parseCsvText(csv);
  if (!out.ok) throw new Error(`${out.error.kind}: ${out.error.message}`);
  return out.table;
}

/** A daily CSV `date,a,b` with n rows; `cell(i, col)` may return any text (e.g. 'NA'). */
export function dailyCsv(n: number, cell: (i: number, col: 'a' | 'b') => string): string {
  const lines = ['date,a,b'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const d = new Date(t0 + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${d},${cell(i, 'a')},${cell(i, 'b')}`);
  }
  return `${lines.join('\n')}\n`;
}
