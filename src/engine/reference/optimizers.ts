import type { OptimizerConfig } from '../types';

export type FloatArray = Float32Array | Float64Array;

/**
 * One Adam step, in place, with torch.optim.Adam semantics (weight decay as L2 on the gradient).
 * Twin of shaders/adam.wgsl `adam_update`. `step` counts from 1.
 * params, m, v are overwritten; grads is read; every gradient is multiplied by gradScale first.
 */
export function adamUpdate(
  params: FloatArray,
  grads: FloatArray,
  m: FloatArray,
  v: FloatArray,
  step: number,
  opt: OptimizerConfig,
  gradScale = 1,
): void {
  const biasCorrection1 = 1 - opt.beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - opt.beta2 ** step);
  for (let i = 0; i < params.length; i++) {
    const g = grads[i] * gradScale + opt.weightDecay * params[i];
    m[i] = opt.beta1 * m[i] + (1 - opt.beta1) * g;
    v[i] = opt.beta2 * v[i] + (1 - opt.beta2) * g * g;
    const denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + opt.eps;
    params[i] -= (opt.lr / biasCorrection1) * (m[i] / denom);
  }
}
