// What a training session needs from the engines: models on the current engine, and recovery after a
// lost GPU device (engines.ts implements it for the worker; tests pass small fakes).

import type { ForecastModel, ModelConfig, OptimizerConfig } from '../engine/types';

export interface EngineProvider {
  createModel(
    config: ModelConfig,
    optimizer: OptimizerConfig,
    weights?: Float32Array,
  ): Promise<ForecastModel>;
  /**
   * Models of one `batchKey` (src/engine/batching.ts) whose batches share T and B, in the order given. On
   * the GPU they form one batched model: those stepped in the same tick train in the same dispatches. On
   * the CPU they are separate models.
   */
  createModels(configs: ModelConfig[], optimizers: OptimizerConfig[]): Promise<ForecastModel[]>;
  /** After the GPU device was lost: get a new device or switch to the CPU engine; returns what happened, for the user. */
  recover(reason: string): Promise<string>;
}
