// The forecast distribution of a fitted ETS model: mean and variance h steps ahead, by the analytic
// formulas R's forecast.ets uses (Hyndman, Koehler, Ord & Snyder 2008, ch. 6; forecast's class1, class2
// and class3), so that the 80 % and 95 % bounds match R's. Every model ets.ts fits has one:
//   class 1  additive error, trend N/A/Ad, season N/A         exact Gaussian:  v_h = σ² (1 + Σ_{j<h} c_j²)
//   class 2  multiplicative error, trend N/A/Ad, season N/A   v_h = (1 + σ²) θ_h - μ_h²,
//                                                              θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h-j}
//   class 3  multiplicative error and season, trend N/A/Ad    second moments of the state, approximate
// with μ_h the forecast mean, c_j = H F^{j-1} G, and σ² the fit's residual variance (Σ e² / (n - k), e
// relative for multiplicative errors, k the optimised parameters and initial states). Bounds are
// μ_h ± z √v_h with the normal quantile z, as in R. R simulates only for multiplicative trends and
// additive error with multiplicative season, neither of which is fitted here.
//
// Two of R's choices are kept on purpose so the bounds are R's:
//  - class 1 and 2 put γ in the third row of G whatever the trend; without a trend that is the second
//    seasonal state instead of the first, so γ reaches the forecasts one step early (ETS(A,N,A),
//    ETS(M,N,A));
//  - class 3 is the forecast *mean*: it damps as l + (1 + φ + … + φ^{h-1}) b and adds σ² terms past
//    one season, so it differs slightly from the point forecasts of forecastFrom.
// State vectors are in R's order: l, b (with a trend), then s_1 … s_m, newest season first.

import { addRows, addSandwich, kronecker, multiplyVector, sparseFromRows } from './sparse';

/** The model's components (ets.ts EtsSpec; restated so this file does not import ets.ts back). */
export interface EtsComponents {
  readonly error: 'A' | 'M';
  readonly trend: 'N' | 'A';
  readonly season: 'N' | 'A' | 'M';
  readonly damped: boolean;
}

/** The state after the last observation (ets.ts EtsState): seasonal (m) newest first, as R's s_1 … s_m. */
export interface EtsFinalState {
  readonly level: number;
  readonly slope: number;
  readonly seasonal: Float64Array;
}

export interface ForecastDistribution {
  /** (h) forecast means. */
  readonly mean: Float64Array;
  /** (h) forecast variances. */
  readonly variance: Float64Array;
}

export interface EtsSmoothingParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  /** 1 when the trend is not damped. */
  readonly phi: number;
}

/** Mean and variance of the next `h` values after `state`, with residual variance `sigma2`. */
export function etsForecastDistribution(
  spec: EtsComponents,
  params: EtsSmoothingParams,
  state: EtsFinalState,
  sigma2: number,
  h: number,
): ForecastDistribution {
  if (spec.season === 'M') return class3(spec, params, state, sigma2, h);
  const linear = class1(spec, params, state, sigma2, h);
  return spec.error === 'A' ? linear : class2(linear, sigma2);
}

interface LinearForecast extends ForecastDistribution {
  /** (h - 1) c_j = H F^{j-1} G, j = 1 … h-1. */
  readonly c: Float64Array;
}

/** Additive error, non-multiplicative season: μ_h = H F^{h-1} x, c_j = H F^{j-1} G. */
function class1(
  spec: EtsComponents,
  params: EtsSmoothingParams,
  state: EtsFinalState,
  sigma2: number,
  h: number,
): LinearForecast {
  const hasTrend = spec.trend !== 'N';
  const m = spec.season === 'A' ? state.seasonal.length : 0;
  const phi = spec.damped ? params.phi : 1;
  const p = (hasTrend ? 2 : 1) + m;
  const seasonStart = hasTrend ? 2 : 1;
  // x' = F x: level gains φb, the slope is damped, the seasons shift (s_1' = s_m)
  const advance = (x: Float64Array) => {
    if (hasTrend) {
      x[0] += phi * x[1];
      x[1] *= phi;
    }
    if (m > 0) {
      const last = x[p - 1];
      for (let i = p - 1; i > seasonStart; i--) x[i] = x[i - 1];
      x[seasonStart] = last;
    }
  };
  const observe = (x: Float64Array) => x[0] + (hasTrend ? phi * x[1] : 0) + (m > 0 ? x[p - 1] : 0);

  const x = new Float64Array(p); // (p) the state
  x[0] = state.level;
  if (hasTrend) x[1] = state.slope;
  for (let j = 0; j < m; j++) x[seasonStart + j] = state.seasonal[j];
  const g = new Float64Array(p); // (p) G, with γ in R's third row
  g[0] = params.alpha;
  if (hasTrend) g[1] = params.beta;
  if (m > 0) g[2] = params.gamma;

  const mean = new Float64Array(h);
  const c = new Float64Array(Math.max(h - 1, 0));
  const variance = new Float64Array(h);
  let sumC2 = 0;
  for (let i = 0; i < h; i++) {
    mean[i] = observe(x);
    variance[i] = sigma2 * (1 + sumC2);
    if (i < h - 1) {
      c[i] = observe(g);
      sumC2 += c[i] * c[i];
      advance(x);
      advance(g);
    }
  }
  return { mean, variance, c };
}

/** Multiplicative error, non-multiplicative season: the class 1 means and c_j in a second-moment recursion. */
function class2(linear: LinearForecast, sigma2: number): ForecastDistribution {
  const { mean, c } = linear;
  const h = mean.length;
  const theta = new Float64Array(h); // (h) θ_j
  const variance = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let sum = 0;
    for (let i = 0; i < j; i++) sum += c[i] * c[i] * theta[j - 1 - i];
    theta[j] = mean[j] * mean[j] + sigma2 * sum;
    variance[j] = (1 + sigma2) * theta[j] - mean[j] * mean[j];
  }
  return { mean, variance };
}

/**
 * Multiplicative season: the moments of M = (l, b)ᵀ (s_1 … s_m) (R's class3). With vec(M) (column
 * major) and the Kronecker forms F21 = F2 ⊗ F1, G21 = G2 ⊗ G1, K = G2 ⊗ F1 + F2 ⊗ G1:
 *   μ_h = H21 vec(M_h),  v_h = (1 + σ²) H21 V_h H21ᵀ + σ² μ_h²
 *   V_{h+1} = F21 V F21ᵀ + σ² (F21 V G21ᵀ + G21 V F21ᵀ + K (V + M Mᵀ) Kᵀ + σ² G21 (3V + 2 M Mᵀ) G21ᵀ)
 *   vec(M_{h+1}) = F21 vec(M_h) + σ² G21 vec(M_h)
 * starting from V = 0 and the final state.
 */
function class3(
  spec: EtsComponents,
  params: EtsSmoothingParams,
  state: EtsFinalState,
  sigma2: number,
  h: number,
): ForecastDistribution {
  const m = state.seasonal.length;
  const phi = spec.damped ? params.phi : 1;
  const hasTrend = spec.trend !== 'N';
  const { alpha, beta, gamma } = params;
  const F1 = hasTrend
    ? [
        [1, 1],
        [0, phi],
      ]
    : [[1]];
  const G1 = hasTrend
    ? [
        [alpha, alpha],
        [beta, beta],
      ]
    : [[alpha]];
  const F2 = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => (i === 0 ? (j === m - 1 ? 1 : 0) : j === i - 1 ? 1 : 0)),
  );
  const G2 = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => (i === 0 && j === m - 1 ? gamma : 0)),
  );
  const H1 = [F1.map(() => 1)];
  const H2 = [Array.from({ length: m }, (_, j) => (j === m - 1 ? 1 : 0))];
  const F21 = sparseFromRows(kronecker(F2, F1));
  const G21 = sparseFromRows(kronecker(G2, G1));
  const K = sparseFromRows(addRows(kronecker(G2, F1), kronecker(F2, G1)));
  const H21 = kronecker(H2, H1)[0];

  const trendPart = hasTrend ? [state.level, state.slope] : [state.level];
  const q = trendPart.length;
  const n = q * m;
  let vecM = new Float64Array(n); // (n) vec(M), column major: M[i, j] at i + q j
  for (let j = 0; j < m; j++) for (let i = 0; i < q; i++) vecM[i + q * j] = trendPart[i] * state.seasonal[j];
  let V = new Float64Array(n * n); // (n, n)

  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let step = 0; step < h; step++) {
    let mu = 0;
    for (let i = 0; i < n; i++) mu += H21[i] * vecM[i];
    let hvh = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hvh += H21[i] * V[i * n + j] * H21[j];
    mean[step] = mu;
    variance[step] = (1 + sigma2) * hvh + sigma2 * mu * mu;
    if (step === h - 1) break;

    const outer = new Float64Array(n * n); // (n, n) vec(M) vec(M)ᵀ
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) outer[i * n + j] = vecM[i] * vecM[j];
    const next = new Float64Array(n * n);
    addSandwich(next, F21, V, F21);
    addSandwich(next, F21, V, G21, sigma2);
    addSandwich(next, G21, V, F21, sigma2);
    addSandwich(
      next,
      K,
      V.map((v, i) => v + outer[i]),
      K,
      sigma2,
    );
    addSandwich(
      next,
      G21,
      V.map((v, i) => 3 * v + 2 * outer[i]),
      G21,
      sigma2 * sigma2,
    );
    V = next;
    const moved = multiplyVector(F21, vecM);
    const shocked = multiplyVector(G21, vecM);
    vecM = moved.map((v, i) => v + sigma2 * shocked[i]);
  }
  return { mean, variance };
}
