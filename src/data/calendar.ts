// Calendar features: where in the day, week or year each row falls, as sin/cos pairs so that the end of a
// cycle sits next to its start. They are inputs whose future values are known, so a forecast past the data
// can keep computing them. Only the cycles the data's time step makes meaningful are offered: an hourly
// series gets hour of day and day of week, a daily one day of week and day of year, a weekly one day of
// year, a monthly or quarterly one month of year; yearly data and series without dates get none.
// Times are milliseconds since the Unix epoch, read as UTC like every timestamp the parser makes.

export type CalendarCycle = 'hour' | 'weekday' | 'yearday' | 'month';

export interface CalendarColumn {
  /** Column name in the prepared dataset, e.g. "month of year (sin)". */
  name: string;
  cycle: CalendarCycle;
  part: 'sin' | 'cos';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CYCLE_NAME: Record<CalendarCycle, string> = {
  hour: 'hour of day',
  weekday: 'day of week',
  yearday: 'day of year',
  month: 'month of year',
};

/** The cycles worth encoding for a series whose median time step is `stepMs`. */
export function calendarCycles(stepMs: number): CalendarCycle[] {
  if (!(stepMs > 0)) return [];
  if (stepMs < 20 * HOUR) return ['hour', 'weekday'];
  if (stepMs < 2 * DAY) return ['weekday', 'yearday'];
  if (stepMs < 10 * DAY) return ['yearday'];
  if (stepMs < 100 * DAY) return ['month'];
  return [];
}

export function calendarColumns(cycles: CalendarCycle[]): CalendarColumn[] {
  return cycles.flatMap((cycle) =>
    (['sin', 'cos'] as const).map((part) => ({ name: `${CYCLE_NAME[cycle]} (${part})`, cycle, part })),
  );
}

/** Position in the cycle, in [0, 1). */
function phase(cycle: CalendarCycle, ms: number): number {
  const d = new Date(ms);
  switch (cycle) {
    case 'hour':
      return (d.getUTCHours() + d.getUTCMinutes() / 60) / 24;
    case 'weekday':
      return d.getUTCDay() / 7;
    case 'yearday': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return (ms - start) / DAY / 365.25;
    }
    case 'month':
      return d.getUTCMonth() / 12;
  }
}

export function calendarValue(column: CalendarColumn, ms: number): number {
  const angle = 2 * Math.PI * phase(column.cycle, ms);
  return column.part === 'sin' ? Math.sin(angle) : Math.cos(angle);
}

/** Every calendar column at time `ms`, in order. */
export function calendarValues(columns: CalendarColumn[], ms: number): number[] {
  return columns.map((c) => calendarValue(c, ms));
}

/** A short phrase for the UI: which cycles the data's step allows, or why none. */
export function describeCalendar(cycles: CalendarCycle[]): string {
  return cycles.length > 0
    ? cycles.map((c) => CYCLE_NAME[c]).join(' and ')
    : 'none for this time step (needs dates, hourly to quarterly)';
}

/** The calendar columns among `names` (e.g. a saved scaler's columns), recognised by their names. */
export function calendarColumnsIn(names: readonly string[]): CalendarColumn[] {
  const all = calendarColumns(['hour', 'weekday', 'yearday', 'month']);
  return all.filter((c) => names.includes(c.name));
}
