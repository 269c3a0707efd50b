// The settings a person chooses for one model, and how they become engine configs.
// Defaults follow workload W1: 2 layers × 64 hidden units, batch 64, Adam with learning rate 1e-3.

import { paramCount } from '../engine/layout';
import {
  type CellKind,
  DEFAULT_OPTIMIZER,
  type ModelConfig,
  type OptimizerConfig,
  type OptimizerKind,
} from '../engine/types';
import type { ModelSetup } from '../worker/protocol';

export interface ModelSettings {
  numLayers: number;
  hiddenSize: number;
  lr: number;
  batchSize: number;
  epochs: number;
  optimizer: OptimizerKind;
  /** SGD momentum (ignored by Adam and RMSprop). */
  momentum: number;
  /** Global-norm gradient clipping; 0 = off. */
  clipNorm: number;
  /** Dropout between recurrent layers; needs ≥ 2 layers to matter. */
  dropout: number;
  seed: number;
  /** Early-stopping patience in epochs; 0 = off. */
  patience: number;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  numLayers: 2,
  hiddenSize: 64,
  lr: 1e-3,
  batchSize: 64,
  epochs: 20,
  optimizer: 'adam',
  momentum: 0.9,
  clipNorm: 1,
  dropout: 0,
  seed: 42,
  patience: 5,
};

/** Allowed ranges, shared by the inputs (min/max/step) and the validation below. */
export const SETTING_LIMITS: Record<
  Exclude<keyof ModelSettings, 'optimizer'>,
  { min: number; max: number }
> = {
  numLayers: { min: 1, max: 4 },
  hiddenSize: { min: 1, max: 512 },
  lr: { min: 1e-6, max: 1 },
  batchSize: { min: 1, max: 1024 },
  epochs: { min: 1, max: 1000 },
  momentum: { min: 0, max: 0.999 },
  clipNorm: { min: 0, max: 1000 },
  dropout: { min: 0, max: 0.9 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  patience: { min: 0, max: 1000 },
};

const INTEGER_SETTINGS = new Set<keyof ModelSettings>([
  'numLayers',
  'hiddenSize',
  'batchSize',
  'epochs',
  'seed',
  'patience',
]);

/** A message for a setting outside its range, or null when it is fine. */
export function settingProblem(key: Exclude<keyof ModelSettings, 'optimizer'>, value: number): string | null {
  const { min, max } = SETTING_LIMITS[key];
  if (!Number.isFinite(value)) return 'Enter a number.';
  if (INTEGER_SETTINGS.has(key) && !Number.isInteger(value)) return 'Enter a whole number.';
  if (value < min || value > max) return `Between ${min} and ${max}.`;
  return null;
}

/** Every problem of a model's settings, by field. */
export function settingsProblems(settings: ModelSettings): Partial<Record<keyof ModelSettings, string>> {
  const problems: Partial<Record<keyof ModelSettings, string>> = {};
  for (const key of Object.keys(SETTING_LIMITS) as (keyof typeof SETTING_LIMITS)[]) {
    const problem = settingProblem(key, settings[key]);
    if (problem) problems[key] = problem;
  }
  return problems;
}

/** Model inputs and outputs follow from the dataset: F features in, horizon × targets out. */
export interface DatasetShape {
  inputSize: number;
  outputSize: number;
}

export function modelConfig(cell: CellKind, settings: ModelSettings, shape: DatasetShape): ModelConfig {
  return {
    cell,
    inputSize: shape.inputSize,
    hiddenSize: settings.hiddenSize,
    numLayers: settings.numLayers,
    outputSize: shape.outputSize,
    dropout: settings.numLayers > 1 ? settings.dropout : 0,
    seed: settings.seed,
  };
}

export function optimizerConfig(settings: ModelSettings): OptimizerConfig {
  return {
    ...DEFAULT_OPTIMIZER,
    kind: settings.optimizer,
    lr: settings.lr,
    momentum: settings.optimizer === 'sgd' ? settings.momentum : 0,
    clipNorm: settings.clipNorm,
  };
}

export function modelSetup(cell: CellKind, settings: ModelSettings, shape: DatasetShape): ModelSetup {
  return {
    config: modelConfig(cell, settings, shape),
    optimizer: optimizerConfig(settings),
    loop: { batchSize: settings.batchSize, epochs: settings.epochs, patience: settings.patience },
  };
}

export function settingsParamCount(cell: CellKind, settings: ModelSettings, shape: DatasetShape): number {
  return paramCount(modelConfig(cell, settings, shape));
}
