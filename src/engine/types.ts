// Shared engine types: the CPU reference and the WebGPU engine both implement `ForecastModel`.
// Dimension letters follow DESIGN.md: T time, B batch, F features, H hidden, G gates, L layers, O outputs.

import type { CellKind, OptimizerKind } from '../config';

export type { CellKind, OptimizerKind } from '../config';

/** Gates per cell: LSTM i,f,g,o; GRU r,z,n (PyTorch order). */
export const GATES: Record<CellKind, number> = { lstm: 4, gru: 3 };

export interface ModelConfig {
  cell: CellKind;
  /** F: features per time step fed to the first layer. */
  inputSize: number;
  /** H: hidden units per layer. */
  hiddenSize: number;
  /** L: stacked recurrent layers. */
  numLayers: number;
  /** O: head outputs = horizon × number of target columns, laid out step-major: (horizon, targets). */
  outputSize: number;
  /** Dropout probability between recurrent layers (training only). 0 disables it. */
  dropout: number;
  /** Seed for initialisation and dropout masks. */
  seed: number;
}

export interface OptimizerConfig {
  kind: OptimizerKind;
  lr: number;
  /** Adam β1 (PyTorch default 0.9). */
  beta1: number;
  /** Adam β2 (PyTorch default 0.999). */
  beta2: number;
  /** Adam / RMSprop ε (PyTorch default 1e-8). */
  eps: number;
  /** SGD momentum (PyTorch default 0). */
  momentum: number;
  /** RMSprop smoothing constant α (PyTorch default 0.99). */
  alpha: number;
  /** L2 penalty added to the gradient, PyTorch `weight_decay` semantics. */
  weightDecay: number;
  /** Global-norm gradient clipping threshold; 0 disables it. */
  clipNorm: number;
}

export const DEFAULT_OPTIMIZER: OptimizerConfig = {
  kind: 'adam',
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  momentum: 0,
  alpha: 0.99,
  weightDecay: 0,
  clipNorm: 0,
};

/** One named tensor inside the flat parameter vector, PyTorch name and shape. */
export interface ParamTensor {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/**
 * A batch of windows.
 * x: (B, T, F) row-major, scaled inputs.
 * y: (B, O) row-major, scaled targets.
 */
export interface Batch {
  x: Float32Array;
  y: Float32Array;
  batchSize: number;
  timeSteps: number;
}

export interface StepResult {
  /** Mean squared error over the batch before the update. */
  loss: number;
  /** Global gradient L2 norm before clipping (NaN if the engine does not compute it). */
  gradNorm: number;
}

/** Which implementation trains a model, for display. */
export interface EngineInfo {
  kind: 'webgpu' | 'cpu';
  /** Human description, e.g. the adapter name or "CPU reference (Float64)". */
  description: string;
  /** Kernel path in use, e.g. "fused" or "per-step fallback: H too large for workgroup memory". */
  path: string;
  /** Dispatches and submits recorded for one training step (0 for the CPU engine). */
  dispatchesPerStep: number;
  submitsPerStep: number;
}

/** An optimiser's state buffers by name, in this order: Adam m, v; SGD momentum; RMSprop sq. */
export const OPTIMIZER_STATE: Record<OptimizerKind, readonly string[]> = {
  adam: ['m', 'v'],
  sgd: ['momentum'],
  rmsprop: ['sq'],
};

/**
 * What an optimiser remembers between steps: its state buffers (OPTIMIZER_STATE order, (N) each in
 * paramLayout order) and the steps taken. The same on both engines, so a run can move between them.
 */
export interface OptimizerSnapshot {
  step: number;
  buffers: Float32Array[];
}

/**
 * A trainable forecaster. Both engines implement it with identical maths.
 * Promises let the GPU engine pipeline steps; the CPU engine resolves immediately.
 */
export interface ForecastModel {
  readonly config: ModelConfig;
  readonly optimizer: OptimizerConfig;
  readonly info: EngineInfo;
  /** One optimiser step on the batch; resolves with the loss measured before the update. */
  trainStep(batch: Batch): Promise<StepResult>;
  /** Mean squared error on the batch without updating (dropout off). */
  evaluate(batch: Batch): Promise<number>;
  /** Head outputs for x (B, T, F): returns (B, O). Dropout off. */
  predict(x: Float32Array, batchSize: number, timeSteps: number): Promise<Float32Array>;
  /** Flat parameter vector in `paramLayout` order (PyTorch layout). */
  getWeights(): Promise<Float32Array>;
  setWeights(weights: Float32Array): Promise<void>;
  /** The optimiser's state now (read back from the GPU on the WebGPU engine). */
  getOptimizerState(): Promise<OptimizerSnapshot>;
  /** Weights and optimiser state together: training continues exactly as where they were taken. */
  restore(weights: Float32Array, state: OptimizerSnapshot): Promise<void>;
  /** Releases GPU buffers; a no-op on the CPU. */
  dispose(): void;
}
