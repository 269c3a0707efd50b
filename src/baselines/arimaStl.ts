// STL (Cleveland et al. 1990), non-robust, ported from R's stl.f (netlib, as revised by Ripley and
// Maechler) with R's stl() defaults, for one purpose: the seasonal-strength measure forecast::nsdiffs
// uses to choose seasonal differencing (mstl → stl(x, s.window = 11)). Loop indices are 1-based as in
// the Fortran (element i is a[i - 1]) so the port can be read line by line against it. Pure, no imports.

export interface StlDecomposition {
  /** (n) */
  seasonal: Float64Array;
  /** (n) */
  trend: Float64Array;
}

const nextOdd = (x: number): number => {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
};

/** R's stl(x, s.window) with its defaults (s.degree 0, t.degree 1, inner 2, outer 0). Needs n > 2·period. */
export function stl(x: ArrayLike<number>, period: number, sWindow: number): StlDecomposition {
  const n = x.length;
  const y = Float64Array.from(x);
  const tWindow = nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow)));
  const lWindow = nextOdd(period);
  const odd3 = (v: number) => {
    const w = Math.max(3, v);
    return w % 2 === 0 ? w + 1 : w;
  };
  const np = Math.max(2, period);
  const ns = odd3(sWindow);
  const nt = odd3(tWindow);
  const nl = odd3(lWindow);
  const nsjump = Math.ceil(sWindow / 10);
  const ntjump = Math.ceil(tWindow / 10);
  const nljump = Math.ceil(lWindow / 10);
  const seasonal = new Float64Array(n);
  const trend = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  const work = Array.from({ length: 5 }, () => new Float64Array(n + 2 * np)); // 5 × (n + 2np)
  const inner = 2;
  for (let iteration = 0; iteration < inner; iteration++) {
    const [w1, w2, w3, w4, w5] = work;
    for (let i = 0; i < n; i++) w1[i] = y[i] - trend[i];
    stlss(w1, n, np, ns, 0, nsjump, false, rw, w2, w3, w4, w5, seasonal);
    stlfts(w2, n + 2 * np, np, w3, w1);
    stless(w3, n, nl, 1, nljump, false, w4, w1, w5);
    for (let i = 0; i < n; i++) seasonal[i] = w2[np + i] - w1[i];
    for (let i = 0; i < n; i++) w1[i] = y[i] - seasonal[i];
    stless(w1, n, nt, 1, ntjump, false, rw, trend, w3);
  }
  return { seasonal, trend };
}

/** Loess smooth of y (n) with span len and degree ideg, evaluated every njump points and interpolated. */
function stless(
  y: Float64Array,
  n: number,
  len: number,
  ideg: number,
  njump: number,
  userw: boolean,
  rw: Float64Array,
  ys: Float64Array,
  res: Float64Array,
): void {
  if (n < 2) {
    ys[0] = y[0];
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 1;
  let nright = n;
  const estimateAt = (i: number) => {
    const v = stlest(y, n, len, ideg, i, nleft, nright, res, userw, rw);
    ys[i - 1] = v ?? y[i - 1];
  };
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) estimateAt(i);
  } else if (newnj === 1) {
    const nsh = Math.trunc((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      estimateAt(i);
    }
  } else {
    const nsh = Math.trunc((len + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      estimateAt(i);
    }
  }
  if (newnj !== 1) {
    for (let i = 1; i <= n - newnj; i += newnj) {
      const delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) ys[j - 1] = ys[i - 1] + delta * (j - i);
    }
    const k = Math.trunc((n - 1) / newnj) * newnj + 1;
    if (k !== n) {
      estimateAt(n);
      if (k !== n - 1) {
        const delta = (ys[n - 1] - ys[k - 1]) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) ys[j - 1] = ys[k - 1] + delta * (j - k);
      }
    }
  }
}

/** Local (degree 0 or 1) tricube-weighted fit at xs over y[nleft..nright]; null when no weight. */
function stlest(
  y: Float64Array,
  n: number,
  len: number,
  ideg: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  userw: boolean,
  rw: Float64Array,
): number | null {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    if (r <= h9) {
      w[j - 1] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      if (userw) w[j - 1] *= rw[j - 1];
      a += w[j - 1];
    } else {
      w[j - 1] = 0;
    }
  }
  if (a <= 0) return null;
  for (let j = nleft; j <= nright; j++) w[j - 1] /= a;
  if (h > 0 && ideg > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += w[j - 1] * j;
    let b = xs - mean;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - 1] * (j - mean) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - 1] *= b * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - 1] * y[j - 1];
  return ys;
}

/** Smooths each cycle-subseries and extends it one period at both ends: season has n + 2·np values. */
function stlss(
  y: Float64Array,
  n: number,
  np: number,
  ns: number,
  isdeg: number,
  nsjump: number,
  userw: boolean,
  rw: Float64Array,
  season: Float64Array,
  work1: Float64Array,
  work2: Float64Array,
  work3: Float64Array,
  work4: Float64Array,
): void {
  for (let j = 1; j <= np; j++) {
    const k = Math.trunc((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) work1[i - 1] = y[(i - 1) * np + j - 1];
    if (userw) for (let i = 1; i <= k; i++) work3[i - 1] = rw[(i - 1) * np + j - 1];
    stless(work1, k, ns, isdeg, nsjump, userw, work3, work2.subarray(1), work4);
    const first = stlest(work1, k, ns, isdeg, 0, 1, Math.min(ns, k), work4, userw, work3);
    work2[0] = first ?? work2[1];
    const last = stlest(work1, k, ns, isdeg, k + 1, Math.max(1, k - ns + 1), k, work4, userw, work3);
    work2[k + 1] = last ?? work2[k];
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = work2[m - 1];
  }
}

/** Low-pass filter: moving averages of lengths np, np and 3 (output n - 2np + 2 values). */
function stlfts(x: Float64Array, n: number, np: number, trend: Float64Array, work: Float64Array): void {
  stlma(x, n, np, trend);
  stlma(trend, n - np + 1, np, work);
  stlma(work, n - 2 * np + 2, 3, trend);
}

function stlma(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  ave[0] = v / len;
  for (let j = 1, k = len, m = 0; j < newn; j++, k++, m++) {
    v = v - x[m] + x[k];
    ave[j] = v / len;
  }
}
