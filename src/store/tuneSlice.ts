// Tune slice: the sweep's settings (a preset or edited lists), its live leaderboard and its result. The
// sweep runs in the training worker, which owns the GPU; starting one stops a training run and vice versa.

import {
  CELLS,
  type CellKind,
  expandSweep,
  type ModelSettings,
  sweepSettingsProblem,
  TUNE_PRESETS,
  type TuneCandidate,
  type TunePreset,
  type TuneSettings,
} from '../config';
import { batchGroupKey, groupIndices } from '../engine/batching';
import type { ModelStatus } from '../worker/protocol';
import { modelSetup } from './modelSettings';
import type { RunIds } from './runIds';
import { dataRequest, loadedData, sameData } from './selectors';
import type { PacedModel, RunPace, Slice, TuneSlice } from './types';

/** Multiply-adds of one training sample: forward and backward (≈ 3 × forward) through T steps and L layers. */
export function sampleCost(
  cell: CellKind,
  hidden: number,
  layers: number,
  inputSize: number,
  T: number,
): number {
  const gates = cell === 'lstm' ? 4 : 3;
  let perStep = 0;
  for (let l = 0; l < layers; l++) perStep += gates * hidden * ((l === 0 ? inputSize : hidden) + hidden);
  return 3 * T * perStep;
}

/**
 * The shape of a step's cost: a fixed part (dispatches, copies, the loss read back) and a part per million
 * multiply-adds, from one model's steps on the WebGPU engine over a software GPU (hidden 8 to 64, window 24,
 * batch 32: 4–60 ms a step, predicted within 0.74–1.15× by these two; `scripts/step-cost.mjs`). A run on this
 * page scales both by its own speed.
 */
export const STEP_FIXED_MS = 3.5;
export const STEP_MS_PER_MEGA_MAC = 1.7;
/** The fixed part on each engine: the CPU engine has no dispatches or readbacks, so its step is its multiply-adds. */
const fixedMs = (engine: Engine) => (engine === 'webgpu' ? STEP_FIXED_MS : 0);
type Engine = RunPace['engine'];
/** Per model: building it (kernel compilation on the GPU) and evaluating it at the end. */
const MODEL_SETUP_MS = 300;
/** Readbacks at each epoch's end besides the validation loss: the weights and the optimiser state, in fixed parts. */
const EPOCH_END_READBACKS = 2;

/** The data a sweep or run trains on, as far as its cost goes. */
export interface CostShape {
  inputSize: number;
  windowLength: number;
  trainWindows: number;
  /** Validation windows, evaluated at each epoch's end (none when absent). */
  valWindows?: number;
}

export interface SweepEstimate {
  /** With early stopping ending models as it ended the last run's (all epochs before any run). */
  ms: number;
  /** Every model running all its epochs. */
  fullMs: number;
  /** Whether the step time and early stopping came from this page's last run (else a rough default). */
  measured: boolean;
}

type StepModel = Pick<PacedModel, 'hidden' | 'layers' | 'batchSize'> & { cell: CellKind };

/** The batch a model trains with: at most the training windows, as the worker's trainBatchSize. */
const trainBatch = (batchSize: number, shape: CostShape) =>
  Math.max(1, Math.min(batchSize, shape.trainWindows));
const stepsPerEpoch = (batchSize: number, shape: CostShape) =>
  Math.max(1, Math.floor(shape.trainWindows / trainBatch(batchSize, shape)));
/** A step's proportional part at the cost model's own speed, ms. */
const workMs = (m: StepModel, shape: CostShape, windowLength = shape.windowLength) =>
  (STEP_MS_PER_MEGA_MAC *
    trainBatch(m.batchSize, shape) *
    sampleCost(m.cell, m.hidden, m.layers, shape.inputSize, windowLength)) /
  1e6;

/** The models of a run that trained: at least one epoch, at a measured rate. */
const pacedCells = (pace: RunPace) =>
  CELLS.filter((cell) => {
    const m = pace.models[cell];
    return m !== undefined && m.epochsRun > 0 && m.samplesPerSec > 0;
  });

/**
 * This machine's speed against the cost model: each model of the last run costs its measured step time. On
 * WebGPU a model's step time is the round's, both models' steps queued together, so it holds the other
 * model's step as long as that one still trained.
 */
export function paceSpeed(pace: RunPace): number {
  const cells = pacedCells(pace);
  const trained = (cell: CellKind) => {
    const m = pace.models[cell]!;
    return m.epochsRun * stepsPerEpoch(m.batchSize, pace.shape);
  };
  const stepUnits = (cell: CellKind) =>
    fixedMs(pace.engine) + workMs({ cell, ...pace.models[cell]! }, pace.shape);
  const speeds = cells.map((cell) => {
    const m = pace.models[cell]!;
    const measuredMs = (trainBatch(m.batchSize, pace.shape) / m.samplesPerSec) * 1000;
    let predictedMs = stepUnits(cell);
    if (pace.engine === 'webgpu')
      for (const other of cells.filter((c) => c !== cell))
        predictedMs += Math.min(1, trained(other) / Math.max(1, trained(cell))) * stepUnits(other);
    return measuredMs / predictedMs;
  });
  return speeds.reduce((a, b) => a + b, 0) / speeds.length;
}

/**
 * The share of its epochs a model runs before early stopping ends it, from the last run's models: on average
 * (`mean`), and the longer of them (`longest`), for a batched group, which steps until its last member is done.
 */
export function stoppingShare(pace: RunPace): { mean: number; longest: number } {
  // a model the user stopped, or that failed, says nothing of where early stopping ends one
  const shares = pacedCells(pace).flatMap((cell) => {
    const m = pace.models[cell]!;
    return m.ranItsCourse && m.epochs > 0 ? [Math.min(1, m.epochsRun / m.epochs)] : [];
  });
  if (shares.length === 0) return { mean: 1, longest: 1 };
  return { mean: shares.reduce((a, b) => a + b, 0) / shares.length, longest: Math.max(...shares) };
}

/**
 * Time to train the sweep on `engine`: once with early stopping as the last run's (`ms`), once with every
 * model running all its epochs (`fullMs`). A step costs a fixed part (on WebGPU) and a part proportional to
 * its multiply-adds (`STEP_FIXED_MS`, `STEP_MS_PER_MEGA_MAC`), both scaled by `paceSpeed` (before any run, as
 * they are). A small model's GPU step is mostly the fixed part, so a larger model is not thought dearer than it
 * is. The rate is the machine's, not the data's: other data changes the steps per epoch and the window, which
 * the cost model counts. On WebGPU same-shape models train as one batched model, as the worker groups them, so
 * a group pays the fixed part once per step, until its longest member is done, and each member its own
 * proportional part while it trains. `pace` counts only when it was measured on the same engine.
 */
export function sweepEstimate(
  candidates: TuneCandidate[],
  shape: CostShape,
  lastPace: RunPace | null,
  engine: Engine = 'cpu',
): SweepEstimate {
  const pace = lastPace?.engine === engine ? lastPace : null;
  const batched = engine === 'webgpu';
  const fixed = fixedMs(engine);
  const measured = pace !== null && pacedCells(pace).length > 0;
  const speed = measured ? paceSpeed(pace) : 1;
  const share = measured ? stoppingShare(pace) : { mean: 1, longest: 1 };
  const memberWorkMs = (c: TuneCandidate) =>
    speed *
    workMs(
      {
        cell: c.cell,
        hidden: c.settings.hiddenSize,
        layers: c.settings.numLayers,
        batchSize: c.settings.batchSize,
      },
      shape,
      c.inputLength,
    );
  const steps = (c: TuneCandidate) => c.settings.epochs * stepsPerEpoch(c.settings.batchSize, shape);
  // each epoch's end: the validation windows forward (a third of a step's multiply-adds per batch), a batched
  // group's members in the same dispatches, then each member's weights and optimiser state read back
  const valBatches = (c: TuneCandidate) =>
    Math.ceil((shape.valWindows ?? 0) / trainBatch(c.settings.batchSize, shape));
  const epochEndMs = (members: TuneCandidate[]) =>
    valBatches(members[0]) * speed * fixed +
    members.reduce((w, c) => w + (valBatches(c) * memberWorkMs(c)) / 3, 0) +
    members.length * EPOCH_END_READBACKS * speed * fixed;
  const groups = batched ? groupIndices(candidates, sweepGroupKey(shape)) : candidates.map((_, i) => [i]);
  const total = (mean: number, longest: number) =>
    groups.reduce((sum, group) => {
      const members = group.map((i) => candidates[i]);
      // a batched group steps until its longest member is done; each member's own work only while it trains
      const groupSteps = Math.max(...members.map(steps)) * (members.length > 1 ? longest : mean);
      const work = members.reduce((w, c) => w + steps(c) * mean * memberWorkMs(c), 0);
      const epochs =
        Math.max(...members.map((c) => c.settings.epochs)) * (members.length > 1 ? longest : mean);
      return (
        sum +
        members.length * MODEL_SETUP_MS +
        groupSteps * speed * fixed +
        work +
        epochs * epochEndMs(members)
      );
    }, 0);
  return { ms: total(share.mean, share.longest), fullMs: total(1, 1), measured };
}

/** The key the worker batches a candidate by: same shape, optimiser and batch train as one model. */
function sweepGroupKey(shape: CostShape) {
  return (c: TuneCandidate) => {
    const { config, optimizer } = modelSetup(c.cell, c.settings, {
      inputSize: shape.inputSize,
      outputSize: 1,
    });
    return batchGroupKey(config, optimizer, c.inputLength, trainBatch(c.settings.batchSize, shape));
  };
}

/** A started run's data size and settings, which its results' pace is recorded with. */
export interface RunSetup {
  runId: number;
  shape: CostShape & { outputSize: number };
  settings: Record<CellKind, ModelSettings>;
}

/** The last pace with one more model's result in it; a new run's first result starts a new pace. */
export function withPacedModel(
  last: RunPace | null,
  run: RunSetup,
  engine: RunPace['engine'],
  result: { model: CellKind; epochsRun: number; samplesPerSec: number },
  status: ModelStatus,
): RunPace {
  const s = run.settings[result.model];
  const model: PacedModel = {
    hidden: s.hiddenSize,
    layers: s.numLayers,
    batchSize: s.batchSize,
    epochs: s.epochs,
    epochsRun: result.epochsRun,
    ranItsCourse: status === 'early-stopped' || status === 'finished',
    samplesPerSec: result.samplesPerSec,
  };
  const { inputSize, windowLength, trainWindows } = run.shape;
  const models = last?.runId === run.runId ? last.models : {};
  return {
    runId: run.runId,
    engine,
    shape: { inputSize, windowLength, trainWindows },
    models: { ...models, [result.model]: model },
  };
}

/** The preset these settings are, or 'custom'. */
function presetOf(settings: TuneSettings): TunePreset | 'custom' {
  const same = (preset: TunePreset) => JSON.stringify(TUNE_PRESETS[preset]) === JSON.stringify(settings);
  return same('quick') ? 'quick' : same('thorough') ? 'thorough' : 'custom';
}

/** What a sweep has produced before it starts. */
const NO_SWEEP = {
  tuneCandidates: [],
  tuneEntries: [],
  tuneElapsedMs: 0,
  tuneSamplesPerSec: 0,
  tuneContext: null,
  tuneBaselines: [],
  tuneEngine: null,
  tuneGroups: [],
  tuneResult: null,
  tuneProblem: null,
  tuneData: null,
  tuneNotices: [],
} satisfies Partial<TuneSlice>;

export const createTuneSlice =
  (runIds: RunIds): Slice<TuneSlice> =>
  (set, get) => {
    let noticeId = 0;
    return {
      ...NO_SWEEP,
      tuneSettings: TUNE_PRESETS.quick,
      tunePreset: 'quick',
      tuneStatus: 'idle',
      tuneRunId: 0,

      setTuneSettings: (settings) => {
        const tuneSettings = { ...get().tuneSettings, ...settings };
        set({ tuneSettings, tunePreset: presetOf(tuneSettings), tuneProblem: null });
      },
      applyTunePreset: (preset) =>
        set({ tuneSettings: TUNE_PRESETS[preset], tunePreset: preset, tuneProblem: null }),

      startTune: () => {
        const state = get();
        if (state.preparing) {
          void state.whenPrepared().then(() => get().startTune());
          return;
        }
        const { table, prepared, prepareOptions, models, tuneSettings } = state;
        if (!table || !prepared) return set({ tuneProblem: { kind: 'no-data' } });
        if (!prepared.ok) return set({ tuneProblem: { kind: 'data', error: prepared.error } });
        const candidates = expandSweep(tuneSettings, models, prepareOptions.window.inputLength);
        const problem = sweepSettingsProblem(tuneSettings, candidates.length);
        if (problem) return set({ tuneProblem: problem });
        const shape = { inputSize: prepared.summary.inputSize, outputSize: prepared.summary.outputSize };
        const runId = runIds.next();
        set({
          ...NO_SWEEP,
          tuneStatus: 'running',
          tuneRunId: runId,
          tuneCandidates: candidates,
          tuneData: loadedData(state),
        });
        state.sendToTrainer({
          type: 'tune',
          runId,
          ...dataRequest(state, table.id),
          topK: tuneSettings.topK,
          models: candidates.map((c) => ({
            id: c.id,
            label: c.label,
            inputLength: c.inputLength,
            setup: modelSetup(c.cell, c.settings, shape),
          })),
        });
      },
      stopTune: () => {
        if (get().tuneStatus !== 'running') return;
        set({ tuneStatus: 'stopping' });
        get().sendToTrainer({ type: 'stop' });
      },
      dismissTuneNotice: (id) => set({ tuneNotices: get().tuneNotices.filter((n) => n.id !== id) }),
      promoteTuned: (id) => {
        const candidate = get().tuneCandidates.find((c) => c.id === id);
        if (!candidate) return;
        get().setModelSettings(candidate.cell, candidate.settings);
      },

      clearSweepResults: () => {
        const { tuneStatus: status, tuneData } = get();
        if (status === 'running' || status === 'stopping' || (status === 'idle' && tuneData === null)) return;
        // the same file loaded again: the results are still about it
        if (sameData(tuneData, loadedData(get()))) return;
        // the next run id: messages still on their way from the cleared sweep are dropped
        set({ ...NO_SWEEP, tuneStatus: 'idle', tuneRunId: runIds.next() });
      },
      receiveTune: (message) => {
        // a message from a sweep that was replaced or cleared is dropped
        if (message.runId !== get().tuneRunId) return;
        switch (message.type) {
          case 'tune-notice':
            set({ tuneNotices: [...get().tuneNotices, { id: ++noticeId, failure: message.failure }] });
            break;
          case 'tune-started':
            set({
              tuneContext: message.context,
              tuneBaselines: message.baselines,
              tuneEngine: message.engine,
              tuneGroups: message.groups,
            });
            break;
          case 'tune-progress':
            set({
              tuneEntries: message.entries,
              tuneElapsedMs: message.elapsedMs,
              tuneSamplesPerSec: message.samplesPerSec,
            });
            break;
          case 'tune-finished':
            set({
              tuneStatus: 'finished',
              tuneResult: message.result,
              tuneElapsedMs: message.result.elapsedMs,
            });
            get().refreshComparison();
            break;
          case 'tune-failed':
            set({ tuneStatus: 'failed', tuneProblem: { kind: 'sweep-failed', error: message.error } });
            break;
        }
      },
    };
  };
