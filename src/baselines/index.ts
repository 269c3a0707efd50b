// The baselines every run is compared with, in table order: naive and seasonal naive (scored as the run
// starts), then the classical ones (fitted after the networks, and forecast past the data).

import { arima } from './arima';
import { ets } from './ets';
import { naive, seasonalNaive } from './naive';
import { theta } from './theta';
import type { BaselineFitter } from './types';

export const NAIVE_BASELINES: readonly BaselineFitter[] = [naive, seasonalNaive];
export const CLASSICAL_BASELINES: readonly BaselineFitter[] = [ets, arima, theta];
export type { BaselineFitter } from './types';
