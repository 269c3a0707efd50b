import type { CellKind } from '../../../src/engine/types';
import { DEFAULT_OPTIMIZER } from '../../../src/engine/types';
import type { SavedRun } from '../../../src/persist/runRecord';
import { defaultTrainingConfig } from '../../../src/persist/trainingConfig';

/** A small, complete run as the playground would save it. */
export function makeRun(id: string, createdAt: number, cells: CellKind[] = ['lstm', 'gru']): SavedRun {
  return {
    id,
    name: `run ${id}`,
    createdAt,
    status: 'finished',
    config: defaultTrainingConfig(),
    dataset: { name: 'sine.csv', sampleId: 'sine', fingerprint: 'ab'.repeat(32), rows: 500 },
    scaler: { kind: 'standard', columns: ['y'], offset: [0.5], scale: [2] },
    models: cells.map((cell, i) => ({
      cell,
      model: { cell, inputSize: 1, hiddenSize: 2, numLayers: 1, outputSize: 1, dropout: 0, seed: 1 },
      optimizer: DEFAULT_OPTIMIZER,
      status: 'finished' as const,
      history: [
        { epoch: 1, train: 0.5 + i, val: 0.6 + i },
        { epoch: 2, train: 0.25 + i, val: Number.NaN },
      ],
      metrics: { mse: 0.1 + i, rmse: Math.sqrt(0.1 + i), mae: 0.2, smape: 12.5 },
      paramCount: 3,
      timings: { trainMs: 1234, epochs: 2, samplesPerSec: 900 },
      engine: {
        kind: 'cpu',
        description: 'CPU reference',
        path: 'reference',
        dispatchesPerStep: 0,
        submitsPerStep: 0,
      },
    })),
    baselines: { naive: { mse: 0.3 } },
    payload: {
      id,
      weights: Object.fromEntries(cells.map((c, i) => [c, new Float32Array([i, 0.5, -1.25])])),
      predictions: {
        timeKind: 'index',
        targets: ['y'],
        time: new Float64Array([10, 11, 12]),
        actual: new Float32Array([1, 2, Number.NaN]),
        predicted: { lstm: new Float32Array([1.1, 1.9, 3]) },
      },
    },
  };
}
