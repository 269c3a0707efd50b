import { describe, expect, it } from 'vitest';
import { paramCount, paramLayout } from '../../src/engine/layout';

describe('paramLayout', () => {
  it('follows the PyTorch state_dict order and sizes for a 2-layer LSTM', () => {
    const layout = paramLayout({
      cell: 'lstm',
      inputSize: 3,
      hiddenSize: 5,
      numLayers: 2,
      outputSize: 2,
      dropout: 0,
      seed: 1,
    });
    expect(layout.map((t) => t.name)).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
      'weight_ih_l1',
      'weight_hh_l1',
      'bias_ih_l1',
      'bias_hh_l1',
      'head.weight',
      'head.bias',
    ]);
    expect(layout[0].shape).toEqual([20, 3]);
    expect(layout[4].shape).toEqual([20, 5]);
    // torch: 4H(F+H+2) + 4H(H+H+2) + O·H + O
    expect(
      paramCount({
        cell: 'lstm',
        inputSize: 3,
        hiddenSize: 5,
        numLayers: 2,
        outputSize: 2,
        dropout: 0,
        seed: 1,
      }),
    ).toBe(20 * (3 + 5 + 2) + 20 * (5 + 5 + 2) + 2 * 5 + 2);
  });

  it('uses three gates for a GRU', () => {
    const layout = paramLayout({
      cell: 'gru',
      inputSize: 1,
      hiddenSize: 4,
      numLayers: 1,
      outputSize: 1,
      dropout: 0,
      seed: 1,
    });
    expect(layout[1].shape).toEqual([12, 4]);
    const offsets = layout.map((t) => t.offset);
    expect(offsets).toEqual([0, 12, 60, 72, 84, 88]);
  });
});
