// How a model's settings (defined, with defaults and limits, in src/config) become engine configs.

import type { CellKind, ModelSettings } from '../config';
import { paramCount } from '../engine/layout';
import { DEFAULT_OPTIMIZER, type ModelConfig, type OptimizerConfig } from '../engine/types';
import type { ModelSetup } from '../worker/protocol';

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
