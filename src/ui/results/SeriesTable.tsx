// The numbers behind a series chart, as a table in a closed disclosure: what a screen reader reads instead of
// the drawing, and what anyone copies the forecast from. Same rows, lines and bands as the chart beside it.
// The table is built only while the disclosure is open: a test part can have thousands of rows.
import { useState } from 'react';
import type { SeriesRow } from '../../store/chartRows';
import { TableScroll } from '../controls/TableScroll';
import { formatNumber, formatTime } from '../format';
import type { SeriesBand, SeriesLine } from './SeriesChart';

interface SeriesTableProps {
  /** Names the disclosure ("Forecast as a table") and the table ("Forecast"). */
  label: string;
  rows: SeriesRow[];
  lines: SeriesLine[];
  bands: SeriesBand[];
  timeKind: string;
}

function bandText(band: [number, number] | undefined): string {
  return band ? `${formatNumber(band[0])} – ${formatNumber(band[1])}` : '–';
}

export function SeriesTable({ label, rows, lines, bands, timeKind }: SeriesTableProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="data-details" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{label} as a table</summary>
      {open && (
        <TableScroll label={label}>
          <table className="data-table" aria-label={label}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {lines.map((l) => (
                  <th key={l.key} scope="col">
                    {l.name}
                  </th>
                ))}
                {bands.map((b) => (
                  <th key={b.key} scope="col">
                    {b.name} band
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.time}>
                  <th scope="row">{formatTime(r.time, timeKind)}</th>
                  {lines.map((l) => (
                    <td key={l.key}>{formatNumber(r[l.key])}</td>
                  ))}
                  {bands.map((b) => (
                    <td key={b.key}>{bandText(r[b.key])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </details>
  );
}
