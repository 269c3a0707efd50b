// Predictions and the forecast as CSV: timestamp, actual, lstm, gru, then the baselines (naive and
// seasonal_naive on the test part only; ets, arima, theta also past the data, refitted on every row; their
// combination, the median of gru, ets, arima and theta) and the band bounds (lstm_lo80, lstm_hi80, …, ets_lo80,
// ets_hi80, …: the classical and combination bounds past the data only), one column group per target when there
// are several. Forecast rows beyond the data have an empty `actual`.

import { CELLS } from '../config';
import type { PredictionTable } from './runRecord';

function quote(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

export function predictionsToCsv(table: PredictionTable): string {
  const K = table.targets.length;
  const cells = CELLS.filter((c) => table.predicted[c]);
  const suffix = (t: string) => (K === 1 ? '' : `_${t}`);
  const header = ['timestamp'];
  for (const t of table.targets) header.push(`actual${suffix(t)}`);
  for (const c of cells) for (const t of table.targets) header.push(`${c}${suffix(t)}`);
  const extra = [...Object.entries(table.baselines ?? {}), ...Object.entries(table.bands ?? {})];
  for (const [name] of extra) for (const t of table.targets) header.push(`${name}${suffix(t)}`);
  const lines = [header.map(quote).join(',')];
  for (let r = 0; r < table.time.length; r++) {
    const time = table.time[r];
    const row = [table.timeKind === 'datetime' ? new Date(time).toISOString() : String(time)];
    for (let k = 0; k < K; k++) row.push(num(table.actual[r * K + k]));
    for (const c of cells) {
      const values = table.predicted[c]!;
      for (let k = 0; k < K; k++) row.push(num(values[r * K + k]));
    }
    for (const [, values] of extra) for (let k = 0; k < K; k++) row.push(num(values[r * K + k]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
