// The CPU engine: the Float64 reference behind the ForecastModel interface. It trains when the
// browser has no WebGPU, and it is the oracle the GPU engine's golden tests compare against.
import { paramCount } from '../layout';
import {
  type Batch,
  type EngineInfo,
  type ForecastModel,
  type ModelConfig,
  OPTIMIZER_STATE,
  type OptimizerConfig,
  type OptimizerSnapshot,
  type StepResult,
} from '../types';
import { mseLoss } from './dense';
import { forwardBackward, initParams, type NumericBatch, predictBatch } from './model';
import { clipScale, createOptimizerState, type OptimizerState, optimizerUpdate } from './optimizers';

export const CPU_ENGINE_INFO: EngineInfo = {
  kind: 'cpu',
  description: 'CPU reference (Float64)',
  path: 'reference',
  dispatchesPerStep: 0,
  submitsPerStep: 0,
};

export class CpuModel implements ForecastModel {
  readonly info: EngineInfo = CPU_ENGINE_INFO;
  private readonly params: Float64Array; // flat, paramLayout order
  private readonly state: OptimizerState;
  /** Optimiser steps taken; the next step is step + 1 (Adam bias correction, dropout stream). */
  private step = 0;

  /** initialWeights: flat in paramLayout order (Float64 keeps full precision); default initParams(config). */
  constructor(
    readonly config: ModelConfig,
    readonly optimizer: OptimizerConfig,
    initialWeights?: Float32Array | Float64Array,
  ) {
    const n = paramCount(config);
    this.params = new Float64Array(n);
    this.setWeightsNow(initialWeights ?? initParams(config));
    this.state = createOptimizerState(n);
  }

  /** Synchronous training step: forward, backward, global-norm clipping, L2 and the optimiser. */
  trainStepNow(batch: NumericBatch): StepResult {
    this.step++;
    const { loss, grads } = forwardBackward(this.params, this.config, batch, {
      training: true,
      step: this.step,
    });
    const { norm, scale } = clipScale(grads, this.optimizer.clipNorm);
    optimizerUpdate(this.params, grads, this.state, this.step, this.optimizer, scale);
    return { loss, gradNorm: norm };
  }

  async trainStep(batch: Batch): Promise<StepResult> {
    return this.trainStepNow(batch);
  }

  async evaluate(batch: Batch): Promise<number> {
    return mseLoss(
      predictBatch(this.params, this.config, batch.x, batch.batchSize, batch.timeSteps),
      batch.y,
    );
  }

  async predict(x: Float32Array, batchSize: number, timeSteps: number): Promise<Float32Array> {
    return Float32Array.from(predictBatch(this.params, this.config, x, batchSize, timeSteps));
  }

  async getWeights(): Promise<Float32Array> {
    return Float32Array.from(this.params);
  }

  /** The Float64 weights themselves (a copy), for parity tests. */
  weights64(): Float64Array {
    return this.params.slice();
  }

  async setWeights(weights: Float32Array): Promise<void> {
    this.setWeightsNow(weights);
  }

  /** The reference keeps every optimiser's state in m and v: SGD's momentum in m, RMSprop's sq in v. */
  private stateArrays(): Float64Array[] {
    const slot: Record<string, Float64Array> = {
      m: this.state.m as Float64Array,
      v: this.state.v as Float64Array,
      momentum: this.state.m as Float64Array,
      sq: this.state.v as Float64Array,
    };
    return OPTIMIZER_STATE[this.optimizer.kind].map((name) => slot[name]);
  }

  async getOptimizerState(): Promise<OptimizerSnapshot> {
    return { step: this.step, buffers: this.stateArrays().map((a) => Float32Array.from(a)) };
  }

  async restore(weights: Float32Array, state: OptimizerSnapshot): Promise<void> {
    const arrays = this.stateArrays();
    if (state.buffers.length !== arrays.length) {
      throw new Error(
        `${this.optimizer.kind} keeps ${arrays.length} state buffers, got ${state.buffers.length}`,
      );
    }
    for (const [i, data] of state.buffers.entries()) {
      if (data.length !== this.params.length)
        throw new Error(`optimiser state has ${data.length} values, expected ${this.params.length}`);
      arrays[i].set(data);
    }
    this.setWeightsNow(weights);
    this.step = state.step;
  }

  /** Replaces the weights; the optimiser state and step count are kept, like torch's load_state_dict. */
  private setWeightsNow(weights: Float32Array | Float64Array): void {
    if (weights.length !== this.params.length) {
      throw new Error(`expected ${this.params.length} weights for this model, got ${weights.length}`);
    }
    this.params.set(weights);
  }

  dispose(): void {}
}

export async function createCpuModel(
  config: ModelConfig,
  optimizer: OptimizerConfig,
  initialWeights?: Float32Array | Float64Array,
): Promise<CpuModel> {
  return new CpuModel(config, optimizer, initialWeights);
}
