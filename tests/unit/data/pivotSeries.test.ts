// Several series of a long-format file pivoted side by side: only the ticked ones become columns, and they are
// the targets and the inputs of one model.

import { describe, expect, test } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS } from '../../../src/data/types';

const STORES = ['north', 'south', 'east'];
const LONG = `store,date,sales\n${STORES.flatMap((store, k) =>
  Array.from(
    { length: 30 },
    (_, i) => `${store},2020-01-${String(i + 1).padStart(2, '0')},${100 * (k + 1) + i}`,
  ),
).join('\n')}\n`;

describe('pivoting several series of a long-format file', () => {
  test('every series by default, each a target and an input', async () => {
    const out = await parseCsvText(LONG, { pivotLongFormat: true });
    if (!out.ok) throw new Error(out.error.message);
    const names = ['sales_north', 'sales_south', 'sales_east'];
    expect(out.table.columns.map((c) => c.name)).toEqual(['date', ...names]);
    expect(out.table.report.suggestedRoles).toMatchObject({
      timeColumn: 'date',
      targets: names,
      features: names,
    });
    expect(out.table.report.notes[0]).toMatch(
      /^Pivoted 3 series told apart by "store" into one column each: .*The 3 series are the targets and the inputs of one model; untick any under Target or Features\.$/,
    );
    // no note that one column was chosen of several
    expect(out.table.report.notes.join(' ')).not.toContain('Several columns could be the target');
  });

  test('only the ticked series, in the file order, and one model prepares them side by side', async () => {
    const out = await parseCsvText(LONG, { pivotLongFormat: true, pivotSeries: ['east', 'north'] });
    if (!out.ok) throw new Error(out.error.message);
    const t = out.table;
    expect(t.columns.map((c) => c.name)).toEqual(['date', 'sales_north', 'sales_east']);
    expect(t.report.pivoted?.series).toEqual(['north', 'east']);
    expect(t.rowCount).toBe(30);
    expect(Array.from(t.columns[2].values!).slice(0, 3)).toEqual([300, 301, 302]);
    const roles = t.report.suggestedRoles;
    const prepared = prepareDataset(t, roles, {
      ...DEFAULT_PREPARE_OPTIONS,
      window: { inputLength: 4, horizon: 1, stride: 1 },
    });
    if (!prepared.ok) throw new Error(prepared.error.message);
    // both stores are inputs and outputs of one model (calendar inputs may follow)
    const { columns, featureIndex, targetIndex, outputSize } = prepared.dataset;
    expect(featureIndex.slice(0, 2).map((i) => columns[i])).toEqual(['sales_north', 'sales_east']);
    expect(targetIndex.map((i) => columns[i])).toEqual(['sales_north', 'sales_east']);
    expect(outputSize).toBe(2);
  });
});
