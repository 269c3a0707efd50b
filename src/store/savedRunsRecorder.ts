// Saves every run that finishes or is stopped. It watches the playground store: when a run starts it
// snapshots the settings and the data's identity (settings may change while it trains); when that run
// finishes it turns the results into a SavedRun and hands it to the saved-runs store.

import { CELLS, type CellKind } from '../config';
import { scalerParams } from '../data/scaler';
import type { ScalerParams } from '../data/types';
import {
  type DatasetInfo,
  type ModelRunSummary,
  newRunId,
  type PredictionTable,
  type SavedRun,
  type SweepSummary,
} from '../persist/runRecord';
import type { TrainingConfig } from '../persist/trainingConfig';
import type { BaselineResult, EvaluationContext, ModelResult } from '../worker/protocol';
import { type DatasetShape, modelConfig, optimizerConfig } from './modelSettings';
import type { SavedRunsSlice } from './savedRuns';
import { configFromPlayground } from './savedRunsConfig';
import { datasetShape, sweepMatchesRun } from './selectors';
import type { PlaygroundState } from './types';

interface Subscribable<S> {
  getState(): S;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

export interface RunSnapshot {
  runId: number;
  startedAt: number;
  config: TrainingConfig;
  dataset: Omit<DatasetInfo, 'fingerprint'>;
  fingerprint: Promise<string>;
  scaler: ScalerParams | null;
  /** Model inputs and outputs as prepared when the run started. */
  shape: DatasetShape;
}

export function snapshotRun(state: PlaygroundState, now = Date.now()): RunSnapshot {
  const prepared = state.prepared?.ok ? state.prepared.summary : null;
  const s = prepared?.scaler;
  return {
    runId: state.runId,
    startedAt: now,
    config: configFromPlayground(state),
    dataset: {
      name: state.source?.name ?? 'unknown data',
      sampleId: state.source?.kind === 'sample' ? state.source.id : null,
      rows: state.table?.rowCount ?? 0,
    },
    fingerprint: Promise.resolve(state.table?.fingerprint ?? ''),
    scaler: s ? scalerParams(s) : null,
    shape: datasetShape(state),
  };
}

/** Test rows (first horizon step of each window) then the forecast rows, as one table. */
export function predictionTable(
  context: EvaluationContext,
  results: Partial<Record<CellKind, ModelResult>>,
  baselineResults: BaselineResult[] = [],
): PredictionTable {
  const K = context.targets.length;
  const W = context.testTime.length;
  const H = context.horizon;
  const N = W + context.forecastTime.length;
  const time = new Float64Array(N);
  time.set(context.testTime);
  time.set(context.forecastTime, W);
  const actual = new Float32Array(N * K).fill(Number.NaN);
  for (let w = 0; w < W; w++) {
    for (let k = 0; k < K; k++) actual[w * K + k] = context.testActual[w * H * K + k];
  }
  const predicted: PredictionTable['predicted'] = {};
  for (const cell of CELLS) {
    const r = results[cell];
    if (!r) continue;
    const values = new Float32Array(N * K);
    for (let w = 0; w < W; w++) {
      for (let k = 0; k < K; k++) values[w * K + k] = r.testPredictions[w * H * K + k];
    }
    values.set(r.forecast.subarray(0, context.forecastTime.length * K), W * K);
    predicted[cell] = values;
  }
  // first step of each test window, then the forecast rows (NaN where there is none)
  const column = (test: ArrayLike<number> | null, ahead: ArrayLike<number> | null) => {
    const values = new Float32Array(N * K).fill(Number.NaN);
    if (test) for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) values[w * K + k] = test[w * H * K + k];
    if (ahead) for (let i = 0; i < Math.min(ahead.length, (N - W) * K); i++) values[W * K + i] = ahead[i];
    return values;
  };
  // naive and seasonal naive: test part only; ETS, ARIMA, Theta: their forecast past the data too
  const baselines: Record<string, Float32Array> = {};
  const bands: Record<string, Float32Array> = {};
  for (const b of baselineResults) {
    const name = b.name.toLowerCase().replace('-', '_');
    baselines[name] = column(b.testPredictions, b.forecast?.values ?? null);
    for (const band of b.forecast?.bands ?? []) {
      const level = Math.round(band.level * 100);
      bands[`${name}_lo${level}`] = column(null, band.lower);
      bands[`${name}_hi${level}`] = column(null, band.upper);
    }
  }
  for (const cell of CELLS) {
    for (const i of results[cell]?.intervals ?? []) {
      const level = Math.round(i.level * 100);
      bands[`${cell}_lo${level}`] = column(i.testLower, i.forecastLower);
      bands[`${cell}_hi${level}`] = column(i.testUpper, i.forecastUpper);
    }
  }
  return {
    timeKind: context.timeKind,
    targets: [...context.targets],
    time,
    actual,
    predicted,
    baselines,
    bands,
  };
}

/** The finished sweep, when it scored the same data and test points as the run, or null. */
export function sweepSummary(state: PlaygroundState): SweepSummary | null {
  const { tuneResult, tuneEntries, tuneCandidates } = state;
  if (!tuneResult || !sweepMatchesRun(state)) return null;
  const label = (id: number) => tuneCandidates.find((c) => c.id === id)?.label ?? `model ${id}`;
  const byId = new Map(tuneEntries.map((e) => [e.id, e]));
  return {
    models: tuneResult.ranking.map((id) => {
      const entry = byId.get(id);
      const cell = tuneCandidates.find((c) => c.id === id)?.cell ?? 'lstm';
      return {
        label: label(id),
        cell,
        bestVal: entry?.bestVal ?? Number.NaN,
        bestEpoch: entry?.bestEpoch ?? 0,
        status: entry?.status ?? 'finished',
      };
    }),
    members: tuneResult.members.map(label),
    ensembles: tuneResult.ensembles.map((e) => ({ kind: e.kind, metrics: { ...e.metrics } })),
    elapsedMs: tuneResult.elapsedMs,
  };
}

/** The SavedRun for a finished run, or null when no model produced a result (nothing worth keeping). */
export async function buildSavedRun(snapshot: RunSnapshot, state: PlaygroundState): Promise<SavedRun | null> {
  const models: ModelRunSummary[] = [];
  const weights: SavedRun['payload']['weights'] = {};
  for (const cell of CELLS) {
    const r = state.results[cell];
    if (!r) continue;
    const settings = snapshot.config.models[cell];
    const status = state.modelStatus[cell].status;
    models.push({
      cell,
      model: modelConfig(cell, settings, snapshot.shape),
      optimizer: optimizerConfig(settings),
      status: status === 'early-stopped' || status === 'stopped' ? status : 'finished',
      history: state.lossPoints[cell]
        .filter((p) => p.kind === 'epoch')
        .map((p) => ({ epoch: p.epoch, train: p.train, val: p.val ?? Number.NaN })),
      metrics: { ...r.metrics },
      paramCount: r.params,
      timings: { trainMs: r.trainMs, epochs: r.epochsRun, samplesPerSec: r.samplesPerSec },
      engine: state.engines[cell] ?? {
        kind: 'cpu',
        description: 'unknown engine',
        path: '',
        dispatchesPerStep: 0,
        submitsPerStep: 0,
      },
    });
    weights[cell] = r.weights;
  }
  if (models.length === 0) return null;
  const sweep = sweepSummary(state);
  const id = newRunId(snapshot.startedAt);
  const stopped = models.some((m) => m.status === 'stopped');
  const when = new Date(snapshot.startedAt).toISOString().slice(0, 19).replace('T', ' ');
  return {
    id,
    name: `${snapshot.dataset.name} · ${when}`,
    createdAt: snapshot.startedAt,
    status: stopped ? 'stopped' : 'finished',
    config: snapshot.config,
    dataset: { ...snapshot.dataset, fingerprint: await snapshot.fingerprint },
    scaler: snapshot.scaler,
    models,
    baselines: Object.fromEntries(state.baselines.map((b) => [b.label, { ...b.metrics }])),
    ...(sweep ? { sweep } : {}),
    payload: {
      id,
      weights,
      predictions: state.context ? predictionTable(state.context, state.results, state.baselines) : null,
      ...(state.projectSource ? { project: state.projectSource } : {}),
    },
  };
}

/** Starts watching; returns the function that stops it. */
export function startRunRecorder(
  playground: Subscribable<PlaygroundState>,
  savedRuns: { getState(): Pick<SavedRunsSlice, 'saveRun' | 'fetchSavedRun'> },
): () => void {
  let snapshot: RunSnapshot | null = null;
  /** The saved run of the current run, which a sweep finished later is kept with. */
  let saved: { runId: number; id: string } | null = null;
  return playground.subscribe((state, previous) => {
    if (
      state.tuneStatus === 'finished' &&
      previous.tuneStatus !== 'finished' &&
      saved?.runId === state.runId
    ) {
      const sweep = sweepSummary(state);
      const id = saved.id;
      if (sweep) {
        void savedRuns
          .getState()
          .fetchSavedRun(id)
          .then((run) => {
            if (run.ok) void savedRuns.getState().saveRun({ ...run.value, sweep });
          });
      }
    }
    if (state.runId !== previous.runId && state.runStatus === 'starting') snapshot = snapshotRun(state);
    if (
      state.runStatus === 'finished' &&
      previous.runStatus !== 'finished' &&
      snapshot?.runId === state.runId
    ) {
      const taken = snapshot;
      snapshot = null;
      void buildSavedRun(taken, state).then((run) => {
        if (!run) return;
        saved = { runId: taken.runId, id: run.id };
        void savedRuns.getState().saveRun(run);
      });
    }
  });
}
