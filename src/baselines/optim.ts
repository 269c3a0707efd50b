// Nelder–Mead simplex minimiser, step for step the variant in R's optim() (nmmin in src/appl/optim.c,
// after Nash, "Compact Numerical Methods", 1990), which forecast::ets calls. Following the same steps
// (initial simplex, reflection/expansion/contraction/shrink order, stopping rule) lets an ETS fit here
// land where R's does, so the model choice can be compared with R's. Pure: no imports.

export interface NelderMeadOptions {
  /** Relative tolerance on the spread of the simplex values (R: reltol, default sqrt(eps)). */
  readonly reltol?: number;
  /** Stop once the best value is at or below this (R: abstol, default -Infinity). */
  readonly abstol?: number;
  /** Evaluation budget (R: maxit, counted in function evaluations). */
  readonly maxEvaluations?: number;
  /** Reflection, contraction and expansion factors (R: alpha, beta, gamma). */
  readonly reflection?: number;
  readonly contraction?: number;
  readonly expansion?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  /** False when the budget ran out or a shrink no longer made the simplex smaller. */
  readonly converged: boolean;
}

/** What a non-finite objective counts as inside the simplex (R's `big`). */
const BIG = 1.0e35;

export function nelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const abstol = options.abstol ?? Number.NEGATIVE_INFINITY;
  const maxEvaluations = options.maxEvaluations ?? 500;
  const reflect = options.reflection ?? 1.0;
  const contract = options.contraction ?? 0.5;
  const expand = options.expansion ?? 2.0;

  const n = start.length;
  const x0 = Float64Array.from(start);
  const f0 = objective(x0);
  if (!Number.isFinite(f0)) {
    throw new Error('nelderMead: the objective is not finite at the starting point');
  }
  const evaluate = (x: Float64Array): number => {
    const value = objective(x);
    return Number.isFinite(value) ? value : BIG;
  };

  // The simplex: n + 1 vertices (n+1, n) and their values (n+1).
  const vertices: Float64Array[] = [x0.slice()];
  const values = new Float64Array(n + 1);
  values[0] = f0;
  let evaluations = 1;
  const convtol = reltol * (Math.abs(f0) + reltol);

  // Initial simplex: one step along each axis, the step a tenth of the largest starting coordinate.
  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(x0[i]));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const vertex = x0.slice();
    let trystep = step;
    while (vertex[j - 1] === x0[j - 1]) {
      vertex[j - 1] = x0[j - 1] + trystep;
      trystep *= 10;
    }
    size += trystep;
    vertices.push(vertex);
  }
  let oldsize = size;

  const centroid = new Float64Array(n); // (n) of all vertices but the worst
  const trial = new Float64Array(n); // (n)
  let best = 0; // index of the lowest vertex (R: L - 1)
  let recompute = true;
  let converged = true;

  do {
    if (recompute) {
      for (let j = 0; j <= n; j++) {
        if (j !== best) {
          values[j] = evaluate(vertices[j]);
          evaluations++;
        }
      }
      recompute = false;
    }

    let low = values[best];
    let high = low;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const value = values[j];
      if (value < low) {
        best = j;
        low = value;
      }
      if (value > high) {
        worst = j;
        high = value;
      }
    }
    if (high <= low + convtol || low <= abstol) break;

    for (let i = 0; i < n; i++) {
      let sum = -vertices[worst][i];
      for (let j = 0; j <= n; j++) sum += vertices[j][i];
      centroid[i] = sum / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + reflect) * centroid[i] - reflect * vertices[worst][i];
    const reflected = evaluate(trial);
    evaluations++;

    if (reflected < low) {
      // Expansion past the reflected point; the centroid slot keeps the reflected point meanwhile.
      for (let i = 0; i < n; i++) {
        const expanded = expand * trial[i] + (1 - expand) * centroid[i];
        centroid[i] = trial[i];
        trial[i] = expanded;
      }
      const expandedValue = evaluate(trial);
      evaluations++;
      if (expandedValue < reflected) {
        vertices[worst].set(trial);
        values[worst] = expandedValue;
      } else {
        vertices[worst].set(centroid);
        values[worst] = reflected;
      }
    } else {
      if (reflected < high) {
        vertices[worst].set(trial);
        values[worst] = reflected;
      }
      for (let i = 0; i < n; i++) trial[i] = (1 - contract) * vertices[worst][i] + contract * centroid[i];
      const contracted = evaluate(trial);
      evaluations++;
      if (contracted < values[worst]) {
        vertices[worst].set(trial);
        values[worst] = contracted;
      } else if (reflected >= high) {
        // Shrink every vertex towards the best one.
        recompute = true;
        size = 0;
        const lowest = vertices[best];
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          const vertex = vertices[j];
          for (let i = 0; i < n; i++) {
            vertex[i] = contract * (vertex[i] - lowest[i]) + lowest[i];
            size += Math.abs(vertex[i] - lowest[i]);
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          converged = false;
          break;
        }
      }
    }
  } while (evaluations <= maxEvaluations);

  if (evaluations > maxEvaluations) converged = false;
  return { x: vertices[best].slice(), value: values[best], evaluations, converged };
}
