// The classical baselines every run is compared with, in table order.

import { ets } from './ets';
import type { BaselineFitter } from './types';

export const CLASSICAL_BASELINES: readonly BaselineFitter[] = [ets];
export type { BaselineFitter, FittedBaseline } from './types';
