import type { Batch } from '../../src/engine/types';
import type { CellName, Workload } from '../protocol';

/** One model being benchmarked: `step` trains on the next batch and resolves with its loss on the host. */
export interface BenchSession {
  step(): Promise<number>;
  /** What the engine says about itself (kernel path, backend flavour). */
  note: string;
  dispose(): void;
}

export interface SessionRequest {
  workload: Workload;
  cell: CellName;
  batches: Batch[];
  optimizer: { lr: number; beta1: number; beta2: number; eps: number };
  seed: number;
}

/** A session, or the reason this engine cannot run here. */
export type SessionOrSkip = { ok: true; session: BenchSession } | { ok: false; reason: string };
