import { useState } from 'react';
import { usePlayground } from '../../store';
import { type ClassicalForecast, type ClassicalKey, classicalForecasts } from '../../store/chartRows';
import type { ForecastSource, PredictionInterval } from '../../worker/protocol';
import { COLORS } from '../colors';
import { CheckboxField } from '../controls/Field';
import { formatNumber, formatTime } from '../format';
import { classicalBands, networkBands } from './bands';
import { describeRecommendation } from './recommendationText';
import { SeriesChart, type SeriesLine } from './SeriesChart';
import { SeriesTable } from './SeriesTable';
import { StepCoverage } from './StepCoverage';

const NO_INTERVALS: PredictionInterval[] = [];

/** "Bands from validation errors; the 80 % band held 78 % (LSTM) and 83 % (GRU) of the test values, …" */
export function describeCoverage(lstm: PredictionInterval[], gru: PredictionInterval[]): string | null {
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
  const widened = [...lstm, ...gru].some((i) => i.widened);
  return `Shaded: split-conformal bands from the validation errors; on the test part ${parts.join(', ')} of the values. Past the data each step has its own band, from the errors the scored model made that many steps ahead on the validation and test rows.${widened ? ' Too few errors were left for a 95 % rank, so the 95 % band is the 80 % band widened by 1.96 / 1.28, as for a normal distribution.' : ''}`;
}

/**
 * "Forecast by models refit on all 468 rows (LSTM 23 epochs, GRU 19); …", or which scored models forecast
 * and why ("GRU: forecast by the model trained on the training rows only, because the run was stopped …").
 */
export function describeForecastSource(sources: [string, ForecastSource | undefined][]): string | null {
  const refit = sources.flatMap(([name, s]) => (s?.kind === 'refit' ? [{ name, ...s }] : []));
  // held-out models grouped by why they forecast (null: refitting off or failed)
  const heldOut = new Map<string | null, string[]>();
  for (const [name, s] of sources)
    if (s?.kind === 'held-out') heldOut.set(s.reason, [...(heldOut.get(s.reason) ?? []), name]);
  const parts: string[] = [];
  if (refit.length > 0) {
    const epochs = refit.map((r) => `${r.name} ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}`).join(', ');
    const members = refit[0].members ?? 1;
    const seeds =
      members > 1 ? `; each forecast is the median of ${members} refits from consecutive seeds` : '';
    parts.push(
      `Forecast by ${refit.length === 1 ? 'a model' : 'models'} refit on all ${refit[0].rows} rows (${epochs}, as early stopping chose${seeds}); the test metrics come from the models that never saw the test part.`,
    );
  }
  for (const [reason, names] of heldOut)
    parts.push(
      `${names.join(' and ')}: forecast by the model trained on the training rows only${reason ? `, because ${reason}` : ''}.`,
    );
  return parts.length > 0 ? parts.join(' ') : null;
}

/** "ETS(M,Ad,M) and ARIMA(1,1,1)(0,1,1)[12], refit on every row: shaded, their 80 % bands …" */
export function describeClassical(forecasts: ClassicalForecast[]): string | null {
  const shown = forecasts.filter((c) => c.key !== 'combination');
  if (shown.length === 0) return null;
  const models = shown.map((c) => c.forecast.description);
  const list = models.length === 1 ? models[0] : `${models.slice(0, -1).join(', ')} and ${models.at(-1)}`;
  const banded = shown.some((c) => c.forecast.bands.length > 0);
  return `${list}, refit on every row, forecast past the data${banded ? '; shaded: their 80 % bands, from each model’s own forecast distribution as R’s forecast() computes it (the table adds the 95 % bounds)' : ''}.`;
}

/**
 * The end of the data and each model's forecast of the next `horizon` steps past it: while a model trains, its
 * latest preview (labelled with its epoch), then its final forecast from the best weights. The classical
 * baselines' forecasts (ETS, ARIMA, Theta, refitted on every row) join once the networks are done, each
 * with its 80 % band and a checkbox that shows or hides it.
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
  const baselines = usePlayground((s) => s.baselines);
  const recommendation = usePlayground((s) => s.backtest?.recommendation ?? null);
  const [hidden, setHidden] = useState<ReadonlySet<ClassicalKey>>(new Set());
  const classical = classicalForecasts(baselines);
  if (!context || (!lstm && !gru && classical.length === 0)) return null;
  const shown = classical.filter((c) => !hidden.has(c.key));
  const toggle = (key: ClassicalKey, on: boolean) => {
    const next = new Set(hidden);
    if (on) next.delete(key);
    else next.add(key);
    setHidden(next);
  };
  const coverageText = describeCoverage(lstmBands, gruBands);
  const sourceText = describeForecastSource([
    ['LSTM', lstmSource],
    ['GRU', gruSource],
  ]);
  const classicalText = describeClassical(shown);
  const combination = shown.find((c) => c.key === 'combination');
  const recommendationText = recommendation ? describeRecommendation(recommendation) : null;
  const recommended = (name: string) => (recommendation?.name === name ? ' (recommended)' : '');
  const bands = networkBands(lstmBands.length > 0, gruBands.length > 0);
  const lines: SeriesLine[] = [{ key: 'actual', name: 'actual', color: COLORS.actual, width: 2 }];
  const training = (epoch: number | undefined) => (epoch === undefined ? '' : ` (epoch ${epoch}, training)`);
  if (lstm)
    lines.push({
      key: 'lstm',
      name: `LSTM forecast${training(lstmPreview?.epoch)}${recommended('lstm')}`,
      color: COLORS.lstm,
      dashed: true,
      width: 2.5,
      dots: true,
    });
  if (gru)
    lines.push({
      key: 'gru',
      name: `GRU forecast${training(gruPreview?.epoch)}${recommended('gru')}`,
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
  for (const { name, label, key } of shown)
    lines.push({
      key,
      name: `${label} forecast${recommended(name)}`,
      color: COLORS[key],
      dashed: true,
      width: recommendation?.name === name ? 3 : 2,
    });
  const chartBands = [...bands, ...classicalBands(shown, [80])];
  const tableBands = [...bands, ...classicalBands(shown, [80, 95])];
  const K = context.targets.length;
  const steps =
    Math.max(lstm?.length ?? 0, gru?.length ?? 0, ...shown.map((c) => c.forecast.values.length)) / K;
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
      ...shown.map((c) => sentence(c.label, c.forecast.values)),
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
        {classical.map(({ label, key }) => (
          <CheckboxField
            key={key}
            label={`Show ${label} forecast`}
            checked={!hidden.has(key)}
            onChange={(on) => toggle(key, on)}
          />
        ))}
      </div>
      <SeriesChart
        rows={rows}
        lines={lines}
        bands={chartBands}
        timeKind={context.timeKind}
        testId="forecast-chart"
      />
      <SeriesTable
        label="Forecast"
        rows={rows.filter((r) => r.actual === undefined)}
        lines={lines.filter((l) => l.key !== 'actual')}
        bands={tableBands}
        timeKind={context.timeKind}
      />
      <p className="chart-summary">
        {summary}.{message && ` ${message}`}
      </p>
      {sourceText && <p className="chart-summary">{sourceText}</p>}
      {recommendationText && <p className="chart-summary recommendation">{recommendationText}</p>}
      {classicalText && <p className="chart-summary">{classicalText}</p>}
      {combination && (
        <p className="chart-summary">
          Combination: {combination.forecast.description} at each step
          {combination.forecast.bands.length > 0 ? '; its bands are the median of their bounds' : ''}.
        </p>
      )}
      {coverageText && <p className="chart-summary">{coverageText}</p>}
      <StepCoverage
        models={[
          ['LSTM', lstmBands],
          ['GRU', gruBands],
        ]}
      />
    </figure>
  );
}
