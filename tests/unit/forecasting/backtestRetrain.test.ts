// The backtest's retraining at each origin: what each retrained model may see, the forecasts it makes
// from there, and the session's messages (progress, the redone table, cancelling).
import { describe, expect, test } from 'vitest';
import type { PreparedDataset } from '../../../src/data/types';
import { backtestPlan, originForecast } from '../../../src/worker/backtest';
import { retrainEstimateMs, retrainedForecasts, splitsAtOrigin } from '../../../src/worker/backtestRetrain';
import type { FromWorker } from '../../../src/worker/protocol';
import { TrainingSession } from '../../../src/worker/session';
import { preparedSeries } from '../seriesFixture';
import { CPU_ENGINES, tinySetup } from '../sessionFixtures';

const series = Array.from({ length: 200 }, (_, t) => 50 + 0.1 * t + 4 * Math.sin((2 * Math.PI * t) / 12));

const engines = CPU_ENGINES;

const quiet = { now: () => performance.now(), yieldToEvents: async () => {}, stopped: () => false };

async function forecastsFor(data: PreparedDataset) {
  const plan = backtestPlan(data)!;
  const out = await retrainedForecasts(
    data,
    { lstm: tinySetup('lstm') },
    engines,
    plan,
    (view, model, batchSize, origin) => originForecast(view, model, batchSize, origin, plan.steps),
    { ...quiet, onProgress: () => {} },
  );
  return { plan, lstm: out!.get('lstm')! };
}

describe('retraining at each backtest origin', () => {
  test('each origin trains on rows before it, validating on a part of the run’s length that ends there', async () => {
    const data = await preparedSeries(series, 1);
    const plan = backtestPlan(data)!;
    const valRows = data.splits.val.end - data.splits.val.start;
    for (const origin of plan.origins) {
      const s = splitsAtOrigin(data, origin);
      expect(s.val.end).toBe(origin);
      expect(s.val.end - s.val.start).toBe(valRows);
      expect(s.train.end).toBe(s.val.start);
      expect(s.train.end).toBeGreaterThanOrEqual(data.splits.train.end);
      const view = data.withSplits(s);
      // the last training and validation windows end before the origin
      const lastVal = view.windows.val.inputStart(view.windows.val.count - 1);
      expect(lastVal + data.windows.config.inputLength + data.windows.config.horizon).toBeLessThanOrEqual(
        origin,
      );
    }
  });

  test('the estimate scales the run’s training time by each origin’s share of training windows', async () => {
    const data = await preparedSeries(series, 1);
    const plan = backtestPlan(data)!;
    const estimate = retrainEstimateMs(data, plan, [1000, 500]);
    // five origins, each with at least the run's training windows: at least 5 × 1.5 s, and not wildly more
    expect(estimate).toBeGreaterThanOrEqual(5 * 1500);
    expect(estimate).toBeLessThan(5 * 1500 * 1.5);
  });

  test('no origin’s retrained forecast reads a row after it (a spike planted later changes nothing)', async () => {
    const clean = await preparedSeries(series, 1);
    const { plan, lstm: before } = await forecastsFor(clean);
    expect(before.every(Number.isFinite)).toBe(true);
    const last = plan.origins[plan.origins.length - 1];
    const spiked = series.slice();
    spiked[last] += 1000;
    const { lstm: after } = await forecastsFor(await preparedSeries(spiked, 1));
    expect(Array.from(after)).toEqual(Array.from(before));

    // the same spike one row before the last origin is seen by that origin's training and forecast
    const early = series.slice();
    early[last - 1] += 1000;
    const { lstm: seen } = await forecastsFor(await preparedSeries(early, 1));
    const K = 1;
    const lastRow = (values: Float64Array) =>
      Array.from(values.subarray((plan.origins.length - 1) * plan.steps * K));
    expect(lastRow(seen)).not.toEqual(lastRow(before));
    expect(Array.from(seen.subarray(0, plan.steps))).toEqual(Array.from(before.subarray(0, plan.steps)));
  });
});

describe('TrainingSession.retrainBacktest', () => {
  async function finishedSession(data: Parameters<typeof backtestPlan>[0] & Partial<PreparedDataset>) {
    const messages: FromWorker[] = [];
    let stopAfter = Number.POSITIVE_INFINITY;
    const session = new TrainingSession(
      3,
      data,
      { lstm: tinySetup('lstm'), gru: tinySetup('gru') },
      engines,
      (m) => {
        messages.push(m);
        if (m.type === 'backtest-retrain' && m.state.kind === 'running' && m.state.done >= stopAfter)
          session.stop();
      },
      { now: () => performance.now(), yieldToEvents: async () => {} },
    );
    await session.run();
    return { session, messages, stopAt: (done: number) => (stopAfter = done) };
  }
  const retrainStates = (messages: FromWorker[]) =>
    messages.flatMap((m) => (m.type === 'backtest-retrain' ? [m.state] : []));
  const backtests = (messages: FromWorker[]) =>
    messages.flatMap((m) => (m.type === 'backtest' ? [m.backtest] : []));

  test('sends progress for every (origin, network) and the backtest again with retrained network rows', async () => {
    const { session, messages } = await finishedSession(await preparedSeries(series, 1));
    const [fixed] = backtests(messages);
    expect(fixed.networks).toBe('fixed');
    expect(fixed.retrainEstimateMs).toBeGreaterThan(0);
    await session.retrainBacktest();
    const states = retrainStates(messages);
    const running = states.filter((s) => s.kind === 'running');
    expect(running.map((s) => s.kind === 'running' && s.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(states[states.length - 1]).toEqual({ kind: 'done' });
    const redone = backtests(messages)[1];
    expect(redone.networks).toBe('retrained');
    expect(redone.rows.map((r) => r.name)).toEqual(fixed.rows.map((r) => r.name));
    // the baselines' rows are kept as they were; the networks' rows are new
    expect(redone.rows.find((r) => r.name === 'naive')).toEqual(fixed.rows.find((r) => r.name === 'naive'));
    expect(redone.rows.find((r) => r.name === 'lstm')).not.toEqual(fixed.rows.find((r) => r.name === 'lstm'));
    for (const r of redone.rows) expect(Number.isFinite(r.meanMase)).toBe(true);
  });

  test('stop cancels the retraining and the table keeps the run’s weights', async () => {
    const { session, messages, stopAt } = await finishedSession(await preparedSeries(series, 1));
    stopAt(2);
    await session.retrainBacktest();
    expect(retrainStates(messages).at(-1)).toEqual({ kind: 'cancelled' });
    expect(backtests(messages)).toHaveLength(1);
  });
});
