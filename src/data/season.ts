// The season length m of a series, as R's `ts` frequency states it: from the calendar when the time column
// holds dates on a recognised step (12 for monthly data, 7 for daily, 24 for hourly …), otherwise from the
// autocorrelation of the training part's changes. The window suggestion, the seasonal-naive row, ETS,
// ARIMA and the MASE scale all take m from `seasonFor`, so they agree on it.

import { detectSeasonLength } from '../engine/metrics';
import { monthsPerStep } from './timeGrid';
import type { PreparedDataset } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Fixed-length steps are recognised within this share of their length (a day: ±29 minutes). */
const STEP_TOLERANCE = 0.02;

/** A step the calendar gives a season to: its name (plural, as in "steps by months") and m. */
interface CalendarStep {
  unit: string;
  m: number;
  /** The cycle m steps make, as in "12 a year". */
  cycle: string;
}

/** Steps of fixed length, in ms, and their season (months, quarters and years are calendar steps). */
const FIXED_STEPS: readonly (CalendarStep & { ms: number })[] = [
  { ms: 7 * DAY, unit: 'weeks', m: 52, cycle: 'a year' },
  { ms: DAY, unit: 'days', m: 7, cycle: 'a week' },
  { ms: HOUR, unit: 'hours', m: 24, cycle: 'a day' },
  { ms: 30 * MINUTE, unit: 'half-hours', m: 48, cycle: 'a day' },
  { ms: 15 * MINUTE, unit: '15 minutes', m: 96, cycle: 'a day' },
  { ms: MINUTE, unit: 'minutes', m: 60, cycle: 'an hour' },
];

const MONTH_STEPS: Record<number, CalendarStep> = {
  1: { unit: 'months', m: 12, cycle: 'a year' },
  3: { unit: 'quarters', m: 4, cycle: 'a year' },
  12: { unit: 'years', m: 1, cycle: '' },
};

export interface CalendarSeason {
  /** Season length in steps (1: no season, as for yearly data). */
  m: number;
  /** The step, plural: 'months', 'days', '15 minutes' … */
  unit: string;
  /** Why, as a clause: "the time column steps by months (12 a year)". */
  reason: string;
}

/**
 * m as R's ts frequency for a time column whose typical step is `medianStepMs`, or null when the column holds
 * no dates or its step is none the calendar gives a season to. Months may be 28–31 days, quarters 89–92 and
 * years 365–366 (the same tolerance as the time grid's calendar steps).
 */
export function calendarSeason(
  timeKind: PreparedDataset['timeKind'],
  medianStepMs: number,
): CalendarSeason | null {
  if (timeKind !== 'datetime' || !(medianStepMs > 0)) return null;
  const step =
    MONTH_STEPS[monthsPerStep(medianStepMs)] ??
    FIXED_STEPS.find((s) => Math.abs(medianStepMs - s.ms) <= STEP_TOLERANCE * s.ms);
  if (!step) return null;
  const reason =
    step.m > 1
      ? `the time column steps by ${step.unit} (${step.m} ${step.cycle})`
      : `the time column steps by ${step.unit}, which have no season`;
  return { m: step.m, unit: step.unit, reason };
}

/** Season length of a series from the autocorrelation of its first differences (1 when none is found). */
export function detectSeason(values: ArrayLike<number>): number {
  const diffs: number[] = [];
  for (let t = 1; t < values.length; t++) {
    const d = values[t] - values[t - 1];
    if (Number.isFinite(d)) diffs.push(d);
  }
  return detectSeasonLength(diffs, Math.min(500, Math.floor(diffs.length / 3)));
}

export interface SeasonChoice {
  /** Season length in steps; 1 = none. */
  m: number;
  /** Where m came from; 'none' when no season was found or the one found is too long for the training rows. */
  source: 'calendar' | 'autocorrelation' | 'none';
  /** Why, as a clause for hints: "the time column steps by months (12 a year)". */
  why: string;
  /** One sentence for the UI: "Season 12: the time column steps by months (12 a year)." */
  reason: string;
}

/** What the season is read from: a prepared dataset, or the parts of one a test builds by hand. */
export type SeasonData = Pick<PreparedDataset, 'columns' | 'targetIndex' | 'timeKind' | 'splits'> & {
  /** (N, C) values in original units. */
  values: ArrayLike<number>;
  report: Pick<PreparedDataset['report'], 'intervals'>;
};

function choice(m: number, source: SeasonChoice['source'], why: string): SeasonChoice {
  return { m, source, why, reason: `${m > 1 ? `Season ${m}` : 'No season'}: ${why}.` };
}

/** Why the calendar gives no season to this time column. */
function noCalendar(data: SeasonData): string {
  if (data.timeKind === 'index') return 'no time column';
  if (data.timeKind === 'number') return 'the time column holds numbers, not dates';
  const stepMs = data.report.intervals?.medianMs ?? 0;
  return stepMs > 0
    ? `the time column's step (${describeStep(stepMs)}) has no calendar season`
    : 'the time column has no step between rows';
}

const STEP_UNITS: readonly [number, string][] = [
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
  [1000, 'second'],
];

/** A step in its largest whole unit, to one decimal: "3 days", "2.5 hours". */
function describeStep(ms: number): string {
  const [size, unit] = STEP_UNITS.find(([unitMs]) => ms >= unitMs) ?? STEP_UNITS[STEP_UNITS.length - 1];
  const count = Math.round((ms / size) * 10) / 10;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** The first target's values over the training rows, in original units. */
function firstTargetTrain(data: SeasonData): Float64Array {
  const C = data.columns.length;
  const target = data.targetIndex[0];
  const { start, end } = data.splits.train;
  return Float64Array.from({ length: end - start }, (_, i) => data.values[(start + i) * C + target]);
}

/**
 * The season length of `data`: the calendar's m when the time column holds dates on a recognised step, else
 * the autocorrelation of the first target's training rows; 1 when a season would not repeat twice in the
 * training rows (no seasonal model or scale could be fitted on fewer).
 */
export function seasonFor(data: SeasonData): SeasonChoice {
  const trainRows = data.splits.train.end - data.splits.train.start;
  const calendar = calendarSeason(data.timeKind, data.report.intervals?.medianMs ?? 0);
  if (calendar) {
    if (calendar.m > 1 && calendar.m > trainRows / 2)
      return choice(
        1,
        'none',
        `${calendar.reason}, but a season of ${calendar.m} needs at least ${2 * calendar.m} training rows and there are ${trainRows}`,
      );
    return choice(calendar.m, 'calendar', calendar.reason);
  }
  const m = detectSeason(firstTargetTrain(data));
  return m > 1
    ? choice(
        m,
        'autocorrelation',
        `${noCalendar(data)}, and the training part's changes repeat every ${m} rows`,
      )
    : choice(1, 'none', `${noCalendar(data)}, and the training part's changes show no season`);
}
