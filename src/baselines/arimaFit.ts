// Estimation of one ARIMA(p,d,q)(P,D,Q)[m] model, the way R's stats::arima does it inside
// forecast::auto.arima (its helper myarima):
//  - 'CSS'    conditional sum of squares only (auto.arima's approximation during the search);
//  - 'CSS-ML' CSS for starting values, then the exact Gaussian likelihood maximised by BFGS over
//             PACF-transformed AR parameters, MA roots flipped inside-out afterwards.
// Same optimiser (a port of R's optim BFGS), same starts, same transforms, same acceptance rules. One
// deliberate difference: the likelihood is that of the differenced series (armaLikelihood: the limit of
// R's diffuse prior, several times faster), so estimates differ from R's by about 1e-4.
// A constant enters as a regressor: the mean when d + D = 0, a drift (slope on t = 1..n) when d + D = 1,
// none otherwise. Models R would reject are marked not accepted (myarima's ic = Inf): CSS starts that
// are not stationary or fail (fitArima returns null), Hessians that give negative or undefined
// variances, AR or MA roots within 1.01 of the unit circle.
// Coefficients are kept in R's order: ar1..p, ma1..q, sar1..P, sma1..Q, then intercept or drift.

import { finiteDifferenceHessian, minimizeBfgs } from './arimaOptim';
import {
  type ArimaStateSpace,
  armaLikelihood,
  conditionalSumOfSquares,
  differencingPolynomial,
  kalmanFilter,
  makeStateSpace,
} from './arimaStateSpace';
import { type Complex, polynomialRoots, regressThroughOrigin, rootsOutside, solveLinear } from './linalg';

export interface ArimaSpec {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  /** Season length; 1 means non-seasonal (then P = D = Q = 0). */
  readonly m: number;
  /** Mean (d + D = 0) or drift (d + D = 1); ignored when d + D ≥ 2. */
  readonly constant: boolean;
}

export type ArimaRegressor = 'intercept' | 'drift' | null;
export type ArimaMethod = 'CSS' | 'CSS-ML';

export interface ArimaFit {
  readonly spec: ArimaSpec;
  readonly method: ArimaMethod;
  /** R's order: ar, ma, sar, sma, then the regressor's coefficient when there is one. */
  readonly coef: Float64Array;
  readonly regressor: ArimaRegressor;
  /** Innovation variance: ssq / n.used (ML) or the CSS mean square. */
  readonly sigma2: number;
  /** Exact log-likelihood (NaN for CSS). */
  readonly loglik: number;
  /** AIC as myarima computes it (for CSS: n* log σ² + 2 npar, without R's constant offset). */
  readonly aic: number;
  /** AICc (undefined, ±Infinity or negative, when n* ≤ npar + 1: use the AIC then, as R does). */
  readonly aicc: number;
  /** False when R would reject the model (myarima's ic = Inf): roots or Hessian unacceptable. */
  readonly accepted: boolean;
}

export function regressorOf(spec: ArimaSpec): ArimaRegressor {
  if (!spec.constant) return null;
  const nd = spec.d + spec.D;
  return nd === 0 ? 'intercept' : nd === 1 ? 'drift' : null;
}

/** Value of the regressor at time index t (0-based; R's drift is t + 1). */
export function regressorValue(regressor: ArimaRegressor, t: number): number {
  return regressor === 'drift' ? t + 1 : regressor === 'intercept' ? 1 : 0;
}

// ---- parameter transforms (R's partrans, invpartrans, ARIMA_transPars, ARIMA_Gradtrans) ----

/** PACF-style unconstrained values → stationary AR coefficients: tanh, then Durbin–Levinson. */
function partrans(raw: ArrayLike<number>): Float64Array {
  const p = raw.length;
  const out = Float64Array.from(raw, Math.tanh);
  const work = Float64Array.from(out);
  for (let j = 1; j < p; j++) {
    const a = out[j];
    for (let k = 0; k < j; k++) work[k] -= a * out[j - k - 1];
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  return out;
}

function invpartrans(phi: ArrayLike<number>): Float64Array {
  const p = phi.length;
  const out = Float64Array.from(phi);
  const work = Float64Array.from(phi);
  for (let j = p - 1; j > 0; j--) {
    const a = out[j];
    for (let k = 0; k < j; k++) work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  for (let j = 0; j < p; j++) out[j] = Math.atanh(out[j]);
  return out;
}

/** Applies `fn` to the AR block and the seasonal AR block of a coefficient vector. */
function mapArBlocks(
  coef: Float64Array,
  spec: ArimaSpec,
  fn: (v: Float64Array) => Float64Array,
): Float64Array {
  const out = Float64Array.from(coef);
  const { p, q, P } = spec;
  if (p > 0) out.set(fn(coef.subarray(0, p)), 0);
  if (P > 0) out.set(fn(coef.subarray(p + q, p + q + P)), p + q);
  return out;
}

/** Multiplies out the seasonal factors: (phi, theta) of lengths p + mP and q + mQ. */
export function expandPolynomials(
  coef: ArrayLike<number>,
  spec: ArimaSpec,
  transform = false,
): { phi: Float64Array; theta: Float64Array } {
  const { p, q, P, Q, m } = spec;
  let params: Float64Array = Float64Array.from(coef);
  if (transform) params = mapArBlocks(params, spec, partrans);
  const phi = new Float64Array(p + m * P);
  const theta = new Float64Array(q + m * Q);
  for (let i = 0; i < p; i++) phi[i] = params[i];
  for (let i = 0; i < q; i++) theta[i] = params[p + i];
  for (let j = 0; j < P; j++) {
    const s = params[p + q + j];
    phi[(j + 1) * m - 1] += s;
    for (let i = 0; i < p; i++) phi[(j + 1) * m + i] -= params[i] * s;
  }
  for (let j = 0; j < Q; j++) {
    const s = params[p + q + P + j];
    theta[(j + 1) * m - 1] += s;
    for (let i = 0; i < q; i++) theta[(j + 1) * m + i] += params[p + i] * s;
  }
  return { phi, theta };
}

/** (k, k) Jacobian A[i, j] = ∂ transformed_j / ∂ raw_i by forward differences (R's ARIMA_Gradtrans). */
function transformJacobian(raw: Float64Array, spec: ArimaSpec): Float64Array {
  const k = raw.length;
  const eps = 1e-3;
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) A[i * k + i] = 1;
  const block = (start: number, len: number) => {
    const w1 = Float64Array.from(raw.subarray(start, start + len));
    const w2 = partrans(w1);
    for (let i = 0; i < len; i++) {
      w1[i] += eps;
      const w3 = partrans(w1);
      for (let j = 0; j < len; j++) A[(start + i) * k + start + j] = (w3[j] - w2[j]) / eps;
      w1[i] -= eps;
    }
  };
  if (spec.p > 0) block(0, spec.p);
  if (spec.P > 0) block(spec.p + spec.q, spec.P);
  return A;
}

/** R's maInvert: reflects MA roots inside the unit circle to make the polynomial invertible. */
function maInvert(ma: Float64Array): Float64Array {
  const q = ma.length;
  let q0 = q;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return ma;
  const roots = polynomialRoots(ma.subarray(0, q0));
  const inside = roots.map(([re, im]) => Math.hypot(re, im) < 1);
  if (!inside.some(Boolean)) return ma;
  const out = new Float64Array(q);
  if (q0 === 1) {
    out[0] = 1 / ma[0];
    return out;
  }
  const flipped: Complex[] = roots.map(([re, im], i) => {
    if (!inside[i]) return [re, im];
    const m2 = re * re + im * im;
    return [re / m2, -im / m2];
  });
  // x = Π (1 - z / root), coefficients in ascending order
  let x: Complex[] = [[1, 0]];
  for (const [rr, ri] of flipped) {
    const m2 = rr * rr + ri * ri;
    const inv: Complex = [rr / m2, -ri / m2];
    const next: Complex[] = x.map((c) => [c[0], c[1]]);
    next.push([0, 0]);
    for (let i = 0; i < x.length; i++) {
      next[i + 1][0] -= x[i][0] * inv[0] - x[i][1] * inv[1];
      next[i + 1][1] -= x[i][0] * inv[1] + x[i][1] * inv[0];
    }
    x = next;
  }
  for (let i = 0; i < q0; i++) out[i] = x[i + 1][0];
  return out;
}

function invertMaBlocks(coef: Float64Array, spec: ArimaSpec): Float64Array {
  const out = Float64Array.from(coef);
  const { p, q, P, Q } = spec;
  if (q > 0) out.set(maInvert(coef.slice(p, p + q)), p);
  if (Q > 0) out.set(maInvert(coef.slice(p + q + P, p + q + P + Q)), p + q + P);
  return out;
}

// ---- the fit ----

function difference(v: ArrayLike<number>, d: number, D: number, m: number): Float64Array {
  let w = Float64Array.from(v);
  for (let i = 0; i < d; i++) w = w.slice(1).map((x, t) => x - w[t]);
  for (let i = 0; i < D; i++) w = w.slice(m).map((x, t) => x - w[t]);
  return w;
}

/** Trailing coefficients at most 1e-8 in size dropped, as myarima does before its root check. */
function trimmed(c: Float64Array): Float64Array {
  let k = c.length;
  while (k > 0 && Math.abs(c[k - 1]) <= 1e-8) k--;
  return c.subarray(0, k);
}

/** Whether the expanded AR and MA polynomials have all roots at least 1.01 away (myarima's check). */
function rootsClearOfUnitCircle(phi: Float64Array, theta: Float64Array): boolean {
  const minRoot = 1.01;
  return (
    rootsOutside(trimmed(phi), minRoot) &&
    rootsOutside(
      trimmed(theta).map((v) => -v),
      minRoot,
    )
  );
}

/** Whether diag(Aᵀ (H n)⁻¹ A) is free of negative or NaN entries (R's checkarima), false when H is singular. */
function variancesValid(
  hessian: Float64Array,
  jacobian: Float64Array | null,
  k: number,
  nUsed: number,
): boolean {
  const scaled = hessian.map((v) => v * nUsed);
  const A = jacobian ?? identity(k);
  const solved = solveLinear(scaled, A, k, k); // (k, k)
  if (!solved) return false;
  for (let c = 0; c < k; c++) {
    let v = 0;
    for (let i = 0; i < k; i++) v += A[i * k + c] * solved[i * k + c];
    if (!(v >= 0)) return false;
  }
  return true;
}

function identity(k: number): Float64Array {
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) A[i * k + i] = 1;
  return A;
}

function icFrom(aic: number, nstar: number, npar: number): number {
  return aic + (2 * npar * (npar + 1)) / (nstar - npar - 1);
}

/** Fits one model; null when R's arima would stop with an error (myarima then scores it Infinity). */
export function fitArima(x: ArrayLike<number>, spec: ArimaSpec, method: ArimaMethod): ArimaFit | null {
  try {
    return fitOrThrow(x, spec, method);
  } catch {
    return null;
  }
}

function fitOrThrow(x: ArrayLike<number>, spec: ArimaSpec, method: ArimaMethod): ArimaFit | null {
  const { p, d, q, P, D, Q, m } = spec;
  const n = x.length;
  const narma = p + q + P + Q;
  const regressor = regressorOf(spec);
  const k = narma + (regressor ? 1 : 0);
  const nUsed = n - d - D * m; // R's n.used, also myarima's n* (no missing values here)
  if (nUsed <= 0) return null;
  const npar = k + 1;

  const init0 = new Float64Array(k);
  const parscale = new Float64Array(k).fill(1);
  const column = new Float64Array(n); // (n) the regressor, zeros when there is none
  for (let t = 0; t < n; t++) column[t] = regressorValue(regressor, t);
  const dx = difference(x, d, D, m); // (nUsed)
  const dcolumn = difference(column, d, D, m); // (nUsed)
  if (regressor) {
    // Start and scale as R: least squares on the differenced series (on the raw one if too short).
    const fit = (nUsed > 1 ? regressThroughOrigin(dcolumn, dx) : null) ?? regressThroughOrigin(column, x);
    if (!fit) return null;
    init0[narma] = fit.coef;
    parscale[narma] = fit.se > 0 && Number.isFinite(fit.se) ? 10 * fit.se : 1;
  }
  // The differenced series with the regressor's share removed: differencing commutes with it.
  const w = new Float64Array(nUsed);
  const differenced = (par: ArrayLike<number>): Float64Array => {
    const beta = regressor ? par[narma] : 0;
    for (let t = 0; t < w.length; t++) w[t] = dx[t] - beta * dcolumn[t];
    return w;
  };

  const cssStart = p + P * m; // R's ncond less the values lost to differencing
  const armaCSS = (par: Float64Array): number => {
    const { phi, theta } = expandPolynomials(par, spec, false);
    return 0.5 * Math.log(conditionalSumOfSquares(differenced(par), phi, theta, cssStart));
  };
  // Exact likelihood of the differenced series (see armaLikelihood for how it relates to R's).
  const likelihood = (par: Float64Array, transform: boolean) => {
    const { phi, theta } = expandPolynomials(par, spec, transform);
    return armaLikelihood(differenced(par), phi, theta);
  };
  const armafn = (par: Float64Array, transform: boolean): number => {
    const run = likelihood(par, transform);
    if (!run) return Number.MAX_VALUE;
    return 0.5 * (Math.log(run.ssq / run.nu) + run.sumlog / run.nu);
  };
  const optimOptions = { parscale };

  if (method === 'CSS') {
    const res = minimizeBfgs(armaCSS, init0, optimOptions);
    const coef = res.par;
    const valid =
      k === 0 || variancesValid(finiteDifferenceHessian(armaCSS, coef, optimOptions), null, k, nUsed);
    const sigma2 = Math.exp(2 * armaCSS(coef));
    const aic = nUsed * Math.log(sigma2) + 2 * npar;
    return finish(coef, aic, sigma2, Number.NaN, valid);
  }

  // CSS-ML: CSS for the start (kept only if it converged), which must be stationary.
  let init: Float64Array = init0;
  if (k > 0) {
    const css = minimizeBfgs(armaCSS, init0, optimOptions);
    if (css.converged) init = css.par;
  }
  if (p > 0 && !rootsOutside(init.subarray(0, p))) return null;
  if (P > 0 && !rootsOutside(init.subarray(p + q, p + q + P))) return null;
  init = invertMaBlocks(mapArBlocks(init, spec, invpartrans), spec);

  const transformed = (par: Float64Array) => armafn(par, true);
  let res = minimizeBfgs(transformed, init, optimOptions);
  let raw = res.par;
  const inverted = invertMaBlocks(raw, spec);
  if (inverted.some((v, i) => v !== raw[i])) {
    raw = inverted;
    res = { ...res, par: raw, value: transformed(raw) };
  }
  const coef = mapArBlocks(raw, spec, partrans);
  const value = 2 * nUsed * res.value + nUsed + nUsed * Math.log(2 * Math.PI);
  const aic = value + 2 * k + 2;
  const run = likelihood(coef, false);
  if (!run) return null;
  // The Hessian only decides acceptance; skip it when the roots reject the model anyway.
  const { phi, theta } = expandPolynomials(coef, spec);
  let valid = rootsClearOfUnitCircle(phi, theta);
  if (valid && k > 0) {
    const hessian = finiteDifferenceHessian(transformed, raw, optimOptions);
    valid = variancesValid(hessian, transformJacobian(raw, spec), k, nUsed);
  }
  return finish(coef, aic, run.ssq / nUsed, -0.5 * value, valid);

  function finish(coef: Float64Array, aic: number, sigma2: number, loglik: number, valid: boolean): ArimaFit {
    const { phi, theta } = expandPolynomials(coef, spec);
    const usable = valid && Number.isFinite(aic) && rootsClearOfUnitCircle(phi, theta);
    return {
      spec,
      method,
      coef,
      regressor,
      sigma2,
      loglik,
      aic,
      aicc: icFrom(aic, nUsed, npar),
      accepted: usable,
    };
  }
}

/** The state-space form of a fitted model (for filtering and forecasting). */
export function stateSpaceOf(spec: ArimaSpec, coef: ArrayLike<number>): ArimaStateSpace {
  const { phi, theta } = expandPolynomials(coef, spec);
  return makeStateSpace(phi, theta, differencingPolynomial(spec.d, spec.D, spec.m));
}

/** Exact Gaussian log-likelihood of x under the model with these coefficients (R's loglik). */
export function arimaLogLikelihood(x: ArrayLike<number>, spec: ArimaSpec, coef: ArrayLike<number>): number {
  const regressor = regressorOf(spec);
  const beta = regressor ? coef[spec.p + spec.q + spec.P + spec.Q] : 0;
  const y = Float64Array.from(x, (v, t) => v - beta * regressorValue(regressor, t));
  const run = kalmanFilter(y, stateSpaceOf(spec, coef));
  if (!run) return Number.NaN;
  const nUsed = x.length - spec.d - spec.D * spec.m;
  const value = 0.5 * (Math.log(run.ssq / run.nu) + run.sumlog / run.nu);
  return -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.log(2 * Math.PI));
}

/**
 * σ² of x under the model with these coefficients, as forecast's Arima and auto.arima report it: the sum
 * of squared standardised innovations v_t / √F_t over every observation (the first d + mD, still
 * diffuse, contribute a little) divided by n - d - mD - k, for k estimated coefficients (0 when they
 * were fixed). NaN when nothing is left to divide by.
 */
export function arimaResidualVariance(
  x: ArrayLike<number>,
  spec: ArimaSpec,
  coef: ArrayLike<number>,
  estimated = coef.length,
): number {
  const regressor = regressorOf(spec);
  const beta = regressor ? coef[spec.p + spec.q + spec.P + spec.Q] : 0;
  const y = Float64Array.from(x, (v, t) => v - beta * regressorValue(regressor, t));
  const dof = x.length - spec.d - spec.D * spec.m - estimated;
  const run = dof > 0 ? kalmanFilter(y, stateSpaceOf(spec, coef), true) : null;
  if (!run) return Number.NaN;
  let sum = 0;
  for (let t = 0; t < y.length; t++) sum += (y[t] - run.predictions![t]) ** 2 / run.gains![t];
  return sum / dof;
}
