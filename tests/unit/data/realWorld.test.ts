// Shapes real exports come in: notes about the target choice and combined dates, century of two-digit years.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS } from '../../../src/data/types';
import { columnsLine } from '../../../src/store/dataSummary';

async function parse(text: string) {
  const out = await parseCsvText(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.table;
}

describe('real-world CSV shapes', () => {
  test('two-digit years across a century turn stay in order', async () => {
    const t = await parse('m,v\nNov-98,1\nDec-99,2\nJan-00,3\nFeb-05,4\n');
    const years = Array.from(t.columns[0].values!, (v) => new Date(v).getUTCFullYear());
    expect(years).toEqual([1998, 1999, 2000, 2005]);
  });

  test('several target candidates are named in the notes, with the one chosen', async () => {
    const t = await parse(
      'date,precipitation,temp_max,wind\n2020-01-01,0,5,3\n2020-01-02,1,6,2\n2020-01-03,0,4,5\n',
    );
    expect(t.report.suggestedRoles.targets).toEqual(['temp_max']);
    expect(t.report.notes.join(' ')).toContain(
      'Several columns could be the target ("precipitation", "temp_max", "wind"); "temp_max" is chosen.',
    );
  });

  test('a date split over columns becomes a time column and is said so; the parts are not targets', async () => {
    const t = await parse('year,month,sales\n2020,1,5\n2020,2,6\n2020,3,7\n');
    const time = t.columns.find((c) => c.type === 'datetime')!;
    expect(time.name).toBe('time (year, month)');
    expect(Array.from(time.values!, (v) => new Date(v).toISOString().slice(0, 10))).toEqual([
      '2020-01-01',
      '2020-02-01',
      '2020-03-01',
    ]);
    expect(t.report.suggestedRoles).toEqual({
      timeColumn: 'time (year, month)',
      targets: ['sales'],
      features: ['sales'],
    });
    expect(t.report.notes.join(' ')).toContain('The date is split over columns');
    // the page counts the file's columns as the report does, and names the one combined from them
    expect(t.report.notes[0]).toMatch(/^3 rows × 3 columns/);
    expect(columnsLine(t.columns, t.report.columnCount)).toBe(
      '3 columns, and a time column combined from year, month',
    );
  });

  test('a footer line at the end is left out and reported; a row of NA stays data', async () => {
    const t = await parse('t,v\n1,5\n2,NA\n3,7\nTotal of the above\n');
    expect(t.rowCount).toBe(3);
    expect(t.report.footerLines).toEqual([5]);
    expect(t.columns[1].missing).toEqual({ NA: 1 });
  });
});

describe('long-format files', () => {
  const csv = `symbol,date,price\n${['A', 'B']
    .flatMap((s, k) =>
      Array.from({ length: 8 }, (_, i) => `${s},2000-${String(i + 1).padStart(2, '0')}-01,${k * 100 + i}`),
    )
    .join('\n')}\n`;

  test('each series prepares on its own; no series is merged into another', async () => {
    const t = await parse(csv);
    expect(t.report.longFormat?.series.map((s) => s.name)).toEqual(['A', 'B']);
    const options = { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength: 2, horizon: 1, stride: 1 } };
    const roles = { timeColumn: 'date', targets: ['price'], features: ['price'], seriesColumn: 'symbol' };
    const b = prepareDataset(t, { ...roles, series: 'B' }, options);
    if (!b.ok) throw new Error(b.error.message);
    expect(Array.from(b.dataset.values)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    expect(b.dataset.report.duplicates.timestamps).toBe(0);
    const missing = prepareDataset(t, { ...roles, series: 'C' }, options);
    expect(missing.ok || missing.error.message).toBe('There is no series "C" in the column "symbol".');
  });

  test('without a date column, contiguous blocks of an id are recognised too', async () => {
    const t = await parse('id,v\nx,1\nx,2\nx,3\nx,4\ny,9\ny,8\ny,7\ny,6\n');
    expect(t.report.longFormat).toEqual({
      column: 'id',
      series: [
        { name: 'x', rows: 4 },
        { name: 'y', rows: 4 },
      ],
    });
  });

  test('pivoted, each series becomes a column per value column, matched by timestamp', async () => {
    const text = readFileSync('tests/fixtures/csv/long-format-cities.csv', 'utf8');
    const out = await parseCsvText(text, { pivotLongFormat: true });
    if (!out.ok) throw new Error(out.error.message);
    const t = out.table;
    expect(t.columns.map((c) => c.name)).toEqual([
      'date',
      'temp_Seattle',
      'temp_New York',
      'humidity_Seattle',
      'humidity_New York',
    ]);
    expect(t.report.longFormat).toBeNull();
    expect(t.report.pivoted).toMatchObject({ column: 'location', series: ['Seattle', 'New York'] });
    expect(t.rowCount).toBe(12);
    // New York's rows are out of order in the file; matched by date they line up with Seattle's
    expect(Array.from(t.columns[2].values!)).toEqual([
      1.2, -0.5, 0.4, 2.3, 3.1, 2.7, 1.9, 0.8, -1.1, 0.6, 1.5, 2.2,
    ]);
    // the file's missing token stays a missing cell
    expect(t.columns[4].missing).toEqual({ NA: 1 });
    // each wide row points at the file line of its first long row
    expect(Array.from(t.lineNumbers)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    expect(t.report.notes[0]).toMatch(/^Pivoted 2 series told apart by "location" into one column each/);
    expect(t.report.suggestedRoles.seriesColumn ?? null).toBeNull();
    // both cities' temperatures can be forecast together
    const options = { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength: 2, horizon: 1, stride: 1 } };
    const targets = ['temp_Seattle', 'temp_New York'];
    const prepared = prepareDataset(t, { timeColumn: 'date', targets, features: targets }, options);
    expect(prepared.ok || prepared.error.message).toBe(true);
  });

  test('pivoted without a date, series are matched by position; a shorter one gets missing cells', async () => {
    const out = await parseCsvText('id,v\nx,1\nx,2\nx,3\nx,4\nx,5\ny,9\ny,8\ny,7\ny,6\n', {
      pivotLongFormat: true,
    });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.table.columns.map((c) => c.name)).toEqual(['v_x', 'v_y']);
    expect(Array.from(out.table.columns[1].values!)).toEqual([9, 8, 7, 6, Number.NaN]);
  });

  test('a text column that changes with no pattern is not a series id', async () => {
    const t = await parse(
      'date,weather,v\n2020-01-01,sun,1\n2020-01-02,rain,2\n2020-01-03,sun,3\n2020-01-04,rain,4\n2020-01-05,sun,5\n2020-01-06,rain,6\n2020-01-07,sun,7\n2020-01-08,rain,8\n',
    );
    expect(t.report.longFormat).toBeNull();
  });
});

describe('gaps in a regular series', () => {
  const days = [
    1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    30,
  ];
  const csv = `date,v\n${days.map((d) => `2020-01-${String(d).padStart(2, '0')},${d * 2}`).join('\n')}\n`;
  const roles = { timeColumn: 'date', targets: ['v'], features: ['v'] };
  const options = { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength: 2, horizon: 1, stride: 1 } };

  test('a missing day is put back and filled by the policy, and the report says so', async () => {
    const t = await parse(csv);
    const out = prepareDataset(t, roles, options);
    if (!out.ok) throw new Error(out.error.message);
    const ds = out.dataset;
    expect(ds.length).toBe(30);
    expect(ds.values[3]).toBeCloseTo(8, 6); // 4 January, interpolated between 6 and 10
    expect(new Date(ds.time[3]).toISOString().slice(0, 10)).toBe('2020-01-04');
    expect(ds.report.rowsInserted).toBe(1);
    expect(ds.report.changedRows.filter((r) => r.action === 'inserted')).toEqual([
      { row: 2, line: 4, action: 'inserted', columns: ['v'] },
    ]);
    expect(ds.report.notes.join(' ')).toContain('1 missing time step(s) were put back');
    // the headline never says more rows were used than read
    expect(ds.report.notes[0]).toBe('29 rows read, 1 missing time step(s) put back, 30 rows used.');
  });

  test("'off' leaves the rows as they are, and so does a series with too many gaps", async () => {
    const t = await parse(csv);
    const off = prepareDataset(t, roles, { ...options, reindex: 'off' });
    expect(off.ok && off.dataset.length).toBe(29);
    const sparse = await parse(
      'date,v\n2020-01-01,1\n2020-01-02,2\n2020-01-05,3\n2020-01-06,4\n2020-01-09,5\n2020-01-10,6\n',
    );
    const kept = prepareDataset(sparse, roles, { ...options, split: { train: 1, val: 0, test: 0 } });
    expect(kept.ok && kept.dataset.report.rowsInserted).toBe(0);
  });

  test('monthly data steps by calendar months', async () => {
    const t = await parse('m,v\n2020-01-31,1\n2020-02-29,2\n2020-03-31,3\n2020-04-30,4\n');
    const out = prepareDataset(
      t,
      { timeColumn: 'm', targets: ['v'], features: ['v'] },
      {
        ...options,
        split: { train: 1, val: 0, test: 0 },
      },
    );
    expect(out.ok && out.dataset.report.rowsInserted).toBe(0);
  });
});

describe('suspicious numbers', () => {
  test('a stray character before a number is missing, with a hint naming the lines', async () => {
    const t = await parse(
      'date,temp\n2020-01-01,1.5\n2020-01-02,?0.2\n2020-01-03,0.7\n2020-01-04,?1.1\n2020-01-05,2\n2020-01-06,3\n2020-01-07,4\n2020-01-08,5\n2020-01-09,6\n2020-01-10,7\n2020-01-11,8\n2020-01-12,9\n2020-01-13,10\n2020-01-14,11\n2020-01-15,12\n2020-01-16,13\n2020-01-17,14\n2020-01-18,15\n2020-01-19,16\n2020-01-20,17\n',
    );
    const temp = t.columns[1];
    expect(temp.type).toBe('numeric');
    expect(Number.isNaN(temp.values![1])).toBe(true);
    expect(t.report.notes.join(' ')).toContain(
      '"temp": cells like "?0.2" (line 3, 5) look like −0.2 with a lost minus sign? They are treated as missing',
    );
  });
});
