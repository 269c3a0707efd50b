// Which models may share one batched model (src/engine/batching.ts): the key ignores exactly what the kernels read
// per member (seed, dropout, learning rate), and groups keep first-seen order and split past the member limit.
import { describe, expect, test } from 'vitest';
import { batchKey, groupIndices, MAX_BATCHED_MODELS } from '../../src/engine/batching';
import { DEFAULT_OPTIMIZER, type ModelConfig } from '../../src/engine/types';

const config: ModelConfig = {
  cell: 'lstm',
  inputSize: 2,
  hiddenSize: 16,
  numLayers: 2,
  outputSize: 3,
  dropout: 0,
  seed: 1,
};

describe('batchKey', () => {
  test('seed, dropout and learning rate may differ', () => {
    expect(batchKey({ ...config, seed: 9, dropout: 0.3 }, { ...DEFAULT_OPTIMIZER, lr: 0.05 })).toBe(
      batchKey(config, DEFAULT_OPTIMIZER),
    );
  });

  test.each([
    ['cell', { ...config, cell: 'gru' as const }, DEFAULT_OPTIMIZER],
    ['hidden size', { ...config, hiddenSize: 17 }, DEFAULT_OPTIMIZER],
    ['layers', { ...config, numLayers: 1 }, DEFAULT_OPTIMIZER],
    ['inputs', { ...config, inputSize: 3 }, DEFAULT_OPTIMIZER],
    ['outputs', { ...config, outputSize: 1 }, DEFAULT_OPTIMIZER],
    ['optimiser', config, { ...DEFAULT_OPTIMIZER, kind: 'sgd' as const }],
    ['clipping', config, { ...DEFAULT_OPTIMIZER, clipNorm: 1 }],
    ['weight decay', config, { ...DEFAULT_OPTIMIZER, weightDecay: 0.01 }],
  ])('a different %s is another group', (_what, other, optimizer) => {
    expect(batchKey(other, optimizer)).not.toBe(batchKey(config, DEFAULT_OPTIMIZER));
  });
});

describe('groupIndices', () => {
  test('groups by key in first-seen order', () => {
    expect(groupIndices(['a', 'b', 'a', 'c', 'b'], (s) => s)).toEqual([[0, 2], [1, 4], [3]]);
  });

  test(`a group longer than the member limit (${MAX_BATCHED_MODELS}) is split in order`, () => {
    const items = Array.from({ length: 7 }, () => 'same');
    expect(groupIndices(items, (s) => s, 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const many = Array.from({ length: MAX_BATCHED_MODELS + 1 }, () => 'same');
    expect(groupIndices(many, (s) => s).map((g) => g.length)).toEqual([MAX_BATCHED_MODELS, 1]);
  });
});
