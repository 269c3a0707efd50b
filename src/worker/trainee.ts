// One model in training: its position (epoch, step), running losses, timing, best weights and the
// end-of-epoch snapshot it resumes from after a device loss. It steps and closes epochs; the session
// decides what each outcome means for the run and tells the page.

import { mulberry32 } from '../engine/random';
import type { CellKind, ForecastModel, OptimizerSnapshot } from '../engine/types';
import type { SessionData } from './evaluation';
import type { ModelFailure, ResumedModel } from './failures';
import { meanLoss } from './prediction';
import type { LossPoint, ModelProgress, ModelResult, ModelSetup, ModelStatus } from './protocol';

/** What one training step did; `firstStepMs` is set on a model's very first step (GPU kernel compilation). */
export type StepOutcome = { firstStepMs: number | null } & (
  | { kind: 'stepped'; epochDone: boolean }
  /** The loss was NaN or infinite; the step was not counted. */
  | { kind: 'non-finite'; loss: number }
);

/** What the end of an epoch decided: train the `next` epoch, or stop, and why. */
export type EpochVerdict = 'next' | 'early-stopped' | 'finished' | 'non-finite';

export interface EpochEnd {
  point: LossPoint;
  verdict: EpochVerdict;
  /** The loss early stopping compares: validation loss, or train loss without a validation part. */
  criterion: number;
}

/** The batch size a model trains with on `data`: its loop's, at most the train window count. */
export function trainBatchSize(loopBatchSize: number, data: SessionData): number {
  return Math.max(1, Math.min(loopBatchSize, data.windows.train.count));
}

export class Trainee {
  status: ModelStatus = 'waiting';
  /** 1-based epoch in progress. */
  epoch = 1;
  /** Steps completed in the current epoch. */
  step = 0;
  readonly stepsPerEpoch: number;
  readonly batchSize: number;
  bestVal = Number.POSITIVE_INFINITY;
  bestEpoch = 0;
  /** Weights of the best epoch so far, on the CPU; used for the final predictions. */
  bestWeights: Float32Array | null = null;

  private order: Uint32Array = new Uint32Array(0);
  private epochLoss = { sum: 0, count: 0 };
  /** Train loss since the last running point. */
  private running = { sum: 0, count: 0 };
  private stepsDone = 0;
  private samples = 0;
  /**
   * Time in training steps only, for samples/s: from the second step on, once there is one, since the first
   * also compiles the GPU kernels (reported apart, as the kernels-ready note) and would swamp a short run.
   */
  private stepMs = 0;
  /** Moving average of recent step times, for the ETA (the first steps include kernel compilation). */
  private recentStepMs = 0;
  /** Time in steps and evaluations. */
  private trainMs = 0;
  private lastLoss = Number.NaN;
  private sinceBest = 0;
  /** Weights and optimiser state at the end of the last completed epoch, to resume from after a device loss. */
  private snapshot: { epoch: number; weights: Float32Array; state: OptimizerSnapshot } | null = null;

  constructor(
    readonly cell: CellKind,
    readonly setup: ModelSetup,
    public model: ForecastModel,
    private readonly data: SessionData,
    private readonly now: () => number,
  ) {
    const trainCount = data.windows.train.count;
    this.batchSize = trainBatchSize(setup.loop.batchSize, data);
    this.stepsPerEpoch = Math.max(1, Math.floor(trainCount / this.batchSize));
  }

  /** One training step on the next shuffled batch; `roundStart` is set when both models step together. */
  async trainStep(roundStart?: number): Promise<StepOutcome> {
    // nothing is awaited before model.trainStep: members of a batched model called in one tick step together
    if (this.step === 0)
      this.order = shuffled(this.data.windows.train.count, this.setup.config.seed + this.epoch);
    const indices = this.order.subarray(this.step * this.batchSize, (this.step + 1) * this.batchSize);
    const batch = this.data.gatherBatch('train', indices);
    const started = roundStart ?? this.now();
    const result = await this.model.trainStep(batch);
    const took = this.now() - started;
    if (this.stepsDone === 1) {
      // the second step: the first one's time and samples leave the rate
      this.stepMs = 0;
      this.samples = 0;
    }
    this.stepMs += took;
    this.trainMs += took;
    this.recentStepMs = this.stepsDone === 0 ? took : 0.8 * this.recentStepMs + 0.2 * took;
    this.samples += batch.batchSize;
    this.stepsDone++;
    this.lastLoss = result.loss;
    const firstStepMs = this.stepsDone === 1 ? took : null;
    if (!Number.isFinite(result.loss)) return { kind: 'non-finite', loss: result.loss, firstStepMs };
    this.epochLoss.sum += result.loss;
    this.epochLoss.count++;
    this.running.sum += result.loss;
    this.running.count++;
    this.step++;
    return { kind: 'stepped', epochDone: this.step >= this.stepsPerEpoch, firstStepMs };
  }

  /** The mean train loss since the previous running point, inside an epoch; null when there is none. */
  takeRunningPoint(): LossPoint | null {
    if (this.running.count === 0 || this.step >= this.stepsPerEpoch) return null;
    const point: LossPoint = {
      model: this.cell,
      epoch: this.epoch - 1 + this.step / this.stepsPerEpoch,
      kind: 'running',
      train: this.running.sum / this.running.count,
    };
    this.running = { sum: 0, count: 0 };
    return point;
  }

  /** Validation loss, best weights, snapshot and early stopping at the end of an epoch. */
  async endEpoch(): Promise<EpochEnd> {
    const started = this.now();
    const trainLoss = this.epochLoss.sum / Math.max(1, this.epochLoss.count);
    const val = await meanLoss(this.data, this.model, this.batchSize, 'val');
    const criterion = Number.isNaN(val) ? trainLoss : val;
    const point: LossPoint = { model: this.cell, epoch: this.epoch, kind: 'epoch', train: trainLoss, val };
    this.running = { sum: 0, count: 0 };
    this.epochLoss = { sum: 0, count: 0 };
    const weights = await this.model.getWeights();
    this.snapshot = { epoch: this.epoch, weights, state: await this.model.getOptimizerState() };
    const end = (verdict: EpochVerdict): EpochEnd => {
      this.trainMs += this.now() - started;
      return { point, verdict, criterion };
    };
    if (!Number.isFinite(criterion)) return end('non-finite');
    if (criterion < this.bestVal) {
      this.bestVal = criterion;
      this.bestEpoch = this.epoch;
      this.bestWeights = weights;
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    const { epochs, patience } = this.setup.loop;
    if (patience > 0 && this.sinceBest >= patience && this.epoch < epochs) return end('early-stopped');
    if (this.epoch >= epochs) return end('finished');
    const next = end('next');
    this.epoch++;
    this.step = 0;
    return next;
  }

  /** The failure to report when the loss became `value` (NaN or infinite) in the current step. */
  nanLoss(value: number): ModelFailure {
    const { lr, clipNorm } = this.setup.optimizer;
    return {
      kind: 'nan-loss',
      model: this.cell,
      epoch: this.epoch,
      step: this.step + 1,
      value,
      lr,
      suggestedLr: lr / 10,
      clipNorm,
      keptEpoch: this.bestWeights !== null ? this.bestEpoch : null,
    };
  }

  /**
   * Continues on a recreated model (fresh, from the same initial weights) from the epoch after the
   * snapshot, with the snapshot's weights and optimiser state, so training goes on as if not stopped.
   */
  async resumeOn(model: ForecastModel): Promise<ResumedModel> {
    if (this.snapshot) await model.restore(this.snapshot.weights, this.snapshot.state);
    this.model = model;
    this.epoch = (this.snapshot?.epoch ?? 0) + 1;
    this.step = 0;
    this.epochLoss = { sum: 0, count: 0 };
    this.running = { sum: 0, count: 0 };
    return { model: this.cell, atEpoch: this.epoch, fromEpoch: this.snapshot?.epoch ?? null };
  }

  private samplesPerSec(): number {
    return this.stepMs > 0 ? (this.samples / this.stepMs) * 1000 : 0;
  }

  progress(): ModelProgress {
    const remaining =
      this.status === 'training'
        ? (this.setup.loop.epochs - this.epoch) * this.stepsPerEpoch + (this.stepsPerEpoch - this.step)
        : 0;
    return {
      status: this.status,
      epoch: this.epoch,
      epochs: this.setup.loop.epochs,
      step: this.step,
      stepsPerEpoch: this.stepsPerEpoch,
      samplesPerSec: this.samplesPerSec(),
      trainMs: this.trainMs,
      etaMs: remaining * this.recentStepMs,
      lastLoss: this.lastLoss,
      bestVal: this.bestVal,
      bestEpoch: this.bestEpoch,
      engine: this.model.info,
    };
  }

  /** The training side of the model's result row. */
  trainingSummary(): Pick<ModelResult, 'trainMs' | 'samplesPerSec' | 'epochsRun' | 'bestEpoch' | 'bestVal'> {
    return {
      trainMs: this.trainMs,
      samplesPerSec: this.samplesPerSec(),
      epochsRun: this.epoch,
      bestEpoch: this.bestEpoch,
      bestVal: this.bestVal,
    };
  }
}

/** A seeded permutation of 0..n−1 (Fisher–Yates), so a seed reproduces the batch order. */
export function shuffled(n: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
