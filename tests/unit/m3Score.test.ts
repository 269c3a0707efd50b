// The M3 evaluation's scores against hand-computed cases, and its combination.

import { describe, expect, it } from 'vitest';
import { historyCsv, loadM3, M3_SETS, m3Sample } from '../../eval/m3/data';
import { covered, insideByStep, mase, smape } from '../../eval/m3/score';
import { medianAcross } from '../../src/worker/combination';

describe('M3 scores', () => {
  it('sMAPE is the mean of 200·|y − f| / (|y| + |f|)', () => {
    // 200·10/210 = 9.5238…, 200·0/100 = 0, 200·50/150 = 66.666…
    expect(smape([100, 50, 100], [110, 50, 50])).toBeCloseTo((2000 / 210 + 0 + 10000 / 150) / 3, 12);
    expect(smape([0], [0])).toBe(0);
  });

  it('MASE divides the mean error by the history’s mean seasonal-naive error', () => {
    // history with m = 2: |3 − 1|, |4 − 2|, |6 − 3| → mean 7/3; errors 1 and 3 → mean 2
    expect(mase([1, 2, 3, 4, 6], [7, 8], [8, 5], 2)).toBeCloseTo(2 / (7 / 3), 12);
    // a season as long as the history falls back to lag 1: |2 − 1|, |4 − 2| → 1.5
    expect(mase([1, 2, 4], [5], [2], 12)).toBeCloseTo(3 / 1.5, 12);
  });

  it('coverage counts the values inside their bounds', () => {
    expect(covered([1, 2, 3, 4], [0, 2.5, 2, 0], [2, 3, 3, 3])).toBe(0.5);
    // step by step: the bounds themselves count as inside
    expect(insideByStep([1, 2, 3, 4], [0, 2.5, 3, 0], [2, 3, 3, 3])).toEqual([1, 0, 1, 0]);
  });

  it('the combination is the median at each step (the mean of the middle two for four members)', () => {
    const median = (members: number[][]) => Array.from(medianAcross(members, members[0].length));
    expect(
      median([
        [1, 10],
        [2, 20],
        [4, 0],
        [100, 5],
      ]),
    ).toEqual([3, 7.5]);
    expect(median([[1], [5], [3]])).toEqual([3]);
  });

  it('reads the odd half of M3 with its hidden values and the submissions’ forecasts', () => {
    const monthly = loadM3('monthly');
    const quarterly = loadM3('quarterly');
    expect(monthly).toHaveLength(714);
    expect(quarterly).toHaveLength(378);
    expect(m3Sample(monthly)).toHaveLength(238);
    expect(m3Sample(quarterly)).toHaveLength(126);
    for (const s of [monthly[0], quarterly[0]]) {
      const h = M3_SETS[s.set].horizon;
      expect(s.test).toHaveLength(h);
      expect(s.submissions.THETA).toHaveLength(h);
      expect(historyCsv(s).split('\n')[1]).toBe(`${s.dates[0]},${s.history[0]}`);
    }
    // the first monthly series, N1403, and the competition's NAIVE2 forecast of it (from the files)
    expect(monthly[0].id).toBe('N1403');
    expect(monthly[0].submissions.NAIVE2[0]).toBe(600);
    expect(monthly[0].test[0]).toBe(1440);
  });
});
