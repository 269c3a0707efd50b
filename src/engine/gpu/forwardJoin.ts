// Joining forward passes: evaluate and predict requests of different members of a batched model, for batches of
// one shape and made before the pass is recorded (a sweep evaluates every member in one tick), share one pass,
// one submit and one readback. The join only groups requests and queues each group once; the model runs it.
import type { Scheduler } from './scheduler';

/** One member's request: its inputs (B, T, F) and targets (B, O) (zeros when only predicting). */
export interface ForwardRequest {
  m: number;
  x: Float32Array;
  y: Float32Array;
}

/** The requests of one pass; each member appears at most once. */
export interface ForwardPass {
  B: number;
  T: number;
  requests: ForwardRequest[];
}

/** One member's result: its predictions (B, O) and its loss against the targets. */
export interface Forward {
  pred: Float32Array;
  loss: number;
}

interface ForwardGroup extends ForwardPass {
  done: Promise<Forward[]>;
}

export class ForwardJoin {
  private open: ForwardGroup | null = null;

  constructor(
    private readonly scheduler: Pick<Scheduler, 'enqueue'>,
    /** Runs a pass when the scheduler reaches it; resolves with one result per request, in order. */
    private readonly run: (pass: ForwardPass) => Promise<Forward[]>,
  ) {}

  /**
   * Adds the request to the open pass if it has the same shape and no request of the same member, else queues a
   * new pass for it; resolves with the request's own result.
   */
  join(request: ForwardRequest, B: number, T: number): Promise<Forward> {
    let group = this.open;
    if (!group || group.B !== B || group.T !== T || group.requests.some((r) => r.m === request.m)) {
      const created: ForwardGroup = { B, T, requests: [], done: Promise.resolve([]) };
      created.done = this.scheduler.enqueue(async () => {
        if (this.open === created) this.open = null;
        return this.run(created);
      });
      this.open = group = created;
    }
    const index = group.requests.push(request) - 1;
    return group.done.then((results) => results[index]);
  }

  /**
   * Later calls of a member's weights or state must not overtake work queued before them, so any other queued
   * work closes the open pass (as it closes the scheduler's open training step).
   */
  close(): void {
    this.open = null;
  }
}
