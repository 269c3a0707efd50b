// The data settings a new dataset keeps are said plainly: those not at their defaults.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPARE_OPTIONS } from '../../src/data/types';
import { changedDataSettings } from '../../src/store/dataSettings';

describe('data settings kept from one dataset to the next', () => {
  it('lists none at the defaults, whatever window length was chosen for the data', () => {
    expect(changedDataSettings(DEFAULT_PREPARE_OPTIONS)).toEqual([]);
    const window = { ...DEFAULT_PREPARE_OPTIONS.window, inputLength: 7 };
    expect(changedDataSettings({ ...DEFAULT_PREPARE_OPTIONS, window })).toEqual([]);
  });

  it('names each one changed, with its value', () => {
    const options = {
      ...DEFAULT_PREPARE_OPTIONS,
      transform: 'log' as const,
      scaler: 'minmax' as const,
      window: { ...DEFAULT_PREPARE_OPTIONS.window, horizon: 3 },
    };
    expect(changedDataSettings(options)).toEqual([
      { label: 'scaler', value: 'minmax' },
      { label: 'transform', value: 'log' },
      { label: 'horizon', value: '3' },
    ]);
  });
});
