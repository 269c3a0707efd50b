// Axis ticks computed for the charts: round values, inside the range, few enough to read.
import { describe, expect, test } from 'vitest';
import { axisTicks, numberTicks, timeStepOf, timeTicks } from '../../src/ui/charts/axisTicks';
import { formatTick } from '../../src/ui/format';

const utc = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString().slice(0, 10));

describe('axis ticks', () => {
  test('numbers: 1, 2 or 5 × 10^k steps inside the range', () => {
    expect(numberTicks(0, 239)).toEqual([0, 50, 100, 150, 200]);
    expect(numberTicks(0.13, 0.91, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(numberTicks(5, 5)).toEqual([5]);
  });

  test('dates: decades (or 20 years with fewer ticks) over 66 years of months, months over half a year, days over a week', () => {
    expect(iso(timeTicks(utc('1958-03-01'), utc('2023-12-01')))).toEqual([
      '1960-01-01',
      '1980-01-01',
      '2000-01-01',
      '2020-01-01',
    ]);
    expect(iso(timeTicks(utc('1958-03-01'), utc('2023-12-01'), 8))).toEqual([
      '1960-01-01',
      '1970-01-01',
      '1980-01-01',
      '1990-01-01',
      '2000-01-01',
      '2010-01-01',
      '2020-01-01',
    ]);
    expect(iso(timeTicks(utc('2020-01-15'), utc('2020-07-10')))).toEqual([
      '2020-02-01',
      '2020-03-01',
      '2020-04-01',
      '2020-05-01',
      '2020-06-01',
      '2020-07-01',
    ]);
    const week = timeTicks(utc('2021-01-01'), utc('2021-01-06'));
    expect(iso(week)).toEqual([
      '2021-01-01',
      '2021-01-02',
      '2021-01-03',
      '2021-01-04',
      '2021-01-05',
      '2021-01-06',
    ]);
  });

  test('never more than about the count asked, always inside the range', () => {
    for (const [a, b] of [
      [utc('2015-01-01'), utc('2020-06-22')],
      [0, 1e6],
      [utc('2020-01-01'), utc('2020-01-01') + 36 * 3_600_000],
    ]) {
      const ticks = a > 1e9 ? timeTicks(a, b) : numberTicks(a, b);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(7);
      for (const t of ticks) expect(t >= a && t <= b).toBe(true);
    }
  });

  test('a monthly or quarterly series is ticked in its own steps, labelled without a time of day', () => {
    const DAY = 86_400_000;
    // two years of monthly forecasts: the library's round numbers fell on times of day ("2020-12-18 11:33")
    const monthly = Array.from({ length: 24 }, (_, i) => Date.UTC(2020, 9 + i, 1));
    const step = timeStepOf(monthly);
    expect(step).toBeGreaterThanOrEqual(28 * DAY);
    const ticks = axisTicks('datetime', monthly[0], monthly.at(-1) ?? 0, 6, step);
    expect(iso(ticks)).toEqual(['2021-01-01', '2021-07-01', '2022-01-01', '2022-07-01']);
    const span = (monthly.at(-1) ?? 0) - monthly[0];
    expect(ticks.map((t) => formatTick(t, 'datetime', span, step))).toEqual([
      '2021-01',
      '2021-07',
      '2022-01',
      '2022-07',
    ]);
    // three months of a monthly series: whole months, not the fortnights a span of 60 days would get
    expect(iso(timeTicks(utc('2020-11-01'), utc('2021-01-01'), 6, 31 * DAY))).toEqual([
      '2020-11-01',
      '2020-12-01',
      '2021-01-01',
    ]);
    // a quarterly series: quarter starts only
    const quarterly = Array.from({ length: 8 }, (_, i) => Date.UTC(2019, 1 + 3 * i, 1));
    const quarters = timeTicks(quarterly[0], quarterly.at(-1) ?? 0, 12, timeStepOf(quarterly));
    for (const t of quarters) expect(new Date(t).getUTCMonth() % 3).toBe(0);
    // a daily series over three days: days, labelled as dates
    const days = timeTicks(utc('2021-01-01'), utc('2021-01-04'), 6, DAY);
    expect(iso(days)).toEqual(['2021-01-01', '2021-01-02', '2021-01-03', '2021-01-04']);
    expect(formatTick(days[1], 'datetime', 3 * DAY, DAY)).toBe('2021-01-02');
  });
});
