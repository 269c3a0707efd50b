import { describe, expect, test } from 'vitest';
import { comparisonSentence, type MetricsRow } from '../../src/store/chartRows';

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
      'LSTM has the lowest MASE (0.300), 25 % below the best baseline, ETS (0.400). The two networks differ by 3 %, less than that gap.',
    );
  });

  test('a baseline that wins, by less than the networks differ', () => {
    const s = comparisonSentence([
      row('lstm', 'LSTM', 0.5),
      row('gru', 'GRU', 0.4),
      row('ETS', 'ETS (ETS(A,N,A))', 0.38),
    ]);
    expect(s).toBe(
      'ETS has the lowest MASE (0.380), 5 % below the better network, GRU (0.400). That is within the 20 % between the two networks, so another seed could change the order.',
    );
  });

  test('nothing to say without both kinds of rows', () => {
    expect(comparisonSentence([row('naive', 'Naive', 1)])).toBeNull();
  });
});
