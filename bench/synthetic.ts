// Seeded synthetic workloads (bench/workloads.json): per-feature sines with their own period and
// phase plus Gaussian noise (sd 0.05). The target is feature 0's next `horizon` values. Used by the
// reference's training test and the speed benchmark; the app's own data comes from src/data.
import { gaussian, mulberry32 } from '../src/engine/random';
import type { Batch } from '../src/engine/types';

export interface SineOptions {
  /** Time steps in the series. */
  length: number;
  /** F: feature columns. */
  features: number;
  noise?: number;
  seed: number;
}

/** (length, F) row-major: column k is sin(2πt / (20 + 7k) + k) + noise. */
export function noisySine({ length, features, noise = 0.05, seed }: SineOptions): Float32Array {
  const normal = gaussian(mulberry32(seed));
  const series = new Float32Array(length * features); // (length, F)
  for (let t = 0; t < length; t++) {
    for (let k = 0; k < features; k++) {
      series[t * features + k] = Math.sin((2 * Math.PI * t) / (20 + 7 * k) + k) + noise * normal();
    }
  }
  return series;
}

/**
 * The batch of windows starting at `starts`: x (B, T, F) = series[s .. s+T), y (B, horizon) =
 * feature 0 at s+T .. s+T+horizon.
 */
export function windowBatch(
  series: Float32Array,
  features: number,
  T: number,
  horizon: number,
  starts: number[],
): Batch {
  const B = starts.length;
  const x = new Float32Array(B * T * features); // (B, T, F)
  const y = new Float32Array(B * horizon); // (B, horizon)
  starts.forEach((s, b) => {
    x.set(series.subarray(s * features, (s + T) * features), b * T * features);
    for (let h = 0; h < horizon; h++) y[b * horizon + h] = series[(s + T + h) * features];
  });
  return { x, y, batchSize: B, timeSteps: T };
}
