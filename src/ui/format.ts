// Display formatting only (no maths on data): numbers, durations, times.

export function formatNumber(x: number | undefined, digits = 4): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(digits - 2);
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function formatInteger(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-US');
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  if (m < 60) return `${m} min ${String(rest).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A time axis value: a date for datetime columns, else the number itself (row index or numeric time). */
export function formatTime(t: number, kind: string): string {
  if (kind !== 'datetime') return formatNumber(t, 6);
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

/** A saved run's date and time, e.g. "3 Mar 2025, 14:05". */
export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A short axis tick: dates without the time of day unless the data is finer than a day (`stepMs`, the series'
 * time step, when known), without the day for monthly or coarser data.
 */
export function formatTick(t: number, kind: string, spanMs = Number.POSITIVE_INFINITY, stepMs = 0): string {
  if (kind !== 'datetime') return formatNumber(t, 6);
  const iso = new Date(t).toISOString();
  if (spanMs > 2 * 365 * 86_400_000 || stepMs >= 27 * 86_400_000) return iso.slice(0, 7);
  if (stepMs >= 86_400_000) return iso.slice(0, 10);
  if (spanMs > 3 * 86_400_000) return iso.slice(0, 10);
  return iso.slice(5, 16).replace('T', ' ');
}

/** A relative change as a signed percentage: −0.234 → "−23 %", 0.05 → "+5 %". */
export function formatRelative(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const percent = Math.round(x * 100);
  return `${percent < 0 ? '−' : percent > 0 ? '+' : '±'}${Math.abs(percent)} %`;
}
