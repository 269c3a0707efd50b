import { type RefObject, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MODEL_NAME } from '../../config';
import { historyRows, predictionRowsOf, savedClassicalForecasts } from '../../persist/runCharts';
import { savedRunProject } from '../../persist/runProject';
import type { SavedRun } from '../../persist/runRecord';
import { savedRunsStore } from '../../store/savedRuns';
import { LOSS_LINES, LossLineChart } from '../charts/LossLineChart';
import { METRIC_HEADERS, MetricCells } from '../charts/metricCells';
import { COLORS } from '../colors';
import { TableScroll } from '../controls/TableScroll';
import { formatDate, formatDuration, formatInteger, formatNumber, formatTime } from '../format';
import { fileStem } from './download';
import { exportChart, exportConfig, exportModelJson, exportPredictions, exportWeights } from './exports';
import { ProjectButtons } from './ProjectButtons';
import { RunConfigActions } from './RunConfigActions';
import { SavedSweep } from './SavedSweep';
import { useSavedRuns } from './useSavedRuns';

/** A saved run opened again: its curves, metrics and predictions, and every export. */
export function SavedRunView() {
  const run = useSavedRuns((s) => s.openedRun);
  if (!run) return null;
  return <OpenedRun key={run.id} run={run} />;
}

function OpenedRun({ run }: { run: SavedRun }) {
  const lossRef = useRef<HTMLDivElement>(null);
  const predRef = useRef<HTMLDivElement>(null);
  const history = historyRows(run);
  const predictions = run.payload.predictions;
  const present = new Set(history.flatMap((r) => Object.keys(r)));
  return (
    <section className="saved-run card" aria-label={`Saved run ${run.name}`}>
      <SavedRunHeading run={run} />

      <SavedRunMetrics run={run} />

      <figure className="chart-figure">
        <figcaption>Loss per epoch (MSE on scaled data)</figcaption>
        <div className="chart" ref={lossRef} data-testid="saved-loss-chart" data-points={history.length}>
          <LossLineChart rows={history} lines={LOSS_LINES.filter((l) => present.has(l.key))} log />
        </div>
      </figure>

      {predictions && <SavedPredictionChart predictions={predictions} chartRef={predRef} />}

      {run.sweep && <SavedSweep sweep={run.sweep} />}

      <SavedRunExports run={run} lossRef={lossRef} predRef={predRef} />
      <ProjectButtons cells={run.models.map((m) => m.cell)} project={(cell) => savedRunProject(run, cell)} />
      <RunConfigActions config={run.config} runName={run.name} weights={run.payload.weights} />
    </section>
  );
}

/** The run's name, its Close button, and where its data came from. */
function SavedRunHeading({ run }: { run: SavedRun }) {
  return (
    <>
      <div className="chart-toolbar">
        <h3>{run.name}</h3>
        <button type="button" onClick={() => savedRunsStore.getState().closeSavedRun()}>
          Close run
        </button>
      </div>
      <p className="muted">
        {formatDate(run.createdAt)} · {run.status} · data: {run.dataset.name} (
        {formatInteger(run.dataset.rows)} rows, SHA-256{' '}
        <code title={run.dataset.fingerprint}>{run.dataset.fingerprint.slice(0, 12)}…</code>)
      </p>
    </>
  );
}

/** One row per trained model, then one per baseline. */
function SavedRunMetrics({ run }: { run: SavedRun }) {
  return (
    <TableScroll label="Metrics of this saved run">
      <table className="metrics-table" aria-label="Saved run metrics">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {METRIC_HEADERS.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            <th scope="col">Parameters</th>
            <th scope="col">Epochs</th>
            <th scope="col">Training time</th>
            <th scope="col">Engine</th>
          </tr>
        </thead>
        <tbody>
          {run.models.map((m) => (
            <tr key={m.cell}>
              <th scope="row">
                <span className={`swatch swatch--${m.cell}`} aria-hidden="true" />
                {MODEL_NAME[m.cell]} <span className="muted">({m.status})</span>
              </th>
              <MetricCells metrics={m.metrics} />
              <td>{formatInteger(m.paramCount)}</td>
              <td>{m.timings.epochs}</td>
              <td>{formatDuration(m.timings.trainMs)}</td>
              <td>{m.engine.description}</td>
            </tr>
          ))}
          {Object.entries(run.baselines).map(([name, metrics]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <MetricCells metrics={metrics} />
              <td colSpan={4} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

type SavedPredictions = NonNullable<SavedRun['payload']['predictions']>;

/** The saved test predictions and forecast of the first target, with the classical forecasts dashed. */
function SavedPredictionChart({
  predictions,
  chartRef,
}: {
  predictions: SavedPredictions;
  chartRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <figure className="chart-figure">
      <figcaption>
        Test predictions and forecast: {predictions.targets[0]}
        {predictions.targets.length > 1 ? ` (first of ${predictions.targets.length} targets)` : ''}
      </figcaption>
      <div className="chart" ref={chartRef} data-testid="saved-prediction-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={predictionRowsOf(predictions)} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis
              dataKey="time"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => formatTime(t, predictions.timeKind)}
              minTickGap={24}
            />
            <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatNumber(v, 3)} width={64} />
            <Tooltip
              formatter={(v) => formatNumber(Number(v))}
              labelFormatter={(t) => formatTime(Number(t), predictions.timeKind)}
            />
            <Legend />
            <Line
              dataKey="actual"
              name="Actual"
              stroke={COLORS.actual}
              strokeWidth={1.75}
              dot={false}
              isAnimationActive={false}
            />
            {predictions.predicted.lstm && (
              <Line
                dataKey="lstm"
                name={MODEL_NAME.lstm}
                stroke={COLORS.lstm}
                strokeWidth={1.75}
                dot={false}
                isAnimationActive={false}
              />
            )}
            {predictions.predicted.gru && (
              <Line
                dataKey="gru"
                name={MODEL_NAME.gru}
                stroke={COLORS.gru}
                strokeWidth={1.75}
                dot={false}
                isAnimationActive={false}
              />
            )}
            {savedClassicalForecasts(predictions).map(({ key, name }) => (
              <Line
                key={key}
                dataKey={key}
                name={`${name} forecast`}
                stroke={COLORS[key]}
                strokeDasharray="5 4"
                strokeWidth={1.75}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Every export of the run, and the problem of the last one that failed. */
function SavedRunExports({
  run,
  lossRef,
  predRef,
}: {
  run: SavedRun;
  lossRef: RefObject<HTMLDivElement | null>;
  predRef: RefObject<HTMLDivElement | null>;
}) {
  const [exportError, setExportError] = useState<string | null>(null);
  const predictions = run.payload.predictions;
  const guard = (action: () => void | Promise<void>) => async () => {
    try {
      setExportError(null);
      await action();
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };
  const stem = fileStem(run.name);
  return (
    <>
      <fieldset className="export-buttons">
        <legend>Export this run</legend>
        {run.models.map((m) => (
          <span key={m.cell} className="export-group">
            <button type="button" onClick={guard(() => exportWeights(run, m.cell))}>
              {MODEL_NAME[m.cell]} weights (.safetensors)
            </button>
            <button type="button" onClick={guard(() => exportModelJson(run, m.cell))}>
              {MODEL_NAME[m.cell]} model (.json)
            </button>
          </span>
        ))}
        <button type="button" disabled={!predictions} onClick={guard(() => exportPredictions(run))}>
          Predictions (.csv)
        </button>
        <button type="button" onClick={guard(() => exportConfig(run))}>
          Config (.json)
        </button>
        <button type="button" onClick={guard(() => exportChart(lossRef.current, `${stem}-loss.png`))}>
          Loss chart (.png)
        </button>
        <button
          type="button"
          disabled={!predictions}
          onClick={guard(() => exportChart(predRef.current, `${stem}-predictions.png`))}
        >
          Prediction chart (.png)
        </button>
      </fieldset>
      {exportError && (
        <p className="field-problem" role="alert">
          {exportError}
        </p>
      )}
    </>
  );
}
