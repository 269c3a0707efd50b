import type { Batch } from '../../src/engine/types';
import type { Workload } from '../protocol';
import { noisySine, windowBatch } from '../synthetic';

/**
 * `count` batches of consecutive windows over the seeded synthetic series of workloads.json (the
 * same generator the reference's tests use); every engine trains on these same batches.
 */
export function syntheticBatches(workload: Workload, seed: number, count: number): Batch[] {
  const { T, F, batch: B } = workload;
  const length = count * B + T + 1;
  const series = noisySine({ length, features: F, seed }); // (length, F)
  return Array.from({ length: count }, (_, i) =>
    windowBatch(
      series,
      F,
      T,
      1,
      Array.from({ length: B }, (_, b) => i * B + b),
    ),
  );
}
