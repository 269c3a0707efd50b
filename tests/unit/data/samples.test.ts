import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { SAMPLE_DATASETS } from '../../../src/data/samples';
import { DEFAULT_PREPARE_OPTIONS } from '../../../src/data/types';

describe('bundled sample datasets', () => {
  for (const sample of SAMPLE_DATASETS) {
    test(`${sample.id} parses, and its suggested roles prepare into windows`, async () => {
      const bytes = readFileSync(`public/${sample.path}`);
      const parsed = await parseCsv(new Blob([bytes]));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const table = parsed.table;
      expect(table.rowCount).toBe(sample.rows);
      const time = table.columns.find((c) => c.name === sample.suggestedRoles.timeColumn);
      expect(time?.type).toBe('datetime');
      for (const name of [...sample.suggestedRoles.features, ...sample.suggestedRoles.targets]) {
        expect(table.columns.find((c) => c.name === name)?.type).toBe('numeric');
      }
      const prepared = prepareDataset(table, sample.suggestedRoles, DEFAULT_PREPARE_OPTIONS);
      if (!prepared.ok) throw new Error(prepared.error.message);
      const ds = prepared.dataset;
      expect(ds.windows.train.count).toBeGreaterThan(100);
      const batch = ds.gatherBatch('train', [0, 1, 2]);
      expect(batch.x.length).toBe(
        3 * DEFAULT_PREPARE_OPTIONS.window.inputLength * sample.suggestedRoles.features.length,
      );
      expect(ds.report.intervals).not.toBeNull();
    });
  }

  test('Seattle weather: the weather column is text and the time step is one day', async () => {
    const parsed = await parseCsv(new Blob([readFileSync('public/data/seattle-weather.csv')]));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.table.report.categoricalColumns).toEqual(['weather']);
    const prepared = prepareDataset(parsed.table, SAMPLE_DATASETS[1].suggestedRoles, DEFAULT_PREPARE_OPTIONS);
    if (!prepared.ok) throw new Error(prepared.error.message);
    expect(prepared.dataset.report.intervals?.medianMs).toBe(86_400_000);
    expect(prepared.dataset.report.intervals?.gaps).toBe(0);
  });
});
