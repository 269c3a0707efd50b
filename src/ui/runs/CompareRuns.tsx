import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { compareRows } from '../../persist/runCharts';
import { compareRuns } from '../../persist/runComparison';
import type { PredictionTable, RunSummary } from '../../persist/runRecord';
import { describeDifferences } from '../../persist/trainingConfig';
import { axisTicks, timeStepOf } from '../charts/axisTicks';
import { LossLineChart } from '../charts/LossLineChart';
import { COLORS } from '../colors';
import { CheckboxField } from '../controls/Field';
import { TableScroll } from '../controls/TableScroll';
import { formatNumber, formatTick, formatTime } from '../format';
import { useSavedRuns } from './useSavedRuns';

/** One line style per compared run, oldest run first. */
export const RUN_STYLES = [
  { name: 'solid', dash: undefined },
  { name: 'dashed', dash: '6 4' },
  { name: 'dotted', dash: '2 3' },
  { name: 'dash-dot', dash: '9 3 2 3' },
  { name: 'long dashes', dash: '14 5' },
  { name: 'sparse dots', dash: '1 6' },
] as const;

/** The loss curves and forecasts of the runs ticked in the list, labelled by the settings that differ. */
export function CompareRuns() {
  const compareIds = useSavedRuns((s) => s.compareIds);
  const all = useSavedRuns((s) => s.savedRuns);
  const [which, setWhich] = useState<'val' | 'train'>('val');
  const [log, setLog] = useState(true);
  const ticked = compareIds.map((id) => all.find((r) => r.id === id)).filter((r) => r !== undefined);
  if (ticked.length === 0) return null;
  if (ticked.length === 1) {
    return <p className="muted">Tick more runs to compare their loss curves with “{ticked[0].name}”.</p>;
  }
  const { runs, differences, label } = compareRuns(ticked);
  const { rows, series } = compareRows(runs, which, label);
  const metric = (run: (typeof runs)[number], cell: 'lstm' | 'gru') => {
    const m = run.models.find((x) => x.cell === cell)?.metrics as
      | { mase?: number; rmse?: number }
      | undefined;
    return m ? `${formatNumber(m.mase)} / ${formatNumber(m.rmse)}` : '–';
  };
  return (
    <figure className="chart-figure" aria-label="Loss curves of the compared saved runs">
      <div className="chart-toolbar">
        <figcaption>
          Compare {runs.length} runs ({runs.map((r, i) => `${r.name}: ${RUN_STYLES[i].name}`).join('; ')}) —
          what changed: <span data-testid="what-changed">{describeDifferences(differences)}</span>
        </figcaption>
        <label>
          Loss{' '}
          <select value={which} onChange={(e) => setWhich(e.target.value as 'val' | 'train')}>
            <option value="val">validation</option>
            <option value="train">training</option>
          </select>
        </label>
        <CheckboxField label="Log scale" checked={log} onChange={setLog} />
      </div>
      <div
        className="chart"
        data-testid="compare-chart"
        data-series={series.length}
        data-points={rows.length}
      >
        <LossLineChart
          rows={rows}
          lines={series.map((s) => ({
            key: s.key,
            name: s.label,
            color: COLORS[s.cell],
            dashed: s.run > 0,
            dash: RUN_STYLES[s.run]?.dash,
          }))}
          log={log}
        />
      </div>
      <TableScroll label="What changed between the compared runs">
        <table className="metrics-table compare-table" aria-label="What changed between the compared runs">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              {runs.map((r, i) => (
                <th key={r.id} scope="col">
                  {r.name} ({RUN_STYLES[i].name})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {differences.map((d) => (
              <tr key={d.key}>
                <th scope="row">{d.label}</th>
                {d.values.map((v, i) => (
                  <td key={runs[i].id}>{v}</td>
                ))}
              </tr>
            ))}
            {(['lstm', 'gru'] as const).map((cell) => (
              <tr key={cell}>
                <th scope="row">{cell === 'lstm' ? 'LSTM' : 'GRU'} MASE / RMSE</th>
                {runs.map((r) => (
                  <td key={r.id}>{metric(r, cell)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <CompareForecasts runs={runs} label={label} />
    </figure>
  );
}

/** Each compared run's forecast past its data (first target), one line per run and network. */
function CompareForecasts({
  runs,
  label,
}: {
  runs: RunSummary[];
  label: (run: number, cell: 'lstm' | 'gru') => string;
}) {
  const fetchSavedRun = useSavedRuns((s) => s.fetchSavedRun);
  const [tables, setTables] = useState<Record<string, PredictionTable | null>>({});
  const ids = runs.map((r) => r.id).join(',');
  useEffect(() => {
    let live = true;
    for (const id of ids.split(',')) {
      void fetchSavedRun(id).then((run) => {
        if (live && run.ok) setTables((t) => ({ ...t, [id]: run.value.payload.predictions }));
      });
    }
    return () => {
      live = false;
    };
  }, [ids, fetchSavedRun]);
  const lines = runs.flatMap((run, r) => {
    const table = tables[run.id];
    if (!table) return [];
    const K = table.targets.length;
    return (['lstm', 'gru'] as const).flatMap((cell) => {
      const predicted = table.predicted[cell];
      if (!predicted) return [];
      // the forecast rows are those without an actual value
      const points = Array.from(table.time, (time, i) => ({ time, value: predicted[i * K] })).filter((_, i) =>
        Number.isNaN(table.actual[i * K]),
      );
      return [{ key: `r${r}_${cell}`, run: r, cell, label: label(r, cell), points }];
    });
  });
  if (lines.length === 0) return null;
  const byTime = new Map<number, Record<string, number>>();
  for (const line of lines) {
    for (const p of line.points) {
      const row = byTime.get(p.time) ?? { time: p.time };
      row[line.key] = p.value;
      byTime.set(p.time, row);
    }
  }
  const data = [...byTime.values()].sort((a, b) => a.time - b.time);
  const timeKind = tables[runs[0].id]?.timeKind ?? 'index';
  const times = data.map((row) => row.time);
  const step = timeStepOf(times);
  const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  const ticks = times.length > 0 ? axisTicks(timeKind, times[0], times[times.length - 1], 6, step) : [];
  return (
    <div className="chart" data-testid="compare-forecast-chart" data-series={lines.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis
            dataKey="time"
            type="number"
            domain={['dataMin', 'dataMax']}
            ticks={ticks}
            interval={0}
            tickFormatter={(t: number) => formatTick(t, timeKind, span, step)}
          />
          <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatNumber(v, 3)} width={56} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), timeKind)}
            formatter={(v) => formatNumber(Number(v))}
          />
          <Legend />
          {lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={`${l.label} forecast`}
              stroke={COLORS[l.cell]}
              strokeDasharray={RUN_STYLES[l.run]?.dash}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
