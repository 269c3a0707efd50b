// Hand-built datasets and scripted models for the training-session tests.
import type { SplitName, SplitWindows } from '../../src/data/types';
import { paramCount } from '../../src/engine/layout';
import { createCpuModel } from '../../src/engine/reference/cpuModel';
import type {
  Batch,
  CellKind,
  EngineInfo,
  ForecastModel,
  ModelConfig,
  OptimizerConfig,
  OptimizerSnapshot,
  StepResult,
} from '../../src/engine/types';
import type { EngineProvider } from '../../src/worker/engineProvider';
import type { SessionData } from '../../src/worker/evaluation';
import type { ModelSetup } from '../../src/worker/protocol';

/**
 * One column y_t = 10 + sin(2πt/period), standard-scaled with offset 10 and scale 2,
 * split 60/20/20 by rows, windows of T inputs and `horizon` targets inside each split.
 */
export function sineData(N = 100, T = 4, horizon = 2, period = 8): SessionData {
  const values = Float32Array.from({ length: N }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / period));
  const scaled = values.map((v) => (v - 10) / 2);
  const bounds = [0, Math.floor(N * 0.6), Math.floor(N * 0.8), N];
  const names: SplitName[] = ['train', 'val', 'test'];
  const splits = {} as Record<SplitName, { start: number; end: number }>;
  const windows = {} as Record<SplitName, SplitWindows>;
  names.forEach((name, i) => {
    const rows = { start: bounds[i], end: bounds[i + 1] };
    splits[name] = rows;
    windows[name] = {
      rows,
      count: Math.max(0, rows.end - rows.start - T - horizon + 1),
      inputStart: (k: number) => rows.start + k,
    };
  });
  const gatherBatch = (split: SplitName, indices: ArrayLike<number>): Batch => {
    const B = indices.length;
    const x = new Float32Array(B * T);
    const y = new Float32Array(B * horizon);
    for (let b = 0; b < B; b++) {
      const s = windows[split].inputStart(indices[b]);
      for (let t = 0; t < T; t++) x[b * T + t] = scaled[s + t];
      for (let k = 0; k < horizon; k++) y[b * horizon + k] = scaled[s + T + k];
    }
    return { x, y, batchSize: B, timeSteps: T };
  };
  const inverse = (_c: number, v: ArrayLike<number>) => Float32Array.from(v, (s) => s * 2 + 10);
  return {
    columns: ['y'],
    featureIndex: [0],
    targetIndex: [0],
    length: N,
    values,
    time: Float64Array.from({ length: N }, (_, t) => t),
    timeKind: 'index',
    splits,
    scaler: {
      kind: 'standard',
      columns: ['y'],
      offset: [10],
      scale: [2],
      transform: (_c, v) => Float32Array.from(v, (s) => (s - 10) / 2),
      inverse,
    },
    windows: { ...windows, config: { inputLength: T, horizon, stride: 1 } },
    outputSize: horizon,
    formulation: 'level',
    calendar: [],
    anchoredInputs: [true],
    gatherBatch,
    anchors: (split: SplitName, indices: ArrayLike<number>) =>
      Float32Array.from(indices, (k) => scaled[windows[split].inputStart(k) + T - 1]),
    inputAt: (row: number) => scaled.slice(row - T, row),
    anchorsAt: (row: number) => Float32Array.of(scaled[row - 1]),
    report: { intervals: null } as SessionData['report'],
  };
}

export const FAKE_INFO: EngineInfo = {
  kind: 'cpu',
  description: 'scripted test model',
  path: 'test',
  dispatchesPerStep: 0,
  submitsPerStep: 0,
};

export interface Script {
  /** Loss returned by the n-th train step (0-based); default a slowly decreasing loss. */
  trainLoss?: (step: number) => number;
  /** The value predicted for every output, from the model's single weight (default 1 / (1 + weight), so validation loss falls as it trains). */
  output?: (weight: number) => number;
  /** Throws this from the n-th train step, once. */
  throwAt?: { step: number; error: unknown };
  /** The engine the model says it runs on (default the CPU-like FAKE_INFO). */
  info?: EngineInfo;
}

/**
 * A model whose losses follow a script. Its single "weight" counts the train steps taken, so tests can
 * see which weights were restored; it predicts `output(weight)` for every output.
 */
export class ScriptedModel implements ForecastModel {
  readonly info: EngineInfo;
  steps = 0;
  /** Batch size of every predict call, to check that one shape is used throughout. */
  predictBatchSizes: number[] = [];
  weight = 0;
  disposed = false;
  private readonly n: number;

  constructor(
    readonly config: ModelConfig,
    readonly optimizer: OptimizerConfig,
    private readonly script: Script,
    initialWeights?: Float32Array,
  ) {
    this.n = paramCount(config);
    this.info = script.info ?? FAKE_INFO;
    if (initialWeights) this.weight = initialWeights[0];
  }

  private output(): number {
    return this.script.output?.(this.weight) ?? 1 / (1 + this.weight);
  }

  async trainStep(_batch: Batch): Promise<StepResult> {
    const step = this.steps++;
    const failure = this.script.throwAt;
    if (failure && failure.step === step) {
      // once per script: a recreated model trains normally
      this.script.throwAt = undefined;
      throw failure.error;
    }
    this.weight++;
    return { loss: this.script.trainLoss?.(step) ?? 1 / (1 + step), gradNorm: 1 };
  }

  async evaluate(batch: Batch): Promise<number> {
    const value = this.output();
    return batch.y.reduce((sum, y) => sum + (value - y) ** 2, 0) / batch.y.length;
  }

  async predict(x: Float32Array, batchSize: number): Promise<Float32Array> {
    void x;
    this.predictBatchSizes.push(batchSize);
    return new Float32Array(batchSize * this.config.outputSize).fill(this.output());
  }

  async getWeights(): Promise<Float32Array> {
    return new Float32Array(this.n).fill(this.weight);
  }

  async setWeights(weights: Float32Array): Promise<void> {
    this.weight = weights[0];
  }

  /** Its one piece of optimiser state is the number of steps taken. */
  async getOptimizerState(): Promise<OptimizerSnapshot> {
    return { step: this.steps, buffers: [new Float32Array(this.n).fill(this.steps)] };
  }

  /** Restored state shows in `restoredStep`, so tests can see the optimiser came along. */
  restoredStep: number | null = null;

  async restore(weights: Float32Array, state: OptimizerSnapshot): Promise<void> {
    this.weight = weights[0];
    this.restoredStep = state.step;
  }

  dispose(): void {
    this.disposed = true;
  }
}

export function setup(cell: 'lstm' | 'gru', loop: Partial<ModelSetup['loop']> = {}): ModelSetup {
  return {
    config: { cell, inputSize: 1, hiddenSize: 4, numLayers: 1, outputSize: 2, dropout: 0, seed: 1 },
    optimizer: {
      kind: 'adam',
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      momentum: 0,
      alpha: 0.99,
      weightDecay: 0,
      clipNorm: 0,
    },
    loop: { batchSize: 8, epochs: 3, patience: 0, ...loop },
  };
}

/** A fake engine from its createModel: createModels builds the models one by one, as the CPU engine does. */
export function oneByOne(engines: Omit<EngineProvider, 'createModels'>): EngineProvider {
  return {
    ...engines,
    createModels: (configs, optimizers) =>
      Promise.all(configs.map((config, k) => engines.createModel(config, optimizers[k]))),
  };
}

/** The CPU engine, one model at a time, for sessions that really train. */
export const CPU_ENGINES: EngineProvider = oneByOne({
  createModel: (config, optimizer, weights) => createCpuModel(config, optimizer, weights),
  recover: async () => 'not used',
});

/** A 1 × 4 network trained for two epochs: enough to differ between origins, fast on the CPU engine. */
export function tinySetup(cell: CellKind): ModelSetup {
  const base = setup(cell, { batchSize: 16, epochs: 2, patience: 0 });
  return { ...base, config: { ...base.config, outputSize: 1 }, optimizer: { ...base.optimizer, lr: 1e-2 } };
}
