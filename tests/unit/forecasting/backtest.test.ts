// Rolling-origin backtest: origins in the test part, no origin reading a later row, errors summarised.
import { describe, expect, test } from 'vitest';
import { ets } from '../../../src/baselines/ets';
import type { BaselineFitter } from '../../../src/baselines/types';
import { backtestPlan, backtestRow, baselineBacktestForecasts } from '../../../src/worker/backtest';
import { evaluationContext } from '../../../src/worker/evaluation';
import { preparedSeries } from '../seriesFixture';

const dataset = (values: number[]) => preparedSeries(values, 1);

const series = Array.from({ length: 200 }, (_, t) => 50 + 0.1 * t + 4 * Math.sin((2 * Math.PI * t) / 12));

describe('rolling-origin backtest', () => {
  test('five origins spread over the test part, each with room for its steps', async () => {
    const data = await dataset(series);
    const plan = backtestPlan(data)!;
    expect(plan.origins).toHaveLength(5);
    expect(plan.origins[0]).toBe(data.splits.test.start);
    expect(plan.origins[4] + plan.steps).toBe(data.splits.test.end);
    expect(plan.steps).toBe(12);
  });

  test('each origin fits and forecasts from the rows before it only', async () => {
    const data = await dataset(series);
    const plan = backtestPlan(data)!;
    const fitted: number[] = [];
    const forecastFrom: number[] = [];
    const spy: BaselineFitter = {
      name: 'ETS',
      fit(values) {
        fitted.push(values.length);
        return {
          description: 'spy',
          forecastFrom(history, h) {
            forecastFrom.push(history.length);
            return new Float64Array(h).fill(history[history.length - 1]);
          },
        };
      },
    };
    baselineBacktestForecasts(data, evaluationContext(data, 12, 1), plan, [spy]);
    expect(fitted).toEqual(plan.origins);
    expect(forecastFrom).toEqual(plan.origins);
  });

  test('ETS refitted per origin beats naive on a smooth seasonal series, with a spread across origins', async () => {
    const data = await dataset(series);
    const plan = backtestPlan(data)!;
    const context = evaluationContext(data, 12, 1);
    const rows = [...baselineBacktestForecasts(data, context, plan, [ets])].map(([name, f]) =>
      backtestRow(name, data, context, plan, f),
    );
    expect(rows.map((r) => r.name)).toEqual(['naive', 'seasonal-naive', 'ETS']);
    const [naive, , e] = rows;
    expect(e.meanMase).toBeLessThan(naive.meanMase);
    expect(e.maeByStep).toHaveLength(12);
    expect(e.sdMase).toBeGreaterThanOrEqual(0);
  });

  test('the validation plan keeps its origins and steps inside the validation part', async () => {
    const data = await dataset(series);
    const plan = backtestPlan(data, 5, 'val')!;
    expect(plan.origins[0]).toBeGreaterThanOrEqual(data.splits.val.start);
    expect(plan.origins.at(-1)! + plan.steps).toBeLessThanOrEqual(data.splits.val.end);
  });
});
