// ARIMA in state-space form, as R's stats::arima builds it (makeARIMA, ARIMA_Like, KalmanForecast,
// ARIMA_CSS): the exact Gaussian likelihood by a Kalman filter, the conditional sum of squares, and
// point forecasts from the filtered state. Pure, imports only the small linear solver.
// Two filters sit side by side:
//  - kalmanFilter / kalmanForecast: R's ARIMA_Like and KalmanForecast ported as they are, on the
//    undifferenced series — the reference (R's fitted values and forecasts to 1e-12);
//  - armaLikelihood / armaForecast: the differenced series, Chandrasekhar recursions, O(r) per step —
//    what estimation and forecastFrom use (R's forecasts to 1e-6, see the tests).
// kalmanForecastVariances continues the reference filter's covariance past the data, as KalmanForecast
// does, for the forecasts' prediction bounds.
//
// Model: (1 - Σ φ_k B^k) w_t = (1 + Σ θ_k B^k) e_t with w the differenced series, y_t = Σ δ_i y_{t-i} + w_t.
// State (rd) = ARMA part (r = max(p, q + 1), Harvey's form: first element is w_t) followed by the last
// nd = rd - r undifferenced observations. Covariances are in units of σ² (so the innovation variance is
// 1); the differencing states start with a diffuse prior of variance kappa = 1e6, and observations whose
// prediction variance is still ≥ 1e4 (the first nd) are left out of the likelihood, as in R.
// Matrices are column-major (i + rd·j), as in R's C code, so the port can be read against it.

import { solveLinear } from './linalg';
import { addSandwich, type SparseMatrix, sparseFromRows } from './sparse';

export interface ArimaStateSpace {
  /** (p) expanded AR coefficients, lags 1..p (seasonal factor multiplied in). */
  readonly phi: Float64Array;
  /** (q) expanded MA coefficients, lags 1..q. */
  readonly theta: Float64Array;
  /** (nd) differencing polynomial: y_t = Σ δ_i y_{t-i} + w_t. */
  readonly delta: Float64Array;
  /** Size of the ARMA part of the state, max(p, q + 1). */
  readonly r: number;
}

/** Prior variance of the differencing states (R's kappa). */
export const DIFFUSE_VARIANCE = 1e6;
/** Prediction variances (in σ² units) at or above this are still diffuse and not in the likelihood. */
const DIFFUSE_GAIN = 1e4;
/** The filters stop updating the covariance once it moves by no more than this between steps. */
const STEADY_STATE_TOLERANCE = 1e-12;

export function makeStateSpace(phi: Float64Array, theta: Float64Array, delta: Float64Array): ArimaStateSpace {
  return { phi, theta, delta, r: Math.max(phi.length, theta.length + 1) };
}

/** δ of (1 - B)^d (1 - B^m)^D, in R's sign convention (y_t = Σ δ_i y_{t-i} + w_t); length d + mD. */
export function differencingPolynomial(d: number, D: number, m: number): Float64Array {
  let poly = [1];
  const multiply = (factor: number[]) => {
    const out = new Array(poly.length + factor.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++)
      for (let j = 0; j < factor.length; j++) out[i + j] += poly[i] * factor[j];
    poly = out;
  };
  for (let i = 0; i < d; i++) multiply([1, -1]);
  const seasonal = new Array(m + 1).fill(0);
  seasonal[0] = 1;
  seasonal[m] = -1;
  for (let i = 0; i < D; i++) multiply(seasonal);
  return Float64Array.from(poly.slice(1), (v) => -v);
}

/**
 * Stationary covariance (r, r) of the ARMA part of the state, in σ² units: the matrix R's getQ0
 * (Gardner et al. 1980) returns, computed instead from the autocovariances γ and the ψ weights — the
 * first row directly, the rest by P = T P Tᵀ + R Rᵀ read element by element from the bottom-right
 * corner, which costs O(r²) after an O(p³) solve (only the first row and column with firstColumnOnly).
 * Null when the AR part is not stationary enough for the autocovariance system to be solved.
 */
export function stationaryCovariance(
  phi: Float64Array,
  theta: Float64Array,
  firstColumnOnly = false,
): Float64Array | null {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const th = (j: number) => (j === 0 ? 1 : j <= q ? theta[j - 1] : 0);
  const ph = (k: number) => (k >= 1 && k <= p ? phi[k - 1] : 0);
  // ψ weights (r + 1): w_t = Σ ψ_j e_{t-j}
  const psi = new Float64Array(r + 1);
  for (let j = 0; j <= r; j++) {
    let s = th(j);
    for (let k = 1; k <= Math.min(j, p); k++) s += ph(k) * psi[j - k];
    psi[j] = s;
  }
  // autocovariances γ(0..r): γ(h) - Σ φ_k γ(|h - k|) = Σ_{j ≥ h} θ_j ψ_{j-h}
  const rhs = (h: number) => {
    let s = 0;
    for (let j = h; j <= q; j++) s += th(j) * psi[j - h];
    return s;
  };
  const gamma = new Float64Array(r + 1);
  const a = new Float64Array((p + 1) * (p + 1)); // (p+1, p+1)
  const b = new Float64Array(p + 1);
  for (let h = 0; h <= p; h++) {
    a[h * (p + 1) + h] += 1;
    for (let k = 1; k <= p; k++) a[h * (p + 1) + Math.abs(h - k)] -= ph(k);
    b[h] = rhs(h);
  }
  const solved = solveLinear(a, b, p + 1);
  if (!solved || !(solved[0] > 0) || !solved.every(Number.isFinite)) return null;
  for (let h = 0; h <= Math.min(p, r); h++) gamma[h] = solved[h];
  for (let h = p + 1; h <= r; h++) {
    let s = rhs(h);
    for (let k = 1; k <= p; k++) s += ph(k) * gamma[h - k];
    gamma[h] = s;
  }
  const P = new Float64Array(r * r); // (r, r), symmetric
  const at = (i: number, j: number) => (i < r && j < r ? P[i + r * j] : 0);
  P[0] = gamma[0];
  for (let j = 1; j < r; j++) {
    let s = 0;
    for (let k = j + 1; k <= r; k++) s += ph(k) * gamma[k - j];
    for (let k = j; k <= r - 1; k++) s += th(k) * psi[k - j];
    P[r * j] = s;
    P[j] = s;
  }
  if (firstColumnOnly) return P;
  for (let i = r - 1; i >= 1; i--) {
    for (let j = r - 1; j >= i; j--) {
      const v =
        ph(i + 1) * ph(j + 1) * P[0] +
        ph(i + 1) * at(0, j + 1) +
        ph(j + 1) * at(i + 1, 0) +
        at(i + 1, j + 1) +
        th(i) * th(j);
      P[i + r * j] = v;
      P[j + r * i] = v;
    }
  }
  return P;
}

/** Initial state covariance Pn (rd, rd): stationary ARMA block, diffuse differencing block. */
function initialCovariance(model: ArimaStateSpace): Float64Array | null {
  const { phi, theta, delta, r } = model;
  const rd = r + delta.length;
  const Pn = new Float64Array(rd * rd);
  if (r > 1) {
    const q0 = stationaryCovariance(phi, theta);
    if (!q0) return null;
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) Pn[i + rd * j] = q0[i + r * j];
  } else {
    Pn[0] = phi.length > 0 ? 1 / (1 - phi[0] * phi[0]) : 1;
  }
  for (let i = r; i < rd; i++) Pn[i + rd * i] = DIFFUSE_VARIANCE;
  return Pn;
}

export interface KalmanRun {
  /** Σ v_t² / F_t over the non-diffuse steps. */
  ssq: number;
  /** Σ log F_t over the non-diffuse steps. */
  sumlog: number;
  /** Number of non-diffuse steps. */
  nu: number;
  /** (rd) filtered state after the last observation. */
  state: Float64Array;
  /** (rd, rd) its covariance in σ² units (column-major), from which forecast variances grow. */
  covariance: Float64Array;
  /** (n) one-step predictions ŷ_{t|t-1}, when asked for. */
  predictions?: Float64Array;
  /** (n) prediction variances F_t in σ² units, when asked for. */
  gains?: Float64Array;
}

/** anew = T a: one step of the state transition (the ARMA part, then the differencing part). */
function advanceState(model: ArimaStateSpace, a: Float64Array, anew: Float64Array): void {
  const { phi, delta, r } = model;
  const p = phi.length;
  const d = delta.length;
  for (let i = 0; i < r; i++) {
    let tmp = i < r - 1 ? a[i + 1] : 0;
    if (i < p) tmp += phi[i] * a[0];
    anew[i] = tmp;
  }
  if (d > 0) {
    for (let i = r + 1; i < r + d; i++) anew[i] = a[i - 1];
    let tmp = a[0];
    for (let i = 0; i < d; i++) tmp += delta[i] * a[r + i];
    anew[r] = tmp;
  }
}

/**
 * Runs the Kalman filter of R's ARIMA_Like over y (no missing values) from a = 0 and the initial
 * covariance. Once the predicted covariance stops changing (steady state, after the diffuse start) its
 * update is skipped, which makes long series cost O(rd) per step instead of O(rd²). Null when the
 * initial covariance cannot be computed.
 */
export function kalmanFilter(
  y: ArrayLike<number>,
  model: ArimaStateSpace,
  keepPredictions = false,
): KalmanRun | null {
  const { phi, theta, delta, r } = model;
  const n = y.length;
  const p = phi.length;
  const q = theta.length;
  const d = delta.length;
  const rd = r + d;
  const Pnew = initialCovariance(model); // (rd, rd) predicted covariance
  if (!Pnew) return null;
  const a = new Float64Array(rd);
  const anew = new Float64Array(rd);
  const M = new Float64Array(rd);
  const P = new Float64Array(rd * rd); // (rd, rd) filtered covariance
  const mm = new Float64Array(rd * rd); // (rd, rd) T P
  const previous = new Float64Array(rd * rd);
  const predictions = keepPredictions ? new Float64Array(n) : undefined;
  const gains = keepPredictions ? new Float64Array(n) : undefined;
  let ssq = 0;
  let sumlog = 0;
  let nu = 0;
  let steady = false;
  let gain = 0;

  for (let l = 0; l < n; l++) {
    advanceState(model, a, anew);
    // Pnew = T P Tᵀ + R Rᵀ (at l = 0 it is the initial covariance)
    if (l > 0 && !steady) {
      previous.set(Pnew);
      if (d === 0) {
        for (let i = 0; i < r; i++) {
          const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
          for (let j = 0; j < r; j++) {
            let tmp = j === 0 ? 1 : j - 1 < q ? theta[j - 1] : 0;
            tmp *= vi;
            if (i < p && j < p) tmp += phi[i] * phi[j] * P[0];
            if (i < r - 1 && j < r - 1) tmp += P[i + 1 + r * (j + 1)];
            if (i < p && j < r - 1) tmp += phi[i] * P[j + 1];
            if (j < p && i < r - 1) tmp += phi[j] * P[i + 1];
            Pnew[i + r * j] = tmp;
          }
        }
      } else {
        // mm = T P
        for (let i = 0; i < r; i++) {
          for (let j = 0; j < rd; j++) {
            let tmp = 0;
            if (i < p) tmp += phi[i] * P[rd * j];
            if (i < r - 1) tmp += P[i + 1 + rd * j];
            mm[i + rd * j] = tmp;
          }
        }
        for (let j = 0; j < rd; j++) {
          let tmp = P[rd * j];
          for (let k = 0; k < d; k++) tmp += delta[k] * P[r + k + rd * j];
          mm[r + rd * j] = tmp;
        }
        for (let i = 1; i < d; i++) for (let j = 0; j < rd; j++) mm[r + i + rd * j] = P[r + i - 1 + rd * j];
        // Pnew = mm Tᵀ
        for (let i = 0; i < r; i++) {
          for (let j = 0; j < rd; j++) {
            let tmp = 0;
            if (i < p) tmp += phi[i] * mm[j];
            if (i < r - 1) tmp += mm[rd * (i + 1) + j];
            Pnew[j + rd * i] = tmp;
          }
        }
        for (let j = 0; j < rd; j++) {
          let tmp = mm[j];
          for (let k = 0; k < d; k++) tmp += delta[k] * mm[rd * (r + k) + j];
          Pnew[j + rd * r] = tmp;
        }
        for (let i = 1; i < d; i++)
          for (let j = 0; j < rd; j++) Pnew[j + rd * (r + i)] = mm[rd * (r + i - 1) + j];
        // + R Rᵀ
        for (let i = 0; i <= q; i++) {
          const vi = i === 0 ? 1 : theta[i - 1];
          for (let j = 0; j <= q; j++) Pnew[i + rd * j] += vi * (j === 0 ? 1 : theta[j - 1]);
        }
      }
      if (gain < DIFFUSE_GAIN) {
        let change = 0;
        for (let i = 0; i < rd * rd; i++) change = Math.max(change, Math.abs(Pnew[i] - previous[i]));
        steady = change <= STEADY_STATE_TOLERANCE;
      }
    }
    // innovation, its variance and the gain vector M = Pnew Z
    let resid0 = y[l] - anew[0];
    for (let i = 0; i < d; i++) resid0 -= delta[i] * anew[r + i];
    if (!steady || l === 0) {
      gain = Pnew[0];
      for (let i = 0; i < d; i++) gain += delta[i] * Pnew[r + i];
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i];
        for (let k = 0; k < d; k++) tmp += Pnew[i + rd * (r + k)] * delta[k];
        M[i] = tmp;
      }
      for (let i = 0; i < d; i++) gain += delta[i] * M[r + i];
    }
    if (gain < DIFFUSE_GAIN) {
      nu++;
      ssq += (resid0 * resid0) / gain;
      sumlog += Math.log(gain);
    }
    if (predictions && gains) {
      predictions[l] = y[l] - resid0;
      gains[l] = gain;
    }
    for (let i = 0; i < rd; i++) a[i] = anew[i] + (M[i] * resid0) / gain;
    if (!steady) {
      for (let i = 0; i < rd; i++) {
        for (let j = 0; j < rd; j++) P[i + rd * j] = Pnew[i + rd * j] - (M[i] * M[j]) / gain;
      }
    }
  }
  return { ssq, sumlog, nu, state: a, covariance: P, predictions, gains };
}

export interface ArmaRun {
  /** Σ v_t² / F_t */
  ssq: number;
  /** Σ log F_t */
  sumlog: number;
  /** Number of observations. */
  nu: number;
  /** (r) predicted state for the next observation. */
  state: Float64Array;
}

/**
 * Exact Gaussian likelihood pieces of a stationary ARMA series w (already differenced, mean removed),
 * for estimation. Two departures from kalmanFilter, both for speed:
 *  - Differencing first turns R's diffuse states into conditioning on the first d + mD values: this is
 *    the limit of R's likelihood as kappa → ∞, which differs from R's value by O(1/kappa) (at most
 *    2e-3 in the log-likelihood on our fixtures) while the state shrinks from r + d + mD to r.
 *  - The covariance is propagated by the Chandrasekhar recursions (Morf, Sidhu & Kailath 1974; Harvey
 *    1989 §3.3.4) instead of the Riccati equation. Started at the stationary covariance Σ, the change
 *    P_{t+1} - P_t = W_t M_t W_tᵀ has rank one, so each step costs O(r) instead of O(r²):
 *      F_{t+1} = F_t + M_t a_t²,  G_{t+1} = G_t + M_t a_t T W_t,  W_{t+1} = T W_t - a_t G_{t+1} / F_{t+1},
 *      M_{t+1} = M_t F_{t+1} / F_t,  with a_t = W_t[0], G_t = T P_t Zᵀ, W_1 = G_1, M_1 = -1 / F_1.
 *    Only Σ's first column is needed. Once W_t has died out the filter is in its steady state.
 * Also returns the predicted state for the next value, from which armaForecast continues. Null when the
 * stationary covariance cannot be computed.
 */
export function armaLikelihood(w: ArrayLike<number>, phi: Float64Array, theta: Float64Array): ArmaRun | null {
  const n = w.length;
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const sigma = stationaryCovariance(phi, theta, true); // (r, r), column 0 filled
  if (!sigma) return null;
  const arIndex = [...phi.keys()].filter((i) => phi[i] !== 0);
  // y ← T y for an r-vector: shift up, then add φ · y[0]
  const applyT = (y: Float64Array) => {
    const y0 = y[0];
    for (let i = 0; i < r - 1; i++) y[i] = y[i + 1];
    y[r - 1] = 0;
    for (const i of arIndex) y[i] += phi[i] * y0;
  };
  const a = new Float64Array(r); // (r) predicted state
  const G = new Float64Array(r); // (r) T P_t Zᵀ
  for (let i = 0; i < r; i++) G[i] = sigma[i];
  applyT(G);
  let F = sigma[0];
  const W = Float64Array.from(G); // (r)
  let M = -1 / F;
  let steady = false;
  let ssq = 0;
  let sumlog = 0;
  for (let t = 0; t < n; t++) {
    const v = w[t] - a[0];
    ssq += (v * v) / F;
    sumlog += Math.log(F);
    applyT(a);
    for (let i = 0; i < r; i++) a[i] += (G[i] * v) / F;
    if (steady) continue;
    const at = W[0];
    const Fnext = F + M * at * at;
    applyT(W);
    let size = 0;
    for (let i = 0; i < r; i++) {
      G[i] += M * at * W[i];
      W[i] -= (at * G[i]) / Fnext;
      size = Math.max(size, Math.abs(W[i]));
    }
    // The recursions are less stable than the Riccati form; should rounding ever drive the prediction
    // variance to zero or below, redo the whole series with the Riccati form.
    if (!(Fnext > 0)) return armaLikelihoodRiccati(w, phi, theta, applyT);
    M *= Fnext / F;
    F = Fnext;
    steady = size * size * Math.abs(M) <= STEADY_STATE_TOLERANCE;
  }
  return { ssq, sumlog, nu: n, state: a };
}

/** armaLikelihood by R's filter (Riccati recursion), for the rare case where Chandrasekhar breaks down. */
function armaLikelihoodRiccati(
  w: ArrayLike<number>,
  phi: Float64Array,
  theta: Float64Array,
  applyT: (y: Float64Array) => void,
): ArmaRun | null {
  const run = kalmanFilter(w, makeStateSpace(phi, theta, new Float64Array(0)));
  if (!run) return null;
  applyT(run.state); // filtered → predicted
  return { ssq: run.ssq, sumlog: run.sumlog, nu: run.nu, state: run.state };
}

/** Point forecasts (h) of the ARMA series from armaLikelihood's final state. */
export function armaForecast(phi: Float64Array, state: Float64Array, h: number): Float64Array {
  const a = Float64Array.from(state);
  const r = a.length;
  const out = new Float64Array(h);
  for (let l = 0; l < h; l++) {
    out[l] = a[0];
    const a0 = a[0];
    for (let i = 0; i < r - 1; i++) a[i] = a[i + 1];
    a[r - 1] = 0;
    for (let i = 0; i < phi.length; i++) a[i] += phi[i] * a0;
  }
  return out;
}

/** Point forecasts (h) from a filtered state (R's KalmanForecast without the variances). */
export function kalmanForecast(model: ArimaStateSpace, state: Float64Array, h: number): Float64Array {
  const { delta, r } = model;
  const d = delta.length;
  const rd = r + d;
  let a = Float64Array.from(state);
  let anew = new Float64Array(rd);
  const out = new Float64Array(h);
  for (let l = 0; l < h; l++) {
    advanceState(model, a, anew);
    let fc = anew[0];
    for (let i = 0; i < d; i++) fc += delta[i] * anew[r + i];
    out[l] = fc;
    [a, anew] = [anew, a];
  }
  return out;
}

/** The transition T (rd, rd) of advanceState as a sparse matrix. */
function transitionMatrix(model: ArimaStateSpace): SparseMatrix {
  const { phi, delta, r } = model;
  const rd = r + delta.length;
  const rows = Array.from({ length: rd }, () => new Array<number>(rd).fill(0));
  for (let i = 0; i < r; i++) {
    if (i < phi.length) rows[i][0] = phi[i];
    if (i < r - 1) rows[i][i + 1] = 1;
  }
  if (delta.length > 0) {
    rows[r][0] = 1;
    for (let k = 0; k < delta.length; k++) rows[r][r + k] = delta[k];
    for (let i = 1; i < delta.length; i++) rows[r + i][r + i - 1] = 1;
  }
  return sparseFromRows(rows);
}

/**
 * Variances (h) of the forecasts 1 … h steps after a filtered state with covariance `covariance`
 * (rd, rd, σ² units), as R's KalmanForecast computes them: P ← T P Tᵀ + R Rᵀ, then Z P Zᵀ. Once the
 * filter has settled this is Σ_{j<h} ψ_j² of the differenced-and-integrated model.
 */
export function kalmanForecastVariances(
  model: ArimaStateSpace,
  covariance: Float64Array,
  h: number,
): Float64Array {
  const { theta, delta, r } = model;
  const d = delta.length;
  const rd = r + d;
  const T = transitionMatrix(model);
  const z = new Float64Array(rd); // (rd) Z
  z[0] = 1;
  for (let k = 0; k < d; k++) z[r + k] = delta[k];
  const shock = new Float64Array(rd); // (rd) R = (1, θ_1 … θ_q, 0 …)
  shock[0] = 1;
  for (let k = 0; k < theta.length; k++) shock[k + 1] = theta[k];
  // covariance is column-major and symmetric: read as row-major it is the same matrix
  let P = Float64Array.from(covariance); // (rd, rd)
  const out = new Float64Array(h);
  for (let l = 0; l < h; l++) {
    const next = new Float64Array(rd * rd);
    addSandwich(next, T, P, T);
    for (let i = 0; i <= theta.length; i++)
      for (let j = 0; j <= theta.length; j++) next[i * rd + j] += shock[i] * shock[j];
    P = next;
    let v = 0;
    for (let i = 0; i < rd; i++) {
      if (z[i] === 0) continue;
      for (let j = 0; j < rd; j++) v += z[i] * P[i * rd + j] * z[j];
    }
    out[l] = v;
  }
  return out;
}

/**
 * Conditional sum of squares (R's ARIMA_CSS) of an already differenced series w: the ARMA recursion
 * run from index `start` (R's ncond minus the d + mD values lost to differencing) with earlier
 * innovations taken as zero. Returns ssq / nu. Only the non-zero coefficients are visited, since the
 * seasonal polynomials are mostly zeros.
 */
export function conditionalSumOfSquares(
  w: ArrayLike<number>,
  phi: Float64Array,
  theta: Float64Array,
  start: number,
): number {
  const n = w.length;
  const arIndex = [...phi.keys()].filter((i) => phi[i] !== 0);
  const maIndex = [...theta.keys()].filter((i) => theta[i] !== 0);
  const resid = new Float64Array(n);
  let ssq = 0;
  let nu = 0;
  for (let l = start; l < n; l++) {
    let tmp = w[l];
    for (const j of arIndex) tmp -= phi[j] * w[l - j - 1];
    const lags = l - start;
    for (const j of maIndex) if (j < lags) tmp -= theta[j] * resid[l - j - 1];
    resid[l] = tmp;
    if (!Number.isNaN(tmp)) {
      nu++;
      ssq += tmp * tmp;
    }
  }
  return ssq / nu;
}
