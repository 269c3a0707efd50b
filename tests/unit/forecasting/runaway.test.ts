import { describe, expect, it } from 'vitest';
import { holdRunaway } from '../../../src/engine/runaway';

describe('holdRunaway', () => {
  it('holds values beyond a range-width past the data at that bound and says from which step', () => {
    // history 10..20 (width 10): bounds 0 and 30
    const history = [10, 12, 20, 15];
    const { values, firstStep } = holdRunaway([18, 25, 31, 80, -1], history, 1);
    expect(Array.from(values)).toEqual([18, 25, 30, 30, 0]);
    expect(firstStep).toBe(2);
  });

  it('leaves a forecast inside the bounds as it is, per target', () => {
    // two targets: (N, K) = (3, 2); the second's range is 100..300
    const history = [1, 100, 2, 200, 3, 300];
    const forecast = [2.5, 450, 3.5, 505];
    const { values, firstStep } = holdRunaway(forecast, history, 2);
    expect(Array.from(values)).toEqual([2.5, 450, 3.5, 500]);
    expect(firstStep).toBe(1);
    expect(holdRunaway([1, 2], [0, 3], 1).firstStep).toBeNull();
  });
});
