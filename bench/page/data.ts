import { gaussian, mulberry32 } from '../../src/engine/random';
import type { Batch } from '../../src/engine/types';
import type { Workload } from '../protocol';

/** Noise standard deviation of the synthetic series (workloads.json). */
const NOISE_SD = 0.05;

/**
 * Seeded synthetic series for one workload: feature k is sin(2πt/period_k + phase_k) plus Gaussian
 * noise; the target is the next value of the sum of the features' sines (plus noise). Every
 * engine trains on these same batches.
 */
export function syntheticBatches(workload: Workload, seed: number, count: number): Batch[] {
  const { T, F, batch: B } = workload;
  const length = count * B + T + 1;
  const noise = gaussian(mulberry32(seed));
  const features: Float32Array[] = [];
  const target = new Float32Array(length);
  for (let k = 0; k < F; k++) {
    const period = 20 + 5 * k;
    const phase = (2 * Math.PI * k) / F;
    const column = new Float32Array(length);
    for (let t = 0; t < length; t++) {
      const clean = Math.sin((2 * Math.PI * t) / period + phase);
      column[t] = clean + NOISE_SD * noise();
      target[t] += clean;
    }
    features.push(column);
  }
  for (let t = 0; t < length; t++) target[t] += NOISE_SD * noise();

  const batches: Batch[] = [];
  for (let i = 0; i < count; i++) {
    const x = new Float32Array(B * T * F); // (B, T, F)
    const y = new Float32Array(B); // (B, 1)
    for (let b = 0; b < B; b++) {
      const start = i * B + b;
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < F; k++) x[(b * T + t) * F + k] = features[k][start + t];
      }
      y[b] = target[start + T];
    }
    batches.push({ x, y, batchSize: B, timeSteps: T });
  }
  return batches;
}
