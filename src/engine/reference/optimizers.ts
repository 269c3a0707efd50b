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

/**
 * One SGD step, in place, torch.optim.SGD semantics with momentum μ, dampening 0, nesterov off:
 *   g = grad·gradScale + wd·p;  buf = g at step 1, else μ·buf + g;  p −= lr·buf   (buf = g when μ = 0)
 * params and momentumBuf are overwritten. `step` counts from 1.
 */
export function sgdUpdate(
  params: FloatArray,
  grads: FloatArray,
  momentumBuf: FloatArray,
  step: number,
  opt: OptimizerConfig,
  gradScale = 1,
): void {
  for (let i = 0; i < params.length; i++) {
    let g = grads[i] * gradScale + opt.weightDecay * params[i];
    if (opt.momentum !== 0) {
      momentumBuf[i] = step === 1 ? g : opt.momentum * momentumBuf[i] + g;
      g = momentumBuf[i];
    }
    params[i] -= opt.lr * g;
  }
}

/**
 * One RMSprop step, in place, torch.optim.RMSprop semantics (centered off, momentum 0):
 *   g = grad·gradScale + wd·p;  sq = α·sq + (1−α)·g²;  p −= lr·g / (√sq + ε)
 * params and sq are overwritten. `step` counts from 1 (unused: RMSprop has no bias correction).
 */
export function rmspropUpdate(
  params: FloatArray,
  grads: FloatArray,
  sq: FloatArray,
  _step: number,
  opt: OptimizerConfig,
  gradScale = 1,
): void {
  for (let i = 0; i < params.length; i++) {
    const g = grads[i] * gradScale + opt.weightDecay * params[i];
    sq[i] = opt.alpha * sq[i] + (1 - opt.alpha) * g * g;
    params[i] -= (opt.lr * g) / (Math.sqrt(sq[i]) + opt.eps);
  }
}

/**
 * Global-norm clipping factor, torch.nn.utils.clip_grad_norm_ semantics:
 * norm = ‖grads‖₂, scale = min(1, maxNorm / (norm + 1e-6)); scale = 1 when maxNorm ≤ 0 (clipping off).
 * The optimisers take `scale` as gradScale, so gradients are never rewritten.
 */
export function clipScale(grads: FloatArray, maxNorm: number): { norm: number; scale: number } {
  let sumSq = 0;
  for (let i = 0; i < grads.length; i++) sumSq += grads[i] * grads[i];
  const norm = Math.sqrt(sumSq);
  const scale = maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
  return { norm, scale };
}

/** Per-parameter optimiser memory: Adam uses m and v; SGD uses m as momentum; RMSprop uses v as Σg². */
export interface OptimizerState {
  m: FloatArray;
  v: FloatArray;
}

export function createOptimizerState(n: number): OptimizerState {
  return { m: new Float64Array(n), v: new Float64Array(n) };
}

/** One update with the optimiser named by opt.kind. `step` counts from 1. */
export function optimizerUpdate(
  params: FloatArray,
  grads: FloatArray,
  state: OptimizerState,
  step: number,
  opt: OptimizerConfig,
  gradScale = 1,
): void {
  switch (opt.kind) {
    case 'adam':
      adamUpdate(params, grads, state.m, state.v, step, opt, gradScale);
      break;
    case 'sgd':
      sgdUpdate(params, grads, state.m, step, opt, gradScale);
      break;
    case 'rmsprop':
      rmspropUpdate(params, grads, state.v, step, opt, gradScale);
      break;
  }
}
