import { usePlayground } from '../../store';
import type { ForecastSource, PredictionInterval } from '../../worker/protocol';
import { COLORS } from '../colors';
import { formatNumber, formatTime } from '../format';
import { networkBands } from './bands';
import { SeriesChart, type SeriesLine } from './SeriesChart';
import { SeriesTable } from './SeriesTable';

const NO_INTERVALS: PredictionInterval[] = [];

/** "Bands from validation errors; the 80 % band held 78 % (LSTM) and 83 % (GRU) of the test values, …" */
function describeCoverage(lstm: PredictionInterval[], gru: PredictionInterval[]): string | null {
  if (lstm.length === 0 && gru.length === 0) return null;
  const parts = [0.8, 0.95].map((level) => {
    const held = [
      ['LSTM', lstm],
      ['GRU', gru],
    ]
      .flatMap(([name, list]) => {
        const i = (list as PredictionInterval[]).find((x) => x.level === level);
        return i && Number.isFinite(i.coverage) ? [`${Math.round(i.coverage * 100)} % (${name})`] : [];
      })
      .join(' and ');
    return `the ${Math.round(level * 100)} % band held ${held}`;
  });
  return `Shaded: split-conformal bands from the validation errors; on the test part ${parts.join(', ')} of the values. Beyond the horizon the bands widen with the square root of the steps (an assumption).`;
}

/** "Forecast by models refit on all 468 rows (LSTM 23 epochs, GRU 19); …", or why the scored model forecasts. */
export function describeForecastSource(sources: [string, ForecastSource | undefined][]): string | null {
  const refit = sources.flatMap(([name, s]) => (s?.kind === 'refit' ? [{ name, ...s }] : []));
  const heldOut = sources.flatMap(([name, s]) => (s?.kind === 'held-out' ? [name] : []));
  const parts: string[] = [];
  if (refit.length > 0) {
    const epochs = refit.map((r) => `${r.name} ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}`).join(', ');
    parts.push(
      `Forecast by ${refit.length === 1 ? 'a model' : 'models'} refit on all ${refit[0].rows} rows (${epochs}, as early stopping chose); the test metrics come from the models that never saw the test part.`,
    );
  }
  if (heldOut.length > 0)
    parts.push(`${heldOut.join(' and ')}: forecast by the model trained on the training rows only.`);
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * The end of the data and each model's forecast of the next `horizon` steps past it: while a model trains, its
 * latest preview (labelled with its epoch), then its final forecast from the best weights.
 */
export function ForecastChart() {
  const rows = usePlayground((s) => s.forecastRows);
  const context = usePlayground((s) => s.context);
  const lstmPreview = usePlayground((s) => (s.results.lstm ? undefined : s.forecastPreviews.lstm));
  const gruPreview = usePlayground((s) => (s.results.gru ? undefined : s.forecastPreviews.gru));
  const lstm = usePlayground((s) => s.results.lstm?.forecast) ?? lstmPreview?.forecast;
  const gru = usePlayground((s) => s.results.gru?.forecast) ?? gruPreview?.forecast;
  const message = usePlayground(
    (s) => s.results.lstm?.forecastMessage ?? s.results.gru?.forecastMessage ?? null,
  );
  const lstmSource = usePlayground((s) => s.results.lstm?.forecastSource);
  const gruSource = usePlayground((s) => s.results.gru?.forecastSource);
  const lstmBands = usePlayground((s) => s.results.lstm?.intervals ?? NO_INTERVALS);
  const gruBands = usePlayground((s) => s.results.gru?.intervals ?? NO_INTERVALS);
  if (!context || (!lstm && !gru)) return null;
  const coverageText = describeCoverage(lstmBands, gruBands);
  const sourceText = describeForecastSource([
    ['LSTM', lstmSource],
    ['GRU', gruSource],
  ]);
  const bands = networkBands(lstmBands.length > 0, gruBands.length > 0);
  const lines: SeriesLine[] = [{ key: 'actual', name: 'actual', color: COLORS.actual, width: 2 }];
  const training = (epoch: number | undefined) => (epoch === undefined ? '' : ` (epoch ${epoch}, training)`);
  if (lstm)
    lines.push({
      key: 'lstm',
      name: `LSTM forecast${training(lstmPreview?.epoch)}`,
      color: COLORS.lstm,
      dashed: true,
      width: 2.5,
      dots: true,
    });
  if (gru)
    lines.push({
      key: 'gru',
      name: `GRU forecast${training(gruPreview?.epoch)}`,
      color: COLORS.gru,
      dashed: true,
      width: 2.5,
      dots: true,
    });
  if (rows.some((r) => r.ensemble !== undefined))
    lines.push({
      key: 'ensemble',
      name: 'Sweep ensemble forecast',
      color: COLORS.ensemble,
      dashed: true,
      width: 2.5,
      dots: true,
    });
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
  const summary =
    lastValue +
    [
      sentence(`LSTM${training(lstmPreview?.epoch)}`, lstm),
      sentence(`GRU${training(gruPreview?.epoch)}`, gru),
    ]
      .filter(Boolean)
      .join('; ');
  return (
    <figure className="chart-figure">
      <div className="chart-toolbar">
        <figcaption>
          Forecast past the end of the data: next {steps} step{steps === 1 ? '' : 's'} of {context.targets[0]}
          {K > 1 ? ` (first of ${K} targets)` : ''}
        </figcaption>
      </div>
      <SeriesChart
        rows={rows}
        lines={lines}
        bands={bands}
        timeKind={context.timeKind}
        testId="forecast-chart"
      />
      <SeriesTable
        label="Forecast"
        rows={rows.filter((r) => r.actual === undefined)}
        lines={lines.filter((l) => l.key !== 'actual')}
        bands={bands}
        timeKind={context.timeKind}
      />
      <p className="chart-summary">
        {summary}.{message && ` ${message}`}
      </p>
      {sourceText && <p className="chart-summary">{sourceText}</p>}
      {coverageText && <p className="chart-summary">{coverageText}</p>}
    </figure>
  );
}
