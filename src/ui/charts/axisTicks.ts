// Tick positions computed here rather than by the chart library, which measures every candidate label in
// the DOM to thin them out (a forced layout per label: most of a chart's first render on a slow machine).
// With these ticks the axes draw every tick they are given (interval 0) and measure nothing.
// Time ticks follow the series' time step: a monthly series is ticked at month starts, never at times of day.

import { monthsPerStep } from '../../data/timeGrid';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Calendar-ish steps for time axes, ms; months and years are handled by calendar arithmetic. */
const TIME_STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200];

/** A 1, 2 or 5 × 10^k step giving at most `count` ticks over [min, max]. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** Round numbers between min and max, at most about `count` of them. */
export function numberTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max))
    return Number.isFinite(min) ? [min] : [];
  const step = niceStep(max - min, count);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** The series' time step: the median gap between consecutive times (0 for fewer than two). */
export function timeStepOf(times: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0;
}

/**
 * Times (ms since the epoch) at hour, day, week, month or year boundaries (UTC), at most about `count`, never
 * closer than the series' time step `stepMs` (0: unknown): a monthly series is ticked in whole months, a
 * quarterly one in whole quarters.
 */
export function timeTicks(min: number, max: number, count = 6, stepMs = 0): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max))
    return Number.isFinite(min) ? [min] : [];
  const span = max - min;
  const stepMonths = monthsPerStep(stepMs);
  const step = stepMonths > 0 ? undefined : TIME_STEPS.find((s) => s >= stepMs * 0.99 && span / s <= count);
  if (step !== undefined) {
    const out: number[] = [];
    for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
    return out;
  }
  const monthSteps = MONTH_STEPS.filter((m) => m % Math.max(1, stepMonths) === 0);
  const months =
    monthSteps.find((m) => span / (m * 30.44 * DAY) <= count) ?? monthSteps[monthSteps.length - 1];
  const start = new Date(min);
  let index = start.getUTCFullYear() * 12 + start.getUTCMonth();
  index = Math.ceil(index / months) * months;
  const out: number[] = [];
  for (;;) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (t > max) return out;
    if (t >= min) out.push(t);
    index += months;
  }
}

/**
 * Ticks for an x axis of `kind` ('datetime' or a number axis; `stepMs` the series' time step), leaving out any so close to the right end
 * that its centred label would be cut off by the chart's edge.
 */
export function axisTicks(kind: string, min: number, max: number, count = 6, stepMs = 0): number[] {
  const ticks = kind === 'datetime' ? timeTicks(min, max, count, stepMs) : numberTicks(min, max, count);
  const room = 0.04 * (max - min);
  return ticks.filter((t) => t <= max - room || ticks.length === 1);
}
