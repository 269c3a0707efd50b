// Which models can train as one batched model: the same shapes and optimiser, differing only in their
// seed, dropout and learning rate (what the kernels read per member from the round uniform, see
// shaders/members.wgsl). Pure, so the worker groups a sweep without loading the GPU engine.
import type { ModelConfig, OptimizerConfig } from './types';

/** Members of one batched model at most: the size of the `members` array in shaders/members.wgsl. */
export const MAX_BATCHED_MODELS = 64;

/** Models with equal keys can share one batched model (their batches must also share T and B). */
export function batchKey(config: ModelConfig, optimizer: OptimizerConfig): string {
  const { cell, inputSize, hiddenSize, numLayers, outputSize } = config;
  const { kind, beta1, beta2, eps, momentum, alpha, weightDecay, clipNorm } = optimizer;
  return JSON.stringify([
    cell,
    inputSize,
    hiddenSize,
    numLayers,
    outputSize,
    kind,
    beta1,
    beta2,
    eps,
    momentum,
    alpha,
    weightDecay,
    clipNorm,
  ]);
}

/** Models with equal group keys train as one batched model: the same batchKey, and batches of equal T and B. */
export function batchGroupKey(
  config: ModelConfig,
  optimizer: OptimizerConfig,
  timeSteps: number,
  batchSize: number,
): string {
  return `${batchKey(config, optimizer)} T${timeSteps} B${batchSize}`;
}

/**
 * Indices of `items` grouped by `key`, in first-seen order, each group at most `max` long (a longer
 * group is split in order).
 */
export function groupIndices<T>(items: readonly T[], key: (item: T) => string, max = MAX_BATCHED_MODELS) {
  const byKey = new Map<string, number[][]>();
  const order: number[][] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const chunks = byKey.get(k) ?? [];
    if (!byKey.has(k)) byKey.set(k, chunks);
    let last = chunks[chunks.length - 1];
    if (!last || last.length >= max) {
      last = [];
      chunks.push(last);
      order.push(last);
    }
    last.push(i);
  });
  return order;
}
