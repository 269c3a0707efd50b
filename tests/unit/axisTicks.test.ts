// Axis ticks computed for the charts: round values, inside the range, few enough to read.
import { describe, expect, test } from 'vitest';
import { numberTicks, timeTicks } from '../../src/ui/charts/axisTicks';

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
});
