import { describe, expect, test } from 'vitest';
import { comparisonSentence, type MetricsRow, metricsRows, sameTestPoints } from '../../src/store/chartRows';
import type { EvaluationContext } from '../../src/worker/protocol';

function row(id: MetricsRow['id'], name: string, mase: number): MetricsRow {
  return { id, name, best: false, metrics: { mse: 1, rmse: 1, mae: 1, smape: 1, mase, count: 10 } };
}

describe('the verdict above the metrics table', () => {
  test('a network that wins by more than the networks differ', () => {
    const s = comparisonSentence([
      row('lstm', 'LSTM', 0.3),
      row('gru', 'GRU', 0.31),
      row('naive', 'Naive (last value)', 0.9),
      row('ETS', 'ETS (ETS(M,Ad,M))', 0.4),
    ]);
    expect(s).toBe(
      'LSTM has the lowest MASE (0.300), 25 % below the best baseline, ETS (0.400). The two networks are 3 % apart, less than that gap.',
    );
  });

  test('a baseline that wins, by less than the networks differ', () => {
    const s = comparisonSentence([
      row('lstm', 'LSTM', 0.5),
      row('gru', 'GRU', 0.4),
      row('ETS', 'ETS (ETS(A,N,A))', 0.38),
    ]);
    expect(s).toBe(
      'ETS has the lowest MASE (0.380); the better network, GRU (0.400), is 5 % above it. That is within the 25 % between the two networks, so another seed could change the order.',
    );
  });

  test('a sweep ensemble is a model beside the networks, never a baseline to beat', () => {
    const s = comparisonSentence([
      row('lstm', 'LSTM', 0.5),
      row('gru', 'GRU', 0.45),
      row('ensemble-mean', 'Sweep ensemble (mean of the best 3)', 0.2),
      row('ETS', 'ETS (ETS(A,N,A))', 0.4),
    ]);
    expect(s).toBe(
      'Sweep ensemble has the lowest MASE (0.200), 50 % below the best baseline, ETS (0.400). The two networks are 11 % apart, less than that gap.',
    );
  });

  test('ensemble rows join the table with their gain on the best baseline, on the same test points only', () => {
    const metrics = (mase: number) => ({ mse: 1, rmse: 1, mae: 1, smape: 1, mase, count: 4 });
    const rows = metricsRows(
      {},
      [
        {
          name: 'naive',
          label: 'Naive (last value)',
          testPredictions: new Float64Array(0),
          metrics: metrics(1),
        },
      ],
      [{ id: 'ensemble-mean', name: 'Sweep ensemble (mean of the best 3)', metrics: metrics(0.8) }],
    );
    expect(rows.map((r) => [r.id, r.best])).toEqual([
      ['ensemble-mean', true],
      ['naive', false],
    ]);
    expect(rows[0].vsBestBaseline).toBeCloseTo(-0.2, 12);
    const context = (times: number[]) =>
      ({
        horizon: 1,
        targets: ['y'],
        testTime: Float64Array.from(times),
        testActual: Float64Array.from(times, (t) => t * 2),
      }) as EvaluationContext;
    expect(sameTestPoints(context([1, 2, 3]), context([1, 2, 3]))).toBe(true);
    expect(sameTestPoints(context([1, 2, 3]), context([1, 2, 4]))).toBe(false);
    expect(sameTestPoints(context([1, 2, 3]), context([1, 2]))).toBe(false);
  });

  test('the gap reads as the table column does (model over best baseline), and a tie is never "0 %"', () => {
    const rows = [row('lstm', 'LSTM', 0.29), row('gru', 'GRU', 0.2905), row('ETS', 'ETS (ETS(A,N,A))', 0.2)];
    expect(comparisonSentence(rows)).toBe(
      'ETS has the lowest MASE (0.200); the better network, LSTM (0.290), is 45 % above it. The two networks are within 1 % of each other, less than that gap.',
    );
    const table = metricsRows({}, [], []);
    expect(table).toEqual([]);
  });

  test('the combination of models is a model beside the networks', () => {
    const s = comparisonSentence([
      row('lstm', 'LSTM', 0.5),
      row('gru', 'GRU', 0.45),
      row('combination', 'Combination (median of GRU, ETS, ARIMA, Theta)', 0.3),
      row('ETS', 'ETS (ETS(A,N,A))', 0.4),
    ]);
    expect(s).toMatch(/^Combination has the lowest MASE \(0\.300\), 25 % below the best baseline, ETS/);
  });

  test('nothing to say without both kinds of rows', () => {
    expect(comparisonSentence([row('naive', 'Naive', 1)])).toBeNull();
  });
});
