// The optimiser R's arima() uses: optim(method = "BFGS") — Nash's variable-metric method `vmmin` with
// central-difference gradients (step `ndeps` in the scaled parameters) and `parscale` scaling — plus
// `optimhess`, the finite-difference Hessian optim() returns with hessian = TRUE. Ported step for step
// so that, from the same start, we walk the same path and stop where R stops (reltol on the value).
// Pure, no imports.

export type Objective = (x: Float64Array) => number;

export interface BfgsOptions {
  /** Typical magnitude of each parameter; the search runs on x / parscale (R's control$parscale). */
  parscale?: ArrayLike<number>;
  /** Finite-difference step in the scaled parameters (R: 1e-3). */
  ndeps?: number;
  /** Iterations (gradient evaluations) allowed (R's BFGS default: 100). */
  maxit?: number;
  /** Relative change of the value below which the search stops (R: sqrt(machine epsilon)). */
  reltol?: number;
}

export interface BfgsResult {
  par: Float64Array;
  value: number;
  /** False when the iteration limit was reached (R's convergence code 1). */
  converged: boolean;
  evaluations: number;
}

const STEP_REDUCTION = 0.2;
const ACCEPT_TOLERANCE = 1e-4;
const REL_TEST = 10;

/**
 * `fn` and its central-difference gradient in the scaled parameters b = x / parscale, as optim() evaluates
 * them (`counted` is called once per evaluation of `fn`). The gradient throws on a non-finite difference.
 */
function scaledObjective(
  fn: Objective,
  parscale: Float64Array,
  ndeps: number,
  counted: () => void = () => {},
) {
  const n = parscale.length;
  const raw = new Float64Array(n);
  const f = (b: Float64Array): number => {
    for (let i = 0; i < n; i++) raw[i] = b[i] * parscale[i];
    counted();
    return fn(raw);
  };
  const gradient = (b: Float64Array, g: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const keep = b[i];
      b[i] = keep + ndeps;
      const up = f(b);
      b[i] = keep - ndeps;
      const down = f(b);
      b[i] = keep;
      g[i] = (up - down) / (2 * ndeps);
      if (!Number.isFinite(g[i])) throw new Error(`non-finite finite-difference value [${i + 1}]`);
    }
  };
  return { f, gradient };
}

/**
 * Minimises `fn` from `x0`. Throws, as R's optim does, when the starting value or a finite-difference
 * gradient is not finite.
 */
export function minimizeBfgs(fn: Objective, x0: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  const parscale = Float64Array.from(options.parscale ?? new Array(n).fill(1));
  const ndeps = options.ndeps ?? 1e-3;
  const maxit = options.maxit ?? 100;
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  let evaluations = 0;
  const { f, gradient } = scaledObjective(fn, parscale, ndeps, () => evaluations++);

  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = x0[i] / parscale[i];
  if (n === 0) return { par: new Float64Array(0), value: f(b), converged: true, evaluations };
  if (maxit <= 0) return { par: Float64Array.from(x0), value: f(b), converged: true, evaluations };

  let fmin = f(b);
  if (!Number.isFinite(fmin)) throw new Error('initial value in vmmin is not finite');
  const g = new Float64Array(n);
  const t = new Float64Array(n);
  const xPrev = new Float64Array(n);
  const c = new Float64Array(n);
  const B = new Float64Array(n * n); // lower triangle used, (n, n)
  gradient(b, g);
  let gradcount = 1;
  let iter = 1;
  let ilast = gradcount;
  let count = 0;
  let value = fmin;

  do {
    if (ilast === gradcount) {
      B.fill(0);
      for (let i = 0; i < n; i++) B[i * n + i] = 1;
    }
    for (let i = 0; i < n; i++) {
      xPrev[i] = b[i];
      c[i] = g[i];
    }
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i * n + j] * g[j];
      for (let j = i + 1; j < n; j++) s -= B[j * n + i] * g[j];
      t[i] = s;
      gradproj += s * g[i];
    }

    if (gradproj < 0) {
      let steplength = 1;
      let accpoint = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = xPrev[i] + steplength * t[i];
          if (REL_TEST + xPrev[i] === REL_TEST + b[i]) count++;
        }
        if (count < n) {
          value = f(b);
          accpoint = Number.isFinite(value) && value <= fmin + gradproj * steplength * ACCEPT_TOLERANCE;
          if (!accpoint) steplength *= STEP_REDUCTION;
        }
      } while (!(count === n || accpoint));
      const enough = Math.abs(value - fmin) > reltol * (Math.abs(fmin) + reltol);
      if (!enough) {
        count = n;
        fmin = value;
      }
      if (count < n) {
        fmin = value;
        gradient(b, g);
        gradcount++;
        iter++;
        let d1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] *= steplength;
          c[i] = g[i] - c[i];
          d1 += t[i] * c[i];
        }
        if (d1 > 0) {
          let d2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i * n + j] * c[j];
            for (let j = i + 1; j < n; j++) s += B[j * n + i] * c[j];
            xPrev[i] = s;
            d2 += s * c[i];
          }
          d2 = 1 + d2 / d1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              B[i * n + j] += (d2 * t[i] * t[j] - xPrev[i] * t[j] - t[i] * xPrev[j]) / d1;
            }
          }
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);

  const par = new Float64Array(n);
  for (let i = 0; i < n; i++) par[i] = b[i] * parscale[i];
  return { par, value: fmin, converged: iter < maxit, evaluations };
}

/**
 * R's optimhess: the Hessian (n, n) of `fn` at `x` from central differences of the same
 * finite-difference gradient the optimiser uses, then symmetrised.
 */
export function finiteDifferenceHessian(
  fn: Objective,
  x: ArrayLike<number>,
  options: Pick<BfgsOptions, 'parscale' | 'ndeps'> = {},
): Float64Array {
  const n = x.length;
  const parscale = Float64Array.from(options.parscale ?? new Array(n).fill(1));
  const ndeps = options.ndeps ?? 1e-3;
  const { gradient } = scaledObjective(fn, parscale, ndeps);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = x[i] / parscale[i];
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const eps = ndeps / parscale[i];
    const keep = b[i];
    b[i] = keep + eps;
    gradient(b, up);
    b[i] = keep - eps;
    gradient(b, down);
    b[i] = keep;
    for (let j = 0; j < n; j++)
      hessian[i * n + j] = (up[j] - down[j]) / (2 * eps * parscale[i] * parscale[j]);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
      hessian[i * n + j] = mean;
      hessian[j * n + i] = mean;
    }
  }
  return hessian;
}
