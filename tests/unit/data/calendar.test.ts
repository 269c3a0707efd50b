import { describe, expect, test } from 'vitest';
import { calendarColumns, calendarCycles, calendarValue, calendarValues } from '../../../src/data/calendar';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS, type PrepareOptions } from '../../../src/data/types';
import { futureTimes } from '../../../src/worker/evaluation';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('calendar features', () => {
  test('the time step decides which cycles are offered', () => {
    expect(calendarCycles(HOUR)).toEqual(['hour', 'weekday']);
    expect(calendarCycles(DAY)).toEqual(['weekday', 'yearday']);
    expect(calendarCycles(7 * DAY)).toEqual(['yearday']);
    expect(calendarCycles(30.4 * DAY)).toEqual(['month']);
    expect(calendarCycles(91 * DAY)).toEqual(['month']);
    expect(calendarCycles(365 * DAY)).toEqual([]);
    expect(calendarCycles(0)).toEqual([]);
  });

  test('sin/cos place each time on its cycle', () => {
    const [sin, cos] = calendarColumns(['month']);
    expect(sin.name).toBe('month of year (sin)');
    expect(calendarValue(sin, Date.UTC(2021, 0, 1))).toBeCloseTo(0, 12);
    expect(calendarValue(cos, Date.UTC(2021, 0, 1))).toBeCloseTo(1, 12);
    expect(calendarValue(cos, Date.UTC(2021, 6, 1))).toBeCloseTo(-1, 12);
    expect(calendarValue(sin, Date.UTC(2021, 3, 15))).toBeCloseTo(1, 12);
    const [hourSin] = calendarColumns(['hour']);
    expect(calendarValue(hourSin, Date.UTC(2021, 0, 1, 6))).toBeCloseTo(1, 12);
    const [weekdaySin, weekdayCos] = calendarColumns(['weekday']);
    // 2021-01-03 is a Sunday: day 0 of the week
    expect(calendarValues([weekdaySin, weekdayCos], Date.UTC(2021, 0, 3))).toEqual([0, 1]);
  });

  test("prepared monthly data gets month columns as inputs that the 'change' formulation leaves absolute", async () => {
    const rows = Array.from({ length: 48 }, (_, i) => {
      const d = new Date(Date.UTC(2000, i, 1)).toISOString().slice(0, 10);
      return `${d},${100 + i}`;
    });
    const parsed = await parseCsvText(`date,v\n${rows.join('\n')}\n`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const options: PrepareOptions = {
      ...DEFAULT_PREPARE_OPTIONS,
      calendar: 'auto',
      window: { inputLength: 3, horizon: 1, stride: 1 },
    };
    const out = prepareDataset(
      parsed.table,
      { timeColumn: 'date', targets: ['v'], features: ['v'] },
      options,
    );
    if (!out.ok) throw new Error(out.error.message);
    const ds = out.dataset;
    expect(ds.columns).toEqual(['v', 'month of year (sin)', 'month of year (cos)']);
    expect(ds.featureIndex).toEqual([0, 1, 2]);
    expect(ds.anchoredInputs).toEqual([true, false, false]);
    expect(ds.scaler.offset.slice(1)).toEqual([0, 0]);
    expect(ds.scaler.scale.slice(1)).toEqual([1, 1]);
    const batch = ds.gatherBatch('train', [0]); // rows 0..2 = January..March 2000
    const x = Array.from(batch.x);
    expect(x[6]).toBe(0); // v relative to its last value
    expect(x[1]).toBeCloseTo(0, 6); // sin(January)
    expect(x[2]).toBeCloseTo(1, 6); // cos(January)
    expect(x[7]).toBeCloseTo(Math.sin((2 * Math.PI * 2) / 12), 6); // sin(March), absolute
    const off = prepareDataset(
      parsed.table,
      { timeColumn: 'date', targets: ['v'], features: ['v'] },
      {
        ...options,
        calendar: 'off',
      },
    );
    expect(off.ok && off.dataset.columns).toEqual(['v']);
  });

  test('future times of monthly data advance by calendar months', () => {
    const time = Float64Array.from([Date.UTC(2020, 10, 1), Date.UTC(2020, 11, 1)]);
    const data = {
      length: 2,
      time,
      timeKind: 'datetime' as const,
      report: { intervals: { medianMs: 30 * DAY } } as never,
    };
    expect(Array.from(futureTimes(data, 3))).toEqual([
      Date.UTC(2021, 0, 1),
      Date.UTC(2021, 1, 1),
      Date.UTC(2021, 2, 1),
    ]);
  });
});
