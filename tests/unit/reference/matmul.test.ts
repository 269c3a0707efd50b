import { describe, expect, it } from 'vitest';
import {
  addColumnSums,
  addMatMul,
  addMatMulTransA,
  addMatMulTransB,
  fillRows,
} from '../../../src/engine/reference/matmul';
import { randomArray, relError } from './gradcheck';

// Sizes that leave remainders after both the 32-row blocks and the 4-way unrolling.
const [M, N, K] = [71, 7, 5];
const at = (v: Float64Array, cols: number, r: number, c: number) => v[r * cols + c];

describe('matrix products against the textbook triple loop', () => {
  const start = randomArray(M * N, 1); // every product accumulates into what is there
  it('addMatMulTransB: out (M, N) += a (M, K) · wᵀ, at offsets', () => {
    const a = randomArray(3 + M * K, 2);
    const w = randomArray(N * K, 3);
    const out = new Float64Array(2 + M * N);
    out.set(start, 2);
    addMatMulTransB(out, 2, a, 3, w, M, N, K);
    const expected = start.map((v, i) => {
      const [m, n] = [Math.floor(i / N), i % N];
      let sum = v;
      for (let k = 0; k < K; k++) sum += a[3 + m * K + k] * at(w, K, n, k);
      return sum;
    });
    expect(relError(out.subarray(2), expected)).toBeLessThanOrEqual(1e-14);
  });

  it('addMatMul: out (M, K) += a (M, N) · w (N, K), at offsets', () => {
    const a = randomArray(4 + M * N, 4);
    const w = randomArray(N * K, 5);
    const base = randomArray(M * K, 6);
    const out = new Float64Array(1 + M * K);
    out.set(base, 1);
    addMatMul(out, 1, a, 4, w, M, N, K);
    const expected = base.map((v, i) => {
      const [m, k] = [Math.floor(i / K), i % K];
      let sum = v;
      for (let n = 0; n < N; n++) sum += a[4 + m * N + n] * at(w, K, n, k);
      return sum;
    });
    expect(relError(out.subarray(1), expected)).toBeLessThanOrEqual(1e-14);
  });

  it('addMatMulTransA: dw (N, K) += aᵀ · b', () => {
    const a = randomArray(M * N, 7);
    const b = randomArray(M * K, 8);
    const base = randomArray(N * K, 9);
    const dw = base.slice();
    addMatMulTransA(dw, a, b, M, N, K);
    const expected = base.map((v, i) => {
      const [n, k] = [Math.floor(i / K), i % K];
      let sum = v;
      for (let m = 0; m < M; m++) sum += at(a, N, m, n) * at(b, K, m, k);
      return sum;
    });
    expect(relError(dw, expected)).toBeLessThanOrEqual(1e-14);
  });

  it('addColumnSums and fillRows', () => {
    const a = randomArray(M * N, 10);
    const sums = new Float64Array(N).fill(1);
    addColumnSums(sums, a, M, N);
    const expected = Array.from({ length: N }, (_, n) => {
      let s = 1;
      for (let m = 0; m < M; m++) s += at(a, N, m, n);
      return s;
    });
    expect(relError(sums, expected)).toBeLessThanOrEqual(1e-14);
    const rows = new Float64Array(3 * N);
    fillRows(rows, expected, 3, N);
    expect(Array.from(rows.subarray(2 * N))).toEqual(expected);
  });
});
