// Naive (the last value) and seasonal naive (the value one season back) behind the same fit / forecastFrom
// interface as ETS, ARIMA and Theta, so the comparison, the backtests and the sweep's table score every
// baseline in one loop (R's forecast::naive and snaive). Nothing is fitted: both read the history up to the
// origin.

import type { BaselineFitter, FittedBaseline } from './types';

export const naive: BaselineFitter = {
  name: 'naive',
  label: 'Naive',
  fit(): FittedBaseline {
    return {
      description: 'last value',
      forecastFrom: (history, h) => new Float64Array(h).fill(history[history.length - 1]),
    };
  },
};

/**
 * Step k (1-based) repeats the value one season before it, y[n − 1 + k − m·⌈k/m⌉], so steps past one season
 * reuse the last observed season; where the history is shorter than a season, the first value.
 */
export const seasonalNaive: BaselineFitter = {
  name: 'seasonal-naive',
  label: 'Seasonal naive',
  fit(_values, season): FittedBaseline {
    const m = Math.max(1, Math.floor(season));
    return {
      description: `season ${m}`,
      forecastFrom: (history, h) =>
        Float64Array.from(
          { length: h },
          (_, s) => history[Math.max(0, history.length + s - m * Math.ceil((s + 1) / m))],
        ),
    };
  },
};
