// Sparse matrices as lists of their non-zero entries, for the forecast-variance recursions of ETS and
// ARIMA (P ← A P Bᵀ + …), whose transition matrices have a few non-zeros per row. Dense matrices here
// are Float64Array in row-major order. Pure, no imports.

export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** (nnz) row, column and value of each non-zero entry. */
  readonly row: Int32Array;
  readonly col: Int32Array;
  readonly value: Float64Array;
}

/** The non-zero entries of a dense (rows, cols) matrix given as rows of numbers. */
export function sparseFromRows(dense: readonly (readonly number[])[]): SparseMatrix {
  const row: number[] = [];
  const col: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < dense.length; i++) {
    for (let j = 0; j < dense[i].length; j++) {
      if (dense[i][j] === 0) continue;
      row.push(i);
      col.push(j);
      value.push(dense[i][j]);
    }
  }
  return {
    rows: dense.length,
    cols: dense[0]?.length ?? 0,
    row: Int32Array.from(row),
    col: Int32Array.from(col),
    value: Float64Array.from(value),
  };
}

/** The Kronecker product A ⊗ B of two small dense matrices given as rows. */
export function kronecker(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  for (const ra of a) {
    for (const rb of b) {
      const line: number[] = [];
      for (const va of ra) for (const vb of rb) line.push(va * vb);
      out.push(line);
    }
  }
  return out;
}

/** Entry-wise sum of two dense matrices given as rows. */
export function addRows(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  return a.map((r, i) => r.map((v, j) => v + b[i][j]));
}

/** A x for a vector x (A.cols). */
export function multiplyVector(a: SparseMatrix, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.rows); // (A.rows)
  for (let e = 0; e < a.value.length; e++) out[a.row[e]] += a.value[e] * x[a.col[e]];
  return out;
}

/**
 * A X Bᵀ for a dense X (A.cols, B.cols), accumulated into `out` (A.rows, B.rows) times `scale`. Costs
 * O(nnz(B) · A.cols + nnz(A) · B.rows).
 */
export function addSandwich(
  out: Float64Array,
  a: SparseMatrix,
  x: Float64Array,
  b: SparseMatrix,
  scale = 1,
): void {
  const n = a.cols;
  const k = b.rows;
  const xbt = new Float64Array(n * k); // (A.cols, B.rows) X Bᵀ
  for (let e = 0; e < b.value.length; e++) {
    const r = b.row[e];
    const c = b.col[e];
    const v = b.value[e];
    for (let j = 0; j < n; j++) xbt[j * k + r] += x[j * b.cols + c] * v;
  }
  for (let e = 0; e < a.value.length; e++) {
    const r = a.row[e];
    const c = a.col[e];
    const v = scale * a.value[e];
    for (let j = 0; j < k; j++) out[r * k + j] += v * xbt[c * k + j];
  }
}
