// Tune slice: the sweep's settings (a preset or edited lists), its live leaderboard and its result. The
// sweep runs in the training worker, which owns the GPU; starting one stops a training run and vice versa.

import {
  type CellKind,
  expandSweep,
  sweepSettingsProblem,
  TUNE_PRESETS,
  type TuneCandidate,
  type TunePreset,
  type TuneSettings,
} from '../config';
import { batchGroupKey, groupIndices } from '../engine/batching';
import { modelSetup } from './modelSettings';
import type { RunIds } from './runIds';
import { dataRequest, loadedData, sameData } from './selectors';
import type { Slice, TuneSlice } from './types';

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
/** Per model: building it (kernel compilation on the GPU) and evaluating it at the end. */
const MODEL_SETUP_MS = 300;

export interface SweepEstimate {
  ms: number;
  /** Whether the step time came from this page's last run (else a rough default). */
  measured: boolean;
}

/**
 * Time to train every model for all its epochs (early stopping only shortens it). A step costs a fixed
 * part and a part proportional to its multiply-adds (`STEP_FIXED_MS`, `STEP_MS_PER_MEGA_MAC`), both scaled so
 * that the last run's model costs its measured step time; before any run, as they are. A small model's step is
 * mostly the fixed part, so a larger model is not thought dearer than it is. `batched`
 * (the WebGPU engine): same-shape models train as one batched model, as the worker groups them, so a group
 * pays the fixed part once per step and each member its own proportional part.
 */
export function sweepEstimate(
  candidates: TuneCandidate[],
  shape: { inputSize: number; windowLength: number; trainWindows: number },
  lastRun: {
    cell: CellKind;
    hidden: number;
    layers: number;
    batchSize: number;
    samplesPerSec: number;
  } | null,
  batched = false,
): SweepEstimate {
  const cost = (cell: CellKind, hidden: number, layers: number) =>
    sampleCost(cell, hidden, layers, shape.inputSize, shape.windowLength);
  const measured = lastRun !== null && lastRun.samplesPerSec > 0;
  const modelMs = (work: number) => (STEP_MS_PER_MEGA_MAC * work) / 1e6;
  // this machine's speed against the shape's: the last run's model costs its measured step
  const speed = measured
    ? ((lastRun.batchSize / lastRun.samplesPerSec) * 1000) /
      (STEP_FIXED_MS + modelMs(lastRun.batchSize * cost(lastRun.cell, lastRun.hidden, lastRun.layers)))
    : 1;
  const fixedMs = speed * STEP_FIXED_MS;
  const workMs = (c: TuneCandidate) =>
    speed * modelMs(c.settings.batchSize * cost(c.cell, c.settings.hiddenSize, c.settings.numLayers));
  const steps = (c: TuneCandidate) =>
    c.settings.epochs * Math.max(1, Math.floor(shape.trainWindows / c.settings.batchSize));
  const key = (c: TuneCandidate) => {
    const { config, optimizer } = modelSetup(c.cell, c.settings, {
      inputSize: shape.inputSize,
      outputSize: 1,
    });
    // the batch the worker trains with: at most the training windows, as trainBatchSize does
    const batch = Math.max(1, Math.min(c.settings.batchSize, shape.trainWindows));
    return batchGroupKey(config, optimizer, c.inputLength, batch);
  };
  const groups = batched ? groupIndices(candidates, key) : candidates.map((_, i) => [i]);
  const ms = groups.reduce((sum, group) => {
    const members = group.map((i) => candidates[i]);
    // a batched group steps until its longest member is done; each member's own work only while it trains
    const groupSteps = Math.max(...members.map(steps));
    const work = members.reduce((w, c) => w + steps(c) * workMs(c), 0);
    return sum + members.length * MODEL_SETUP_MS + groupSteps * fixedMs + work;
  }, 0);
  return { ms, measured };
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
