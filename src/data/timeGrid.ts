// Regular time steps: the grid a series' timestamps should lie on, so that missing steps can be put back
// (and the steps past the data found). Monthly, quarterly and yearly data step by calendar months, so that
// 31 January is followed by 28 February and 1 December by 1 January; other data by a fixed step.

const DAY_MS = 86_400_000;

/** Calendar months per step for monthly, quarterly and yearly data; 0 for fixed-length steps. */
export function monthsPerStep(stepMs: number): number {
  const days = stepMs / DAY_MS;
  if (days >= 27 && days <= 32) return 1;
  if (days >= 88 && days <= 93) return 3;
  if (days >= 364 && days <= 367) return 12;
  return 0;
}

/** The time `k` steps after `from` (k may be negative). */
export function stepFrom(from: number, stepMs: number, k: number): number {
  const months = monthsPerStep(stepMs);
  if (months === 0) return from + k * stepMs;
  const d = new Date(from);
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + k * months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/**
 * The regular grid from the first to the last of `time` (sorted, distinct), or null when some timestamp is
 * off the grid (an irregular series, which is left as it is).
 */
export function regularGrid(time: Float64Array, stepMs: number): Float64Array | null {
  if (time.length < 2 || !(stepMs > 0)) return null;
  const grid: number[] = [time[0]];
  let i = 1;
  const tolerance = stepMs / 10;
  while (i < time.length) {
    const next = stepFrom(time[0], stepMs, grid.length);
    if (Math.abs(time[i] - next) <= tolerance) {
      grid.push(time[i]);
      i++;
    } else if (next < time[i]) {
      grid.push(next);
      if (grid.length > 10 * time.length) return null;
    } else {
      return null;
    }
  }
  return Float64Array.from(grid);
}
