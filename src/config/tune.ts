// A tuning sweep: which settings to try for which cells, how many seeds, and how many of the best models
// (by validation loss) make the ensemble. Expanded here into the list of models to train, so the page can
// show the count before anything starts. Presets: "quick" (8 models) and "thorough" (24 of a larger grid).

import { CELLS, type CellKind, MODEL_NAME } from './cells';
import { type ModelSettings, type NumericSetting, settingProblem } from './modelSettings';

export interface TuneSettings {
  cells: CellKind[];
  hiddenSizes: number[];
  layers: number[];
  learningRates: number[];
  /** Dropout between layers; only combined with two or more layers. */
  dropouts: number[];
  /** Window lengths (input steps) to try; empty: the data panel's window only. */
  windowLengths: number[];
  /** Seeds per setting: the model card's seed, then the next ones. */
  seeds: number;
  /** 'grid': every combination; 'random': `samples` of them, chosen reproducibly. */
  mode: TuneMode;
  samples: number;
  /** Members of the ensemble: the best `topK` models by validation loss. */
  topK: number;
}

export type TuneMode = 'grid' | 'random';
export const TUNE_MODES: readonly TuneMode[] = ['grid', 'random'];

export type TunePreset = 'quick' | 'thorough';

export const TUNE_PRESETS: Record<TunePreset, TuneSettings> = {
  quick: {
    cells: [...CELLS],
    hiddenSizes: [16, 32],
    layers: [1],
    learningRates: [3e-3, 1e-2],
    dropouts: [0],
    windowLengths: [],
    seeds: 1,
    mode: 'grid',
    samples: 8,
    topK: 3,
  },
  thorough: {
    cells: [...CELLS],
    hiddenSizes: [16, 32, 64],
    layers: [1, 2],
    learningRates: [1e-3, 3e-3, 1e-2],
    dropouts: [0, 0.2],
    windowLengths: [],
    seeds: 2,
    mode: 'random',
    samples: 24,
    topK: 5,
  },
};

/** More models than this are refused: the page says so before starting. */
export const MAX_TUNE_MODELS = 64;

/** The sweep's own limits, written once: the Tune form's fields and `tuneProblem` both read them. */
export const TUNE_LIMITS = {
  seeds: { min: 1, max: 5 },
  topK: { min: 1, max: 10 },
  samples: { min: 1, max: MAX_TUNE_MODELS },
  windowLength: { min: 1, max: 4096 },
} as const;

export type TuneLimit = keyof typeof TUNE_LIMITS;

/** `value` rounded and brought inside the limits of `key`. */
export function clampTuneSetting(key: TuneLimit, value: number): number {
  const { min, max } = TUNE_LIMITS[key];
  return Math.max(min, Math.min(max, Math.round(value)));
}

export interface TuneCandidate {
  /** 0-based position in the sweep; identifies the model in progress and results. */
  id: number;
  cell: CellKind;
  settings: ModelSettings;
  /** Input steps of the model's windows. */
  inputLength: number;
  /** e.g. "GRU 1×32 · lr 0.003 · seed 42", with " · window 24" when the sweep varies the window. */
  label: string;
}

export function candidateLabel(cell: CellKind, s: ModelSettings, window?: number): string {
  const dropout = s.numLayers > 1 && s.dropout > 0 ? ` · dropout ${s.dropout}` : '';
  const w = window === undefined ? '' : ` · window ${window}`;
  return `${MODEL_NAME[cell]} ${s.numLayers}×${s.hiddenSize} · lr ${s.lr}${dropout}${w} · seed ${s.seed}`;
}

/** A reproducible shuffle (a small linear congruential generator; the config module imports nothing). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Every model of the sweep: for each cell, the grid of layers × hidden sizes × learning rates × dropouts
 * (dropout only with two or more layers) × seeds over that cell's card settings, for each window length
 * (or the data panel's `dataWindow`); in random mode, `samples` of them. Batch size, epochs, patience, optimiser and clipping come from the card.
 */
export function expandSweep(
  tune: TuneSettings,
  base: Record<CellKind, ModelSettings>,
  dataWindow = 24,
): TuneCandidate[] {
  const all: Omit<TuneCandidate, 'id'>[] = [];
  const seen = new Set<string>();
  const varied = tune.windowLengths.length > 0;
  const windows = varied ? [...new Set(tune.windowLengths)] : [dataWindow];
  for (const cell of CELLS.filter((c) => tune.cells.includes(c))) {
    for (const inputLength of windows)
      for (const numLayers of tune.layers)
        for (const hiddenSize of tune.hiddenSizes)
          for (const lr of tune.learningRates)
            for (const d of tune.dropouts)
              for (let s = 0; s < Math.max(1, tune.seeds); s++) {
                const dropout = numLayers > 1 ? d : 0;
                const settings = {
                  ...base[cell],
                  numLayers,
                  hiddenSize,
                  lr,
                  dropout,
                  seed: base[cell].seed + s,
                };
                const key = `${cell}|${inputLength}|${numLayers}|${hiddenSize}|${lr}|${dropout}|${settings.seed}`;
                if (seen.has(key)) continue;
                seen.add(key);
                const label = candidateLabel(cell, settings, varied ? inputLength : undefined);
                all.push({ cell, settings, inputLength, label });
              }
  }
  const chosen = tune.mode === 'random' ? shuffled(all, 7).slice(0, Math.max(1, tune.samples)) : all;
  return chosen.map((c, id) => ({ ...c, id }));
}

/** A grid list of the sweep that needs at least one value. */
export type SweepList = 'hiddenSizes' | 'layers' | 'learningRates' | 'dropouts';

/** The model setting each grid list varies. */
const LIST_SETTING = {
  hiddenSizes: 'hiddenSize',
  layers: 'numLayers',
  learningRates: 'lr',
  dropouts: 'dropout',
} as const satisfies Record<SweepList, NumericSetting>;
const SWEEP_LISTS = Object.keys(LIST_SETTING) as SweepList[];

/** Why a sweep's settings cannot start it, as data; the Tune panel words it (src/ui/tune/tuneProblemText.ts). */
export type SweepSettingsProblem =
  | { kind: 'no-cells' }
  | { kind: 'empty-list'; list: SweepList }
  /** A window length that is not a whole number from `min` to `max`. */
  | { kind: 'bad-window-length'; value: number; min: number; max: number }
  /** A grid value outside the model settings' limits; `problem` is `settingProblem`'s sentence for it. */
  | {
      kind: 'bad-grid-value';
      setting: (typeof LIST_SETTING)[SweepList];
      value: number;
      problem: string;
    }
  | { kind: 'too-many-models'; count: number; max: number }
  | { kind: 'no-ensemble' }
  /** Seeds per setting or the ensemble size is not a whole number from `min` to `max`. */
  | { kind: 'bad-count'; setting: 'seeds' | 'topK'; min: number; max: number };

/** Why the sweep cannot start with these settings and `count` models, or null. */
export function sweepSettingsProblem(tune: TuneSettings, count: number): SweepSettingsProblem | null {
  if (tune.cells.length === 0) return { kind: 'no-cells' };
  for (const list of SWEEP_LISTS) {
    if (tune[list].length === 0) return { kind: 'empty-list', list };
  }
  const { min, max } = TUNE_LIMITS.windowLength;
  for (const value of tune.windowLengths) {
    if (!Number.isInteger(value) || value < min || value > max)
      return { kind: 'bad-window-length', value, min, max };
  }
  for (const list of SWEEP_LISTS) {
    const setting = LIST_SETTING[list];
    for (const value of tune[list]) {
      const problem = settingProblem(setting, value);
      if (problem) return { kind: 'bad-grid-value', setting, value, problem };
    }
  }
  if (count > MAX_TUNE_MODELS) return { kind: 'too-many-models', count, max: MAX_TUNE_MODELS };
  if (tune.topK < TUNE_LIMITS.topK.min) return { kind: 'no-ensemble' };
  for (const setting of ['seeds', 'topK'] as const) {
    const { min, max } = TUNE_LIMITS[setting];
    if (!Number.isInteger(tune[setting]) || tune[setting] > max)
      return { kind: 'bad-count', setting, min, max };
  }
  return null;
}
