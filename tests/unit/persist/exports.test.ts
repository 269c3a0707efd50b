import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/persist/configFile';
import { modelSidecarJson } from '../../../src/persist/modelExport';
import { predictionsToCsv } from '../../../src/persist/predictionsCsv';
import { describeStorage, formatBytes } from '../../../src/persist/storage';
import { defaultTrainingConfig } from '../../../src/persist/trainingConfig';

describe('predictionsToCsv', () => {
  it('writes timestamp, actual, lstm, gru with empty cells for unknown values', () => {
    const csv = predictionsToCsv({
      timeKind: 'datetime',
      targets: ['load'],
      time: new Float64Array([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)]),
      actual: new Float32Array([1.5, Number.NaN]),
      predicted: { gru: new Float32Array([1.25, 2]), lstm: new Float32Array([1, 3]) },
    });
    expect(csv).toBe(
      'timestamp,actual,lstm,gru\n2024-01-01T00:00:00.000Z,1.5,1,1.25\n2024-01-02T00:00:00.000Z,,3,2\n',
    );
  });

  it('names a column group per target and quotes awkward names', () => {
    const csv = predictionsToCsv({
      timeKind: 'index',
      targets: ['a', 'b,"c"'],
      time: new Float64Array([7]),
      actual: new Float32Array([1, 2]),
      predicted: { lstm: new Float32Array([3, 4]) },
    });
    expect(csv.split('\n')[0]).toBe('timestamp,actual_a,"actual_b,""c""",lstm_a,"lstm_b,""c"""');
    expect(csv.split('\n')[1]).toBe('7,1,2,3,4');
  });
});

describe('model sidecar JSON', () => {
  it('lists the state_dict tensors and imports back as a config file', () => {
    const config = defaultTrainingConfig();
    config.models.gru.hiddenSize = 5;
    const text = modelSidecarJson({
      model: { cell: 'gru', inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1, dropout: 0, seed: 1 },
      config,
      scaler: { kind: 'minmax', columns: ['y'], offset: [0], scale: [1] },
    });
    const doc = JSON.parse(text);
    expect(doc.tensors.map((t: { name: string }) => t.name)).toEqual([
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'head.weight',
      'head.bias',
    ]);
    expect(doc.tensors[1].shape).toEqual([15, 5]);
    expect(parseConfigFile(text)).toEqual({ ok: true, config });
  });
});

describe('storage display', () => {
  it('formats sizes and states', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(describeStorage({ usage: 2048, quota: 1024 ** 3, persisted: true })).toBe(
      'Storage: 2.0 KB of 1.0 GB used · persistent',
    );
    expect(describeStorage({ usage: null, quota: null, persisted: null })).toMatch(/usage unknown/);
  });
});
