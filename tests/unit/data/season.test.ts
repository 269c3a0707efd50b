import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { calendarSeason, detectSeason, seasonFor } from '../../../src/data/season';
import { suggestWindow } from '../../../src/data/suggest';
import { prepareSummary } from '../../../src/data/summary';
import {
  type ColumnRole,
  DEFAULT_PREPARE_OPTIONS,
  type ParsedTable,
  type PreparedDataset,
} from '../../../src/data/types';
import { gaussian, mulberry32 } from '../../../src/engine/random';
import { chooseSeason } from '../../../src/worker/evaluation';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const DATED: ColumnRole = { timeColumn: 'date', targets: ['value'], features: ['value'] };
const UNDATED: ColumnRole = { timeColumn: null, targets: ['value'], features: ['value'] };

async function table(csv: string): Promise<ParsedTable> {
  const parsed = await parseCsvText(csv);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.table;
}

async function prepared(csv: string, roles: ColumnRole = DATED): Promise<PreparedDataset> {
  const outcome = prepareDataset(await table(csv), roles, DEFAULT_PREPARE_OPTIONS);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.dataset;
}

/** White noise: its changes have no season, so any m > 1 found for it comes from the calendar. */
function noise(n: number, seed = 7): number[] {
  const e = gaussian(mulberry32(seed));
  return Array.from({ length: n }, () => 10 + e());
}

/** `date,value` rows at the times `at(i)` (ms), written as ISO dates or date-times. */
function datedCsv(values: number[], at: (i: number) => number, withTime = false): string {
  const rows = values.map((v, i) => {
    const iso = new Date(at(i)).toISOString();
    return `${withTime ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 10)},${v.toFixed(4)}`;
  });
  return `date,value\n${rows.join('\n')}\n`;
}

const months = (from: number, every: number) => (i: number) => Date.UTC(from, i * every, 1);
const fixed = (stepMs: number) => (i: number) => Date.UTC(2020, 0, 6) + i * stepMs;

describe('calendarSeason: m as R ts frequency from the typical step', () => {
  test.each([
    [28 * DAY, 12, 'months'],
    [31 * DAY, 12, 'months'],
    [89 * DAY, 4, 'quarters'],
    [92 * DAY, 4, 'quarters'],
    [365 * DAY, 1, 'years'],
    [366 * DAY, 1, 'years'],
    [7 * DAY, 52, 'weeks'],
    [DAY, 7, 'days'],
    [HOUR, 24, 'hours'],
    [30 * MINUTE, 48, 'half-hours'],
    [15 * MINUTE, 96, '15 minutes'],
    [MINUTE, 60, 'minutes'],
  ])('a step of %d ms gives m %d (%s)', (step, m, unit) => {
    expect(calendarSeason('datetime', step)).toMatchObject({ m, unit });
  });

  test('other steps, numeric time and no time column have no calendar season', () => {
    for (const step of [3 * DAY, 2 * HOUR, 10 * MINUTE, 45 * DAY, 180 * DAY, 0]) {
      expect(calendarSeason('datetime', step)).toBeNull();
    }
    expect(calendarSeason('number', DAY)).toBeNull();
    expect(calendarSeason('index', 1)).toBeNull();
  });
});

describe('seasonFor: the calendar when the dates allow, else the autocorrelation', () => {
  test.each([
    ['monthly', datedCsv(noise(120), months(2000, 1)), 12, 'steps by months'],
    ['quarterly', datedCsv(noise(80), months(1990, 3)), 4, 'steps by quarters'],
    ['weekly', datedCsv(noise(400), fixed(7 * DAY)), 52, 'steps by weeks'],
    ['daily', datedCsv(noise(300), fixed(DAY)), 7, 'steps by days'],
    ['hourly', datedCsv(noise(500), fixed(HOUR), true), 24, 'steps by hours'],
  ])('a %s file gets its calendar season even when its values have none', async (_, csv, m, why) => {
    const data = await prepared(csv);
    expect(detectSeason(trainValues(data))).toBe(1);
    const season = seasonFor(data);
    expect(season).toMatchObject({ m, source: 'calendar' });
    expect(season.reason).toBe(`Season ${m}: ${season.why}.`);
    expect(season.why).toContain(why);
  });

  test('a yearly file has no season (1), from the calendar', async () => {
    const season = seasonFor(await prepared(datedCsv(noise(60), months(1950, 12))));
    expect(season).toMatchObject({ m: 1, source: 'calendar' });
    expect(season.reason).toMatch(/^No season: the time column steps by years/);
  });

  test('the calendar wins over a different period in the values (R would use the ts frequency too)', async () => {
    const sine = Array.from({ length: 200 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12));
    expect(seasonFor(await prepared(datedCsv(sine, fixed(DAY))))).toMatchObject({ m: 7, source: 'calendar' });
  });

  test('without a time column a clean sine of period 12 gets 12 from the autocorrelation', async () => {
    const sine = Array.from({ length: 200 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12));
    const season = seasonFor(await prepared(undatedCsv(sine), UNDATED));
    expect(season).toMatchObject({ m: 12, source: 'autocorrelation' });
    expect(season.why).toMatch(/^no time column/);
  });

  test('a numeric time column, or a step the calendar has no season for, falls back to the autocorrelation', async () => {
    const sine = Array.from({ length: 200 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 10));
    const numeric = `t,value\n${sine.map((v, i) => `${i + 1},${v}`).join('\n')}\n`;
    const roles = { timeColumn: 't', targets: ['value'], features: ['value'] };
    const fromNumbers = seasonFor(await prepared(numeric, roles));
    expect(fromNumbers).toMatchObject({ m: 10, source: 'autocorrelation' });
    expect(fromNumbers.why).toContain('numbers, not dates');
    const everyThreeDays = seasonFor(await prepared(datedCsv(sine, fixed(3 * DAY))));
    expect(everyThreeDays).toMatchObject({ m: 10, source: 'autocorrelation' });
    expect(everyThreeDays.why).toContain('(3 days) has no calendar season');
    const flat = seasonFor(await prepared(undatedCsv(noise(200)), UNDATED));
    expect(flat).toMatchObject({ m: 1, source: 'none' });
  });

  test('a calendar season that does not fit twice in the training rows becomes 1, saying why', async () => {
    // 40 hourly rows: the default split leaves fewer than 48 for training
    const data = await prepared(datedCsv(noise(40), fixed(HOUR), true));
    const trainRows = data.splits.train.end - data.splits.train.start;
    expect(trainRows).toBeLessThan(48);
    const season = seasonFor(data);
    expect(season).toMatchObject({ m: 1, source: 'none' });
    expect(season.reason).toBe(
      `No season: the time column steps by hours (24 a day), but a season of 24 needs at least 48 training rows and there are ${trainRows}.`,
    );
  });

  test("R's ldeaths (monthly) gets 12, where its changes' autocorrelation says 13", async () => {
    const data = await prepared(readFileSync('eval/data/r-ldeaths.csv', 'utf8'));
    expect(detectSeason(trainValues(data))).toBe(13);
    expect(seasonFor(data)).toMatchObject({ m: 12, source: 'calendar' });
  });
});

describe('one season everywhere: window suggestion, comparison and page', () => {
  test('the window suggestion is built on the calendar season and says where it came from', async () => {
    const ldeaths = await table(readFileSync('eval/data/r-ldeaths.csv', 'utf8'));
    const suggestion = suggestWindow(ldeaths, DATED, DEFAULT_PREPARE_OPTIONS);
    // 50 training rows leave room for a window of 12: one season
    expect(suggestion).toMatchObject({ inputLength: 12, season: 12 });
    expect(suggestion?.seasonChoice.source).toBe('calendar');
    expect(suggestion?.reason).toBe(
      'Window 12: one season or more of 12 steps; the time column steps by months (12 a year).',
    );
    const monthlyNoise = await table(datedCsv(noise(240), months(2000, 1)));
    expect(suggestWindow(monthlyNoise, DATED, DEFAULT_PREPARE_OPTIONS)).toMatchObject({
      inputLength: 24,
      season: 12,
    });
  });

  test('the comparison takes the automatic season at 0 and the user’s otherwise', async () => {
    const data = await prepared(readFileSync('eval/data/r-ldeaths.csv', 'utf8'));
    expect(chooseSeason(data, 0)).toBe(12);
    expect(chooseSeason(data, 13)).toBe(13);
    expect(chooseSeason(data, 1)).toBe(1);
  });

  test('the summary the page shows carries the automatic season and its reason', async () => {
    const weekly = await table(datedCsv(noise(400), fixed(7 * DAY)));
    const answer = prepareSummary(weekly, DATED, DEFAULT_PREPARE_OPTIONS, false);
    if (!answer.outcome.ok) throw new Error(answer.outcome.error.message);
    expect(answer.outcome.summary.season).toMatchObject({
      m: 52,
      source: 'calendar',
      reason: 'Season 52: the time column steps by weeks (52 a year).',
    });
  });
});

function undatedCsv(values: number[]): string {
  return `value\n${values.map((v) => v.toFixed(6)).join('\n')}\n`;
}

function trainValues(data: PreparedDataset): Float64Array {
  const C = data.columns.length;
  const { start, end } = data.splits.train;
  return Float64Array.from(
    { length: end - start },
    (_, i) => data.values[(start + i) * C + data.targetIndex[0]],
  );
}
