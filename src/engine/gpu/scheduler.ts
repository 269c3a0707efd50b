// Records training steps into as few submits as possible and never waits for a loss before
// recording the next step. One Scheduler per device; models that share it train interleaved:
// `step([lstmJob, gruJob])` records both models' whole steps into one command encoder, one compute
// pass and one queue.submit. Losses come back through each model's staging ring (see GpuModel).
import type { Batch, StepResult } from '../types';

/** What the scheduler needs from a model (GpuModel implements it). */
export interface SchedulableModel {
  /** Throws the model's typed failure once its device is lost or errored. */
  assertUsable(): void;
  /** Throws when the batch does not fit the model (checked for every job before any is prepared). */
  checkBatch(batch: Batch): void;
  /** Uploads the batch and queues the step's uniforms; waits for a free readback slot. */
  prepareTrainStep(batch: Batch): Promise<PreparedStep>;
}

export interface PreparedStep {
  /** Records the model's whole step (forward, backward, norm, optimiser) into the pass. */
  record(pass: GPUComputePassEncoder): void;
  /** Records the copy of the model's stats into its readback slot (outside the pass). */
  recordReadback(encoder: GPUCommandEncoder): void;
  /** Called right after the submit: starts the map and resolves with the step's loss. */
  result(dispatches: number): Promise<StepResult>;
}

export interface TrainJob {
  model: SchedulableModel;
  batch: Batch;
}

/** Wraps a compute pass so every dispatchWorkgroups call is counted (the recurrence records its own). */
export function countingPass(pass: GPUComputePassEncoder): {
  pass: GPUComputePassEncoder;
  count: () => number;
} {
  let dispatches = 0;
  const proxy = new Proxy(pass, {
    get(target, prop) {
      if (prop === 'dispatchWorkgroups') {
        return (x: number, y?: number, z?: number) => {
          dispatches++;
          target.dispatchWorkgroups(x, y, z);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { pass: proxy, count: () => dispatches };
}

function copyBatch(batch: Batch): Batch {
  return { ...batch, x: batch.x.slice(), y: batch.y.slice() };
}

interface OpenGroup {
  jobs: TrainJob[];
  models: Set<SchedulableModel>;
  recorded: Promise<Promise<StepResult>[]>;
}

export class Scheduler {
  /** Submits made by training steps since creation. */
  submits = 0;
  /** Scheduler steps recorded (each is one submit, whatever the number of jobs). */
  steps = 0;
  private tail: Promise<unknown> = Promise.resolve();
  /** The joint step still waiting to be recorded; later steps of other models join it. */
  private open: OpenGroup | null = null;

  constructor(readonly device: GPUDevice) {}

  /**
   * Runs `work` after everything enqueued before it has been recorded and submitted, so steps,
   * evaluations and weight reads reach the GPU queue in call order.
   */
  enqueue<T>(work: () => Promise<T>): Promise<T> {
    // Work queued behind a joint step must not be overtaken by a step that joins it later.
    this.open = null;
    return this.chain(work);
  }

  /**
   * One training step of every job in one encoder, one pass, one submit. Returns at once; each promise
   * resolves when that job's loss has been read back. Batches are copied, so callers may reuse them.
   *
   * Steps of other models requested before this one is recorded join the same submit, so a training
   * loop that calls `lstm.trainStep(b); gru.trainStep(b)` in one tick pays one submit for both. A model
   * never appears twice in one submit: its uniforms are written with queue.writeBuffer, and a second
   * write before the submit would overwrite the first step's.
   */
  step(jobs: TrainJob[]): Promise<StepResult>[] {
    const copies = jobs.map((job) => ({ model: job.model, batch: copyBatch(job.batch) }));
    let group = this.open;
    if (!group || copies.some((job) => group!.models.has(job.model))) {
      group = this.openGroup();
    }
    const first = group.jobs.length;
    for (const job of copies) {
      group.jobs.push(job);
      group.models.add(job.model);
    }
    const recorded = group.recorded;
    return copies.map((_, i) => recorded.then((results) => results[first + i]));
  }

  private openGroup(): OpenGroup {
    const group: OpenGroup = { jobs: [], models: new Set(), recorded: Promise.resolve([]) };
    group.recorded = this.chain(async () => {
      if (this.open === group) this.open = null;
      return this.record(group.jobs);
    });
    this.open = group;
    return group;
  }

  private chain<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Records every job into one pass and submits; a job whose model or batch is unusable fails alone. */
  private async record(jobs: TrainJob[]): Promise<Promise<StepResult>[]> {
    const outcomes: (PreparedStep | Error)[] = [];
    for (const job of jobs) {
      try {
        job.model.assertUsable();
        job.model.checkBatch(job.batch);
        outcomes.push(await job.model.prepareTrainStep(job.batch));
      } catch (err) {
        outcomes.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    const prepared = outcomes.filter((o): o is PreparedStep => !(o instanceof Error));
    const dispatches = new Map<PreparedStep, number>();
    if (prepared.length > 0) {
      const encoder = this.device.createCommandEncoder({ label: 'training step' });
      const counted = countingPass(encoder.beginComputePass({ label: 'training step' }));
      for (const step of prepared) {
        const before = counted.count();
        step.record(counted.pass);
        dispatches.set(step, counted.count() - before);
      }
      counted.pass.end();
      for (const step of prepared) step.recordReadback(encoder);
      this.device.queue.submit([encoder.finish()]);
      this.submits++;
      this.steps++;
    }
    return outcomes.map((o) => (o instanceof Error ? Promise.reject(o) : o.result(dispatches.get(o)!)));
  }
}
