// The data settings that are not at their defaults. They stay when another file or sample loads (a link or a
// saved run's settings load their data after setting them), so the page shows them plainly beside the data.

import type { PrepareOptions } from '../data/types';
import { DEFAULT_PREPARE_OPTIONS } from '../data/types';
import { CONFIG_PROPS, getAt } from '../persist/trainingConfig';

const PREPARE_PATH = ['data', 'prepare'];
/** The window length is chosen anew for every dataset, so it is not a setting kept from before. */
const CHOSEN_PER_DATASET = 'window';

export interface ChangedSetting {
  label: string;
  value: string;
}

/** Each data setting of `options` that differs from its default, with its label and value as in a link. */
export function changedDataSettings(options: PrepareOptions): ChangedSetting[] {
  const read = (o: PrepareOptions, path: readonly string[], absent: unknown) =>
    String(getAt({ data: { prepare: o } }, path) ?? absent ?? '');
  return CONFIG_PROPS.filter(
    (p) => p.key !== CHOSEN_PER_DATASET && PREPARE_PATH.every((k, i) => p.path[i] === k),
  ).flatMap((p) => {
    const value = read(options, p.path, p.absent);
    return value === read(DEFAULT_PREPARE_OPTIONS, p.path, p.absent) ? [] : [{ label: p.label, value }];
  });
}
