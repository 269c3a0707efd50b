import { describe, expect, it } from 'vitest';
import { compareRows, historyRows, predictionRowsOf } from '../../../src/persist/runCharts';
import { makeRun } from './fixtures';

describe('saved run chart rows', () => {
  it('puts each model’s train and validation loss in one row per epoch, leaving out missing values', () => {
    expect(historyRows(makeRun('a', 1))).toEqual([
      { epoch: 1, lstmTrain: 0.5, lstmVal: 0.6, gruTrain: 1.5, gruVal: 1.6 },
      { epoch: 2, lstmTrain: 0.25, lstmVal: undefined, gruTrain: 1.25, gruVal: undefined },
    ]);
  });

  it('compares two runs: one series per run and model, validation loss falling back to training loss', () => {
    const a = makeRun('a', 1);
    const b = makeRun('b', 2, ['gru']);
    b.models[0].history.push({ epoch: 3, train: 0.1, val: 0.05 });
    const { rows, series } = compareRows([a, b], 'val');
    expect(series.map((s) => [s.key, s.run, s.cell])).toEqual([
      ['r0_lstm', 0, 'lstm'],
      ['r0_gru', 0, 'gru'],
      ['r1_gru', 1, 'gru'],
    ]);
    expect(rows).toEqual([
      { epoch: 1, r0_lstm: 0.6, r0_gru: 1.6, r1_gru: 0.6 },
      { epoch: 2, r0_lstm: 0.25, r0_gru: 1.25, r1_gru: 0.25 },
      { epoch: 3, r1_gru: 0.05 },
    ]);
    expect(compareRows([a, b], 'train').rows[0]).toEqual({
      epoch: 1,
      r0_lstm: 0.5,
      r0_gru: 1.5,
      r1_gru: 0.5,
    });
  });

  it('draws predictions of one target with gaps where a value is unknown', () => {
    const run = makeRun('a', 1);
    expect(predictionRowsOf(run.payload.predictions!)).toEqual([
      { time: 10, actual: 1, lstm: expect.closeTo(1.1, 6), gru: undefined },
      { time: 11, actual: 2, lstm: expect.closeTo(1.9, 6), gru: undefined },
      { time: 12, actual: undefined, lstm: 3, gru: undefined },
    ]);
  });
});
