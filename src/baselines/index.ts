// The classical baselines every run is compared with, in table order.

import { arima } from './arima';
import { ets } from './ets';
import { theta } from './theta';
import type { BaselineFitter } from './types';

export const CLASSICAL_BASELINES: readonly BaselineFitter[] = [ets, arima, theta];
export type { BaselineFitter } from './types';
