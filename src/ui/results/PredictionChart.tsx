import { useId, useState } from 'react';
import { usePlayground } from '../../store';
import { COLORS } from '../colors';
import { CheckboxField } from '../controls/Field';
import { networkBands } from './bands';
import { SeriesChart, type SeriesLine } from './SeriesChart';
import { SeriesTable } from './SeriesTable';

/** Actual vs one-step-ahead predictions on the test part; the Brush below zooms into a range. */
export function PredictionChart() {
  const rows = usePlayground((s) => s.predictionRows);
  const context = usePlayground((s) => s.context);
  const hasLstm = usePlayground((s) => s.results.lstm !== undefined);
  const hasGru = usePlayground((s) => s.results.gru !== undefined);
  const [showBaselines, setShowBaselines] = useState(false);
  const [showBands, setShowBands] = useState(true);
  const hasEts = usePlayground((s) => s.baselines.some((b) => b.name === 'ETS'));
  const hasArima = usePlayground((s) => s.baselines.some((b) => b.name === 'ARIMA'));
  const hasTheta = usePlayground((s) => s.baselines.some((b) => b.name === 'Theta'));
  const hasCombination = usePlayground((s) => s.baselines.some((b) => b.name === 'combination'));
  const hasBands = usePlayground(
    (s) => (s.results.lstm?.intervals.length ?? 0) + (s.results.gru?.intervals.length ?? 0) > 0,
  );
  const captionId = useId();
  if (!context)
    return <p className="chart-empty">Predictions on the test part appear here after training.</p>;
  const lines: SeriesLine[] = [{ key: 'actual', name: 'actual', color: COLORS.actual, width: 2 }];
  if (hasLstm) lines.push({ key: 'lstm', name: 'LSTM', color: COLORS.lstm });
  if (hasGru) lines.push({ key: 'gru', name: 'GRU', color: COLORS.gru });
  if (showBaselines) {
    lines.push({ key: 'naive', name: 'naive', color: COLORS.naive, dashed: true });
    lines.push({ key: 'seasonal', name: 'seasonal naive', color: COLORS.seasonal, dashed: true });
    if (hasEts) lines.push({ key: 'ets', name: 'ETS', color: COLORS.ets, dashed: true });
    if (hasArima) lines.push({ key: 'arima', name: 'ARIMA', color: COLORS.arima, dashed: true });
    if (hasTheta) lines.push({ key: 'theta', name: 'Theta', color: COLORS.theta, dashed: true });
    if (hasCombination)
      lines.push({ key: 'combination', name: 'Combination', color: COLORS.combination, dashed: true });
  }
  const bands = showBands ? networkBands(hasLstm && hasBands, hasGru && hasBands) : [];
  const target = context.targets[0] ?? 'target';
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <div className="chart-toolbar">
        <figcaption id={captionId}>
          Test part: actual {target} and one-step-ahead predictions ({rows.length} windows)
        </figcaption>
        <CheckboxField label="Show baselines" checked={showBaselines} onChange={setShowBaselines} />
        <CheckboxField label="Show prediction bands" checked={showBands} onChange={setShowBands} />
      </div>
      <SeriesChart
        rows={rows}
        lines={lines}
        bands={bands}
        timeKind={context.timeKind}
        brush
        testId="prediction-chart"
      />
      <SeriesTable
        label="Test predictions"
        rows={rows}
        lines={lines}
        bands={bands}
        timeKind={context.timeKind}
      />
      <p className="chart-summary">
        {hasLstm || hasGru
          ? 'Drag the handles under the chart to zoom into a range.'
          : 'Model predictions appear when each model finishes; the baselines are in the metrics table already.'}
      </p>
    </figure>
  );
}
