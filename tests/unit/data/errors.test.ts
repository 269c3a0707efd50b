// One test per user-causable DataError: the kind, the fields, and a message that says what to do.

import { describe, expect, test } from 'vitest';
import { parseCsv, parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS, type PrepareOptions } from '../../../src/data/types';
import { dailyCsv, table } from './helpers';

const opts = (patch: Partial<PrepareOptions> = {}): PrepareOptions => ({
  ...DEFAULT_PREPARE_OPTIONS,
  ...patch,
});

describe('parse errors', () => {
  test('empty file', async () => {
    const out = await parseCsvText('');
    expect(out.ok || out.error).toMatchObject({ kind: 'empty-file' });
    expect(out.ok || out.error.message).toMatch(/empty/);
  });

  test('binary bytes are not a text file', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 37) % 256);
    const out = await parseCsv(new Blob([bytes]));
    expect(out.ok || out.error).toMatchObject({ kind: 'not-text' });
    expect(out.ok || out.error.message).toMatch(/CSV/);
  });

  test('a file over the size limit says the limit and the size', async () => {
    const out = await parseCsvText(
      dailyCsv(200, (i) => String(i)),
      { maxBytes: 1000 },
    );
    if (out.ok) throw new Error('expected an error');
    expect(out.error).toMatchObject({ kind: 'file-too-large', limitBytes: 1000 });
    if (out.error.kind !== 'file-too-large') return;
    expect(out.error.gotBytes).toBeGreaterThan(1000);
    expect(out.error.message).toContain('1000 bytes');
  });

  test('a header without rows', async () => {
    const out = await parseCsvText('date,value\n');
    expect(out.ok || out.error.kind).toBe('no-data-rows');
  });

  test('no numeric column', async () => {
    const out = await parseCsvText('date,name\n2024-01-01,a\n2024-01-02,b\n');
    expect(out.ok || out.error.kind).toBe('no-numeric-column');
  });

  test('a column that is half numbers is named, with how many cells are numbers and which lines are not', async () => {
    const rows = Array.from(
      { length: 20 },
      (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${i % 2 ? 'n/a yet' : i}`,
    );
    const out = await parseCsv(new File([`date,sales\n${rows.join('\n')}\n`], 'shop.csv'));
    if (out.ok) throw new Error('expected an error');
    expect(out.error).toMatchObject({
      kind: 'numbers-mixed-with-text',
      column: 'sales',
      numbers: 10,
      cells: 20,
      lines: [3, 5, 7, 9, 11],
    });
    expect(out.error.message).toBe(
      'No column of "shop.csv" is numbers throughout, so there is nothing to forecast. "sales" comes closest: ' +
        '10 of its 20 filled cells are numbers, but 10 are text (line 3: "n/a yet", line 5: "n/a yet", ' +
        'line 7: "n/a yet", line 9: "n/a yet", line 11: "n/a yet", …). A column is read as numbers when at ' +
        'least 90 % of its filled cells are; correct those lines, or leave them empty to mark them missing.',
    );
  });

  test('every error about a file names it', async () => {
    const named = (text: string | Uint8Array) => new File([text as BlobPart], 'upload.csv');
    const binary = new Uint8Array(4096).map((_, i) => (i * 37) % 256);
    const cases = [
      await parseCsv(named('')),
      await parseCsv(named(binary)),
      await parseCsv(named('a,b\n1,2\n'.repeat(100)), { maxBytes: 100 }),
      await parseCsv(named('date,value\n')),
      await parseCsv(named('a,b\n1,2\n3\n'), { raggedRows: 'error' }),
      await parseCsv(named('date,name\n2024-01-01,a\n2024-01-02,b\n')),
    ];
    const messages = cases.map((out) => (out.ok ? 'parsed' : out.error.message));
    expect(messages).toEqual([
      '"upload.csv" is empty: it contains no text at all.',
      expect.stringMatching(/^"upload\.csv" does not look like a text \(CSV\) file/),
      expect.stringMatching(/^"upload\.csv" is 800 bytes, larger than the limit of 100 bytes\./),
      '"upload.csv" has a header row but no data rows.',
      'In "upload.csv", 1 row does not have the 2 fields of the header (line 3).',
      expect.stringMatching(
        /^No column contains numbers in "upload\.csv", so there is nothing to forecast\./,
      ),
    ]);
  });

  test('ragged rows fail only when asked to, with their line numbers', async () => {
    const csv = 'a,b\n1,2\n3\n4,5\n6,7,8\n';
    expect((await parseCsvText(csv)).ok).toBe(true);
    const out = await parseCsvText(csv, { raggedRows: 'error' });
    if (out.ok) throw new Error('expected an error');
    expect(out.error).toMatchObject({ kind: 'ragged-rows', count: 2, lines: [3, 5], expected: 2 });
    expect(out.error.message).toContain('3, 5');
  });
});

describe('prepare errors', () => {
  const roles = { timeColumn: 'date', targets: ['a'], features: ['a', 'b'] };
  const numbers = dailyCsv(100, (i, c) => String(c === 'a' ? i : 2 * i));

  test('too few rows names the split, the rows one window needs and the rows there are', async () => {
    const t = await table(numbers);
    // 100 rows split 70 / 15 / 15. Validation windows read their inputs from earlier rows, so only the
    // horizon must fit: 16 steps ahead need 16 rows, and validation has 15.
    const fits = prepareDataset(t, roles, opts({ window: { inputLength: 20, horizon: 15, stride: 1 } }));
    expect(fits.ok).toBe(true);
    const out = prepareDataset(t, roles, opts({ window: { inputLength: 20, horizon: 16, stride: 1 } }));
    if (out.ok) throw new Error('expected an error');
    expect(out.error).toMatchObject({ kind: 'too-few-rows', split: 'val', needed: 16, got: 15 });
    expect(out.error.message).toBe(
      'The validation part has 15 rows, but one window (16 ahead) needs 16. ' +
        'Use a longer file, a shorter window or horizon, or a larger share for this part.',
    );
    const train = prepareDataset(t, roles, opts({ window: { inputLength: 80, horizon: 1, stride: 1 } }));
    expect(train.ok || train.error).toMatchObject({
      kind: 'too-few-rows',
      split: 'train',
      needed: 81,
      got: 70,
    });
    // A split with fraction 0 needs no rows.
    const noTest = prepareDataset(
      t,
      roles,
      opts({ split: { train: 0.7, val: 0.3, test: 0 }, window: { inputLength: 20, horizon: 2, stride: 1 } }),
    );
    expect(noTest.ok).toBe(true);
  });

  test('a target with every value missing', async () => {
    const t = await table(dailyCsv(60, (i, c) => (c === 'a' ? 'NA' : String(i))));
    const out = prepareDataset(t, roles, opts({ window: { inputLength: 4, horizon: 1, stride: 1 } }));
    expect(out.ok || out.error).toMatchObject({ kind: 'target-all-missing', column: 'a' });
    expect(out.ok || out.error.message).toContain('"a"');
  });

  test('the log transform with a value that is not positive names the column, value and line', async () => {
    const w = { inputLength: 4, horizon: 1, stride: 1 };
    const t = await table(dailyCsv(60, (i, c) => String(c === 'b' && i === 30 ? 0 : i + 1)));
    const out = prepareDataset(t, roles, opts({ transform: 'log', window: w }));
    expect(out.ok || out.error).toMatchObject({
      kind: 'log-needs-positive',
      column: 'b',
      value: 0,
      line: 32,
    });
    expect(out.ok || out.error.message).toMatch(/"b" is 0 on line 32\. Choose "None"/);
    // the same file without the log transform is fine
    expect(prepareDataset(t, roles, opts({ window: w })).ok).toBe(true);
  });

  test('the log transform with a gap the zero policy filled says that the policy made the zero', async () => {
    const t = await table(dailyCsv(60, (i, c) => (c === 'a' && i === 20 ? 'NA' : String(i + 1))));
    const out = prepareDataset(
      t,
      roles,
      opts({ transform: 'log', missing: 'zero', window: { inputLength: 4, horizon: 1, stride: 1 } }),
    );
    expect(out.ok || out.error).toMatchObject({ kind: 'log-needs-positive', column: 'a', value: 0 });
    expect(out.ok || out.error.message).toMatch(/missing-value policy filled a gap in "a"/);
  });

  test('a feature with no value in the training part', async () => {
    const t = await table(dailyCsv(60, (i, c) => (c === 'b' && i < 50 ? '' : String(i))));
    const out = prepareDataset(t, roles, opts({ window: { inputLength: 4, horizon: 1, stride: 1 } }));
    expect(out.ok || out.error).toMatchObject({ kind: 'no-training-values', column: 'b' });
  });

  test('unknown columns, text or time columns as features, and no target', async () => {
    const t = await table('date,a,label\n2024-01-01,1,x\n2024-01-02,2,y\n');
    const w = opts({ window: { inputLength: 1, horizon: 1, stride: 1 } });
    const unknown = prepareDataset(t, { timeColumn: 'date', targets: ['nope'], features: ['a'] }, w);
    expect(unknown.ok || unknown.error).toMatchObject({ kind: 'unknown-column', column: 'nope' });
    const text = prepareDataset(t, { timeColumn: 'date', targets: ['a'], features: ['label'] }, w);
    expect(text.ok || text.error).toMatchObject({ kind: 'invalid-roles' });
    expect(text.ok || text.error.message).toContain('"label" is a text column');
    const date = prepareDataset(t, { timeColumn: null, targets: ['a'], features: ['date'] }, w);
    expect(date.ok || date.error.message).toContain('"date" is a date column');
    const none = prepareDataset(t, { timeColumn: 'date', targets: [], features: ['a'] }, w);
    expect(none.ok || none.error.kind).toBe('invalid-roles');
  });

  test('split fractions and window sizes are checked', async () => {
    const t = await table(numbers);
    const sum = prepareDataset(t, roles, opts({ split: { train: 0.5, val: 0.2, test: 0.2 } }));
    expect(sum.ok || sum.error).toMatchObject({ kind: 'invalid-options', field: 'split' });
    expect(sum.ok || sum.error.message).toContain('0.9');
    const noTrain = prepareDataset(t, roles, opts({ split: { train: 0, val: 0.5, test: 0.5 } }));
    expect(noTrain.ok || noTrain.error.kind).toBe('invalid-options');
    const badT = prepareDataset(t, roles, opts({ window: { inputLength: 0, horizon: 1, stride: 1 } }));
    expect(badT.ok || badT.error).toMatchObject({ kind: 'invalid-options', field: 'window.inputLength' });
    const badStride = prepareDataset(t, roles, opts({ window: { inputLength: 2, horizon: 1, stride: 1.5 } }));
    expect(badStride.ok || badStride.error).toMatchObject({
      kind: 'invalid-options',
      field: 'window.stride',
    });
  });
});
