// Progress to the page in batches: loss points collect here and go out with every model's numbers at
// most about every `flushMs`, so the page re-renders per batch, not per step. Also keeps the run's
// active (unpaused) time.

import { CELLS } from '../config';
import type { CellKind } from '../engine/types';
import type { FromWorker, LossPoint, ModelProgress } from './protocol';

/** Anything that reports one model's progress (a Trainee). */
export interface ProgressSource {
  readonly cell: CellKind;
  progress(): ModelProgress;
}

export class ProgressReporter {
  private pending: LossPoint[] = [];
  private lastFlush = 0;
  /** Active time before the current stretch, ms. */
  private elapsedMs = 0;
  /** Start of the current active stretch; null while paused. */
  private activeSince: number | null = null;

  constructor(
    private readonly runId: number,
    private readonly post: (message: FromWorker) => void,
    private readonly now: () => number,
    private readonly flushMs: number,
  ) {}

  start(): void {
    this.activeSince = this.now();
    this.lastFlush = this.now();
  }

  pause(): void {
    if (this.activeSince === null) return;
    this.elapsedMs += this.now() - this.activeSince;
    this.activeSince = null;
  }

  resume(): void {
    if (this.activeSince === null) this.activeSince = this.now();
  }

  add(point: LossPoint): void {
    this.pending.push(point);
  }

  /** A flush is due. */
  due(): boolean {
    return this.now() - this.lastFlush >= this.flushMs;
  }

  /** Half the flush interval has passed: time for a running train-loss point, so each batch gets one. */
  dueForRunningPoint(): boolean {
    return this.now() - this.lastFlush >= this.flushMs * 0.5;
  }

  /** Sends the pending points with every model's progress; waits until every cell has a model. */
  flush(sources: readonly ProgressSource[]): void {
    const byCell = new Map(sources.map((s) => [s.cell, s]));
    if (CELLS.some((cell) => !byCell.has(cell))) return;
    const models = Object.fromEntries(
      CELLS.map((cell) => [cell, (byCell.get(cell) as ProgressSource).progress()]),
    ) as Record<CellKind, ModelProgress>;
    const now = this.now();
    this.post({
      type: 'progress',
      runId: this.runId,
      points: this.pending,
      models,
      elapsedMs: this.elapsedMs + (this.activeSince === null ? 0 : now - this.activeSince),
      etaMs: CELLS.reduce((sum, cell) => sum + models[cell].etaMs, 0),
    });
    this.pending = [];
    this.lastFlush = now;
  }
}
