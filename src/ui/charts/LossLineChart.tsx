import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { COLORS } from '../colors';
import { formatNumber } from '../format';

/** One loss curve: the row key it plots, its legend name, colour, and solid (train) or dashed (validation). */
export interface LossLine {
  key: string;
  name: string;
  color: string;
  dashed: boolean;
}

/** The four curves of a run: each model's train (solid) and validation (dashed) loss. */
export const LOSS_LINES = [
  { key: 'lstmTrain', name: 'LSTM train', color: COLORS.lstm, dashed: false },
  { key: 'lstmVal', name: 'LSTM val', color: COLORS.lstm, dashed: true },
  { key: 'gruTrain', name: 'GRU train', color: COLORS.gru, dashed: false },
  { key: 'gruVal', name: 'GRU val', color: COLORS.gru, dashed: true },
] as const satisfies readonly LossLine[];

interface Props {
  /** Rows with an `epoch` (may be fractional for points inside an epoch) and one number per line key. */
  rows: readonly object[];
  lines: readonly LossLine[];
  log: boolean;
  /** Label the x axis "epoch" (the live chart; the saved-run charts leave it to the caption). */
  axisLabel?: boolean;
}

/**
 * Loss against epoch on a log or linear axis: the chart body the live loss chart, a saved run and the comparison
 * of two runs share (each adds its own caption, toolbar and container).
 */
export function LossLineChart({ rows, lines, log, axisLabel = false }: Props) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows as object[]} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="#e2e8f0" />
        <XAxis
          dataKey="epoch"
          type="number"
          domain={[0, 'dataMax']}
          allowDecimals={false}
          label={axisLabel ? { value: 'epoch', position: 'insideBottomRight', offset: -2 } : undefined}
        />
        <YAxis
          scale={log ? 'log' : 'linear'}
          domain={log ? ['auto', 'auto'] : [0, 'auto']}
          allowDataOverflow
          tickFormatter={(v: number) => formatNumber(v, 2)}
          width={64}
        />
        <Tooltip
          formatter={(v) => formatNumber(Number(v))}
          labelFormatter={(e) => `epoch ${formatNumber(Number(e), 3)}`}
        />
        <Legend />
        {lines.map((l) => (
          <Line
            key={l.key}
            dataKey={l.key}
            name={l.name}
            stroke={l.color}
            strokeDasharray={l.dashed ? '6 4' : undefined}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
