import { usePlayground } from '../../store';
import { COLORS } from '../colors';
import { formatNumber, formatTime } from '../format';
import { SeriesChart, type SeriesLine } from './SeriesChart';

/** The end of the data and each model's forecast of the next `horizon` steps past it. */
export function ForecastChart() {
  const rows = usePlayground((s) => s.forecastRows);
  const context = usePlayground((s) => s.context);
  const lstm = usePlayground((s) => s.results.lstm?.forecast);
  const gru = usePlayground((s) => s.results.gru?.forecast);
  const message = usePlayground(
    (s) => s.results.lstm?.forecastMessage ?? s.results.gru?.forecastMessage ?? null,
  );
  if (!context || (!lstm && !gru)) return null;
  const lines: SeriesLine[] = [{ key: 'actual', name: 'actual', color: COLORS.actual, width: 2 }];
  if (lstm)
    lines.push({
      key: 'lstm',
      name: 'LSTM forecast',
      color: COLORS.lstm,
      dashed: true,
      width: 2.5,
      dots: true,
    });
  if (gru)
    lines.push({ key: 'gru', name: 'GRU forecast', color: COLORS.gru, dashed: true, width: 2.5, dots: true });
  const K = context.targets.length;
  const steps = Math.max(lstm?.length ?? 0, gru?.length ?? 0) / K;
  const next = context.forecastTime[0];
  const sentence = (name: string, f: Float64Array | undefined) =>
    f ? `${name} forecasts ${formatNumber(f[0])} for ${formatTime(next, context.timeKind)}` : null;
  const lastIndex = context.historyTime.length - 1;
  const lastValue =
    lastIndex >= 0
      ? `The last value is ${formatNumber(context.historyValues[lastIndex * K])} at ${formatTime(context.historyTime[lastIndex], context.timeKind)}; `
      : '';
  const summary = lastValue + [sentence('LSTM', lstm), sentence('GRU', gru)].filter(Boolean).join('; ');
  return (
    <figure className="chart-figure">
      <div className="chart-toolbar">
        <figcaption>
          Forecast past the end of the data: next {steps} step{steps === 1 ? '' : 's'} of {context.targets[0]}
          {K > 1 ? ` (first of ${K} targets)` : ''}
        </figcaption>
      </div>
      <SeriesChart rows={rows} lines={lines} timeKind={context.timeKind} testId="forecast-chart" />
      <p className="chart-summary">
        {summary}.{message && ` ${message}`}
      </p>
    </figure>
  );
}
