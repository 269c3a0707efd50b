// The recommended forecast comes from a backtest over the validation part: poisoning every test value
// changes the test scores and the test backtest, never the recommendation. The combination of models joins
// the classical rows, the backtest and the ranking.
import { describe, expect, test } from 'vitest';
import { ets } from '../../../src/baselines/ets';
import { theta } from '../../../src/baselines/theta';
import { describeRecommendation } from '../../../src/ui/results/recommendationText';
import { recommend } from '../../../src/worker/backtest';
import type { FromWorker } from '../../../src/worker/protocol';
import { TrainingSession } from '../../../src/worker/session';
import { preparedSeries } from '../seriesFixture';
import { CPU_ENGINES, tinySetup } from '../sessionFixtures';

const engines = CPU_ENGINES;

const series = Array.from({ length: 144 }, (_, t) => 50 + 0.2 * t + 6 * Math.sin((2 * Math.PI * t) / 12));

async function finishedRun(values: number[]) {
  const data = await preparedSeries(values, 1);
  const messages: FromWorker[] = [];
  const session = new TrainingSession(
    1,
    data,
    { lstm: tinySetup('lstm'), gru: tinySetup('gru') },
    engines,
    (m) => messages.push(m),
    { now: () => performance.now(), yieldToEvents: async () => {}, classical: [ets, theta] },
    { season: 12, forecastSteps: 6 },
  );
  await session.run();
  const backtest = messages.flatMap((m) => (m.type === 'backtest' ? [m.backtest] : []))[0];
  const classical = messages.flatMap((m) => (m.type === 'classical' ? m.baselines : []));
  return { data, backtest, classical };
}

describe('the recommended forecast', () => {
  const cleanRun = finishedRun(series); // shared by both tests

  test('never reads the test part: poisoned test values leave it unchanged', async () => {
    const clean = await cleanRun;
    const testStart = clean.data.splits.test.start;
    const poisoned = series.map((v, t) => (t >= testStart ? v * 3 + (t % 5) * 40 : v));
    const dirty = await finishedRun(poisoned);

    const r = clean.backtest.recommendation;
    expect(r).not.toBeNull();
    expect(r!.name).toBe('combination');
    expect(r!.basis).toBe('evidence');
    expect(r!.ranking.map((x) => x.name)).toEqual(
      expect.arrayContaining(['lstm', 'gru', 'naive', 'seasonal-naive', 'ETS', 'Theta', 'combination']),
    );
    expect(dirty.backtest.recommendation).toEqual(r);
    // the poison reached what is scored on the test part
    const testRow = (b: typeof clean.backtest, name: string) => b.rows.find((x) => x.name === name)!.meanMase;
    expect(testRow(dirty.backtest, 'ETS')).not.toBeCloseTo(testRow(clean.backtest, 'ETS'), 3);
  });

  test('the combination is a row of the comparison and of the backtest', async () => {
    const { backtest, classical } = await cleanRun;
    const combination = classical.find((b) => b.name === 'combination');
    expect(combination?.label).toBe('Combination (median of GRU, ETS, Theta)');
    expect(combination?.forecast?.values).toHaveLength(6);
    expect(combination?.forecast?.bands.map((b) => b.level)).toEqual([0.8, 0.95]);
    expect(Number.isFinite(combination?.metrics.mase)).toBe(true);
    expect(backtest.rows.map((r) => r.name)).toContain('combination');
  });

  test('the combination whenever it was scored; the backtest’s lowest otherwise; the sentence says which', () => {
    const row = (name: string, meanMase: number) => ({
      name,
      maeByStep: [],
      maseByOrigin: [],
      meanMase,
      sdMase: 0,
    });
    const plan = { origins: [10, 20, 30, 40, 50], steps: 6 };
    const withCombination = recommend([row('ETS', 0.684), row('combination', 0.712), row('gru', 0.9)], plan)!;
    expect(withCombination).toMatchObject({ name: 'combination', basis: 'evidence' });
    expect(describeRecommendation(withCombination)).toBe(
      'Recommended forecast: Combination, the median of the network, ETS, ARIMA and Theta: on the M3 competition’s series it beat each of them, and picking each series’ backtest winner instead did worse. In a backtest over the validation part (5 origins × 6 steps; the test part is not read) its MASE was 0.712, 4 % above the lowest, ETS (0.684).',
    );
    const without = recommend([row('naive', 1.2), row('gru', Number.NaN), row('Theta', 0.8)], plan)!;
    expect(without).toMatchObject({ name: 'Theta', basis: 'backtest', origins: 5, steps: 6 });
    // every row with a finite score, lowest first
    expect(without.ranking).toEqual([
      { name: 'Theta', meanMase: 0.8 },
      { name: 'naive', meanMase: 1.2 },
    ]);
    expect(recommend([row('gru', Number.NaN)], plan)).toBeNull();
    expect(describeRecommendation(without)).toBe(
      'Recommended forecast: Theta, the lowest MASE (0.800) in a backtest over the validation part (5 origins × 6 steps; the test part is not read), 33 % below the next, Naive (1.20).',
    );
  });
});
