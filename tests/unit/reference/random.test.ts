import { describe, expect, it } from 'vitest';
import { dropoutStream, hashUniform, lowbias32, mulberry32 } from '../../../src/engine/random';

// Expected values come from an independent Python implementation of the algorithm documented in
// src/engine/random.ts (arbitrary-precision ints masked to 32 bits), so the comment, the TypeScript
// and any WGSL twin are held to the same numbers.
describe('counter-based hash', () => {
  it('lowbias32 matches the documented algorithm', () => {
    expect(lowbias32(0)).toBe(0);
    expect(lowbias32(1)).toBe(1753845952);
    expect(lowbias32(0xdeadbeef)).toBe(3861431939);
  });

  it('hashUniform matches the documented algorithm, including wrap-around of large streams', () => {
    const stream = dropoutStream(3, 1);
    expect(stream).toBe(769);
    expect([0, 1, 2, 3].map((i) => hashUniform(7, stream, i))).toEqual([
      0.4392489194869995, 0.3526671528816223, 0.7772714495658875, 0.7119527459144592,
    ]);
    expect(hashUniform(0xffffffff, dropoutStream(70000, 2), 123456)).toBe(0.8598766922950745);
  });

  it('is uniform enough on [0, 1): mean ½, variance 1/12, never 1', () => {
    let sum = 0;
    let sumSq = 0;
    let max = 0;
    const n = 50000;
    for (let i = 0; i < n; i++) {
      const u = hashUniform(42, 5, i);
      sum += u;
      sumSq += u * u;
      max = Math.max(max, u);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(max).toBeLessThan(1);
  });
});

describe('mulberry32', () => {
  it('reproduces a sequence from its seed', () => {
    const a = mulberry32(3);
    const b = mulberry32(3);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect(mulberry32(4)()).not.toBe(seqA[0]);
  });
});
