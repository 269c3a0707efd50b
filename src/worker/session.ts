// One training run of both models, interleaved step by step on the same engine.
// Independent of the worker globals so it runs in Node tests with any ForecastModel.
//
// Per model: shuffled mini-batches each epoch, validation loss at the end of each epoch, the best weights
// (lowest validation loss) kept on the CPU and used for the final predictions, early stopping after
// `patience` epochs without improvement. A non-finite loss stops only that model. A lost GPU device is
// recovered by the engine provider (new device or CPU engine) and both models resume from their last
// end-of-epoch weights.

import { paramCount } from '../engine/layout';
import { forecastMetrics } from '../engine/metrics';
import { mulberry32 } from '../engine/random';
import type { Batch, CellKind, ForecastModel, ModelConfig, OptimizerConfig } from '../engine/types';
import { baselines, chooseSeason, evaluationContext, type SessionData, unscaleOutputs } from './evaluation';
import {
  CELLS,
  type EvaluationContext,
  type FromWorker,
  type LossPoint,
  type ModelProgress,
  type ModelSetup,
  type ModelStatus,
} from './protocol';

export interface EngineProvider {
  createModel(config: ModelConfig, optimizer: OptimizerConfig, weights?: Float32Array): Promise<ForecastModel>;
  /** After the GPU device was lost: get a new device or switch to the CPU engine; returns what happened, for the user. */
  recover(reason: string): Promise<string>;
}

export interface SessionOptions {
  now(): number;
  /** Lets queued messages (pause, stop) in; called about every `yieldMs`. */
  yieldToEvents(): Promise<void>;
  /** Interval between progress messages. */
  flushMs?: number;
  yieldMs?: number;
}

interface Trainee {
  cell: CellKind;
  setup: ModelSetup;
  model: ForecastModel;
  status: ModelStatus;
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  batchSize: number;
  order: Uint32Array;
  epochLossSum: number;
  epochLossCount: number;
  runningSum: number;
  runningCount: number;
  stepsDone: number;
  samples: number;
  stepMs: number;
  trainMs: number;
  lastLoss: number;
  bestVal: number;
  bestEpoch: number;
  bestWeights: Float32Array | null;
  sinceBest: number;
  /** Weights at the end of the last completed epoch, to resume from after a device loss. */
  snapshot: { epoch: number; weights: Float32Array } | null;
}

/** The error kinds the GPU engine reports; anything else is treated as a generic failure. */
function errorKind(err: unknown): string {
  if (err && typeof err === 'object' && 'kind' in err) return String((err as { kind: unknown }).kind);
  return 'unknown';
}

export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

const NAME: Record<CellKind, string> = { lstm: 'LSTM', gru: 'GRU' };

export class TrainingSession {
  private trainees: Trainee[] = [];
  private paused = false;
  private stopped = false;
  private resumeWaiter: (() => void) | null = null;
  private pending: LossPoint[] = [];
  private lastFlush = 0;
  private lastYield = 0;
  /** Active (unpaused) time, ms. */
  private elapsedMs = 0;
  private activeSince = 0;
  private context: EvaluationContext | null = null;
  private readonly flushMs: number;
  private readonly yieldMs: number;

  constructor(
    private readonly runId: number,
    private readonly data: SessionData,
    private readonly setups: Record<CellKind, ModelSetup>,
    private readonly engines: EngineProvider,
    private readonly post: (message: FromWorker) => void,
    private readonly options: SessionOptions,
    private readonly requestedSeason = 0,
  ) {
    this.flushMs = options.flushMs ?? 100;
    this.yieldMs = options.yieldMs ?? 16;
  }

  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.elapsedMs += this.options.now() - this.activeSince;
    this.post({ type: 'paused', runId: this.runId });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.activeSince = this.options.now();
    this.post({ type: 'resumed', runId: this.runId });
    this.resumeWaiter?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.paused) {
      this.paused = false;
      this.activeSince = this.options.now();
    }
    this.resumeWaiter?.();
  }

  async run(): Promise<void> {
    const now = this.options.now;
    this.activeSince = now();
    this.lastFlush = now();
    this.lastYield = now();
    const season = chooseSeason(this.data, this.requestedSeason);
    const context = evaluationContext(this.data, season);
    this.context = context;
    this.post({ type: 'started', runId: this.runId, context, baselines: baselines(this.data, context) });

    for (const cell of CELLS) {
      const setup = this.setups[cell];
      const model = await this.engines.createModel(setup.config, setup.optimizer);
      this.trainees.push(this.newTrainee(cell, setup, model));
      this.post({ type: 'engine', runId: this.runId, model: cell, info: model.info });
    }
    for (const t of this.trainees) this.setStatus(t, 'training', `${NAME[t.cell]} is training.`);

    while (!this.stopped) {
      const active = this.trainees.filter((t) => t.status === 'training');
      if (active.length === 0) break;
      for (const t of active) {
        if (this.stopped) break;
        await this.guarded(t, () => this.stepOnce(t));
      }
      if (now() - this.lastFlush >= this.flushMs) this.flush();
      if (now() - this.lastYield >= this.yieldMs) {
        await this.options.yieldToEvents();
        this.lastYield = now();
      }
      if (this.paused) {
        this.flush();
        await new Promise<void>((resolve) => {
          this.resumeWaiter = resolve;
        });
        this.resumeWaiter = null;
      }
    }

    for (const t of this.trainees) {
      if (t.status === 'training' || t.status === 'waiting') {
        this.setStatus(t, 'stopped', `${NAME[t.cell]} was stopped at epoch ${t.epoch}, step ${t.step}.`);
        await this.guarded(t, () => this.finalize(t));
      }
    }
    this.flush();
    for (const t of this.trainees) t.model.dispose();
    this.post({ type: 'finished', runId: this.runId, stopped: this.stopped });
  }

  private newTrainee(cell: CellKind, setup: ModelSetup, model: ForecastModel): Trainee {
    const trainCount = this.data.windows.train.count;
    const batchSize = Math.max(1, Math.min(setup.loop.batchSize, trainCount));
    return {
      cell,
      setup,
      model,
      status: 'waiting',
      epoch: 1,
      step: 0,
      stepsPerEpoch: Math.max(1, Math.floor(trainCount / batchSize)),
      batchSize,
      order: new Uint32Array(0),
      epochLossSum: 0,
      epochLossCount: 0,
      runningSum: 0,
      runningCount: 0,
      stepsDone: 0,
      samples: 0,
      stepMs: 0,
      trainMs: 0,
      lastLoss: Number.NaN,
      bestVal: Number.POSITIVE_INFINITY,
      bestEpoch: 0,
      bestWeights: null,
      sinceBest: 0,
      snapshot: null,
    };
  }

  /** Runs one model operation; turns engine failures into status changes, and recovers from device loss. */
  private async guarded(t: Trainee, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (err) {
      const kind = errorKind(err);
      if (kind === 'device-lost') {
        await this.recoverFromDeviceLoss(errorMessage(err));
        return;
      }
      const hint =
        kind === 'out-of-memory'
          ? ' The GPU ran out of memory: try a smaller batch size, hidden size or window length.'
          : '';
      this.setStatus(t, 'failed', `${NAME[t.cell]} stopped: ${errorMessage(err)}${hint}`);
    }
  }

  private async stepOnce(t: Trainee): Promise<void> {
    const now = this.options.now;
    if (t.step === 0) t.order = shuffled(this.data.windows.train.count, t.setup.config.seed + t.epoch);
    const indices = t.order.subarray(t.step * t.batchSize, (t.step + 1) * t.batchSize);
    const batch = this.data.gatherBatch('train', indices);
    const started = now();
    const result = await t.model.trainStep(batch);
    const took = now() - started;
    t.stepMs += took;
    t.trainMs += took;
    t.samples += batch.batchSize;
    t.stepsDone++;
    t.lastLoss = result.loss;
    if (!Number.isFinite(result.loss)) {
      await this.diverged(t, result.loss);
      return;
    }
    t.epochLossSum += result.loss;
    t.epochLossCount++;
    t.runningSum += result.loss;
    t.runningCount++;
    t.step++;
    if (now() - this.lastFlush >= this.flushMs * 0.5 && t.runningCount > 0 && t.step < t.stepsPerEpoch) {
      this.pushRunningPoint(t);
    }
    if (t.step >= t.stepsPerEpoch) await this.endEpoch(t);
  }

  private pushRunningPoint(t: Trainee): void {
    this.pending.push({
      model: t.cell,
      epoch: t.epoch - 1 + t.step / t.stepsPerEpoch,
      kind: 'running',
      train: t.runningSum / t.runningCount,
    });
    t.runningSum = 0;
    t.runningCount = 0;
  }

  private async endEpoch(t: Trainee): Promise<void> {
    const started = this.options.now();
    const trainLoss = t.epochLossSum / Math.max(1, t.epochLossCount);
    const val = await this.meanLoss(t, 'val');
    const criterion = Number.isNaN(val) ? trainLoss : val;
    this.pending.push({ model: t.cell, epoch: t.epoch, kind: 'epoch', train: trainLoss, val });
    t.runningSum = 0;
    t.runningCount = 0;
    t.epochLossSum = 0;
    t.epochLossCount = 0;
    const weights = await t.model.getWeights();
    t.snapshot = { epoch: t.epoch, weights };
    if (!Number.isFinite(criterion)) {
      t.trainMs += this.options.now() - started;
      await this.diverged(t, criterion);
      return;
    }
    if (criterion < t.bestVal) {
      t.bestVal = criterion;
      t.bestEpoch = t.epoch;
      t.bestWeights = weights;
      t.sinceBest = 0;
    } else {
      t.sinceBest++;
    }
    t.trainMs += this.options.now() - started;
    const { epochs, patience } = t.setup.loop;
    if (patience > 0 && t.sinceBest >= patience && t.epoch < epochs) {
      this.setStatus(
        t,
        'early-stopped',
        `${NAME[t.cell]} stopped early at epoch ${t.epoch}: validation loss did not improve for ${patience} epoch${patience === 1 ? '' : 's'}. Using the weights of epoch ${t.bestEpoch}.`,
      );
      await this.finalize(t);
      return;
    }
    if (t.epoch >= epochs) {
      this.setStatus(
        t,
        'finished',
        `${NAME[t.cell]} finished ${epochs} epoch${epochs === 1 ? '' : 's'}; best validation loss at epoch ${t.bestEpoch}.`,
      );
      await this.finalize(t);
      return;
    }
    t.epoch++;
    t.step = 0;
  }

  private async diverged(t: Trainee, loss: number): Promise<void> {
    const lr = t.setup.optimizer.lr;
    const clip = t.setup.optimizer.clipNorm;
    const suggestion =
      `Try a lower learning rate (e.g. ${formatLr(lr / 10)})` +
      (clip > 0 ? ` or a smaller clipping norm than ${clip}.` : ' or enable gradient clipping (e.g. 1.0).');
    const kept =
      t.bestWeights !== null
        ? ` Predictions use its weights from epoch ${t.bestEpoch}.`
        : ' It has no usable weights, so it has no predictions.';
    this.setStatus(
      t,
      'diverged',
      `${NAME[t.cell]} stopped: the loss became ${loss} at epoch ${t.epoch}, step ${t.step + 1}. ${suggestion}${kept}`,
    );
    if (t.bestWeights !== null) await this.finalize(t);
  }

  /** Mean MSE over all windows of a split, in scaled units; NaN when the split has no windows. */
  private async meanLoss(t: Trainee, split: 'val' | 'test'): Promise<number> {
    const count = this.data.windows[split].count;
    if (count === 0) return Number.NaN;
    let sum = 0;
    for (let start = 0; start < count; start += t.batchSize) {
      const batch = this.data.gatherBatch(split, range(start, Math.min(count, start + t.batchSize)));
      sum += (await t.model.evaluate(batch)) * batch.batchSize;
    }
    return sum / count;
  }

  private async predictSplit(t: Trainee, split: 'test'): Promise<Float32Array> {
    const count = this.data.windows[split].count;
    const O = this.data.outputSize;
    const out = new Float32Array(count * O);
    for (let start = 0; start < count; start += t.batchSize) {
      const batch: Batch = this.data.gatherBatch(split, range(start, Math.min(count, start + t.batchSize)));
      out.set(await t.model.predict(batch.x, batch.batchSize, batch.timeSteps), start * O);
    }
    return out;
  }

  /** Restores the best weights and sends predictions, forecast and metrics in original units. */
  private async finalize(t: Trainee): Promise<void> {
    const context = this.context!;
    if (t.bestWeights !== null) await t.model.setWeights(t.bestWeights);
    const testPredictions = unscaleOutputs(this.data, await this.predictSplit(t, 'test'));
    const T = this.data.windows.config.inputLength;
    const forecast = unscaleOutputs(this.data, await t.model.predict(this.data.latestInput(), 1, T));
    const weights = t.bestWeights ?? (await t.model.getWeights());
    this.flush();
    this.post({
      type: 'result',
      runId: this.runId,
      result: {
        model: t.cell,
        testPredictions,
        metrics: forecastMetrics(context.testActual, testPredictions),
        forecast,
        params: paramCount(t.setup.config),
        trainMs: t.trainMs,
        samplesPerSec: t.stepMs > 0 ? (t.samples / t.stepMs) * 1000 : 0,
        epochsRun: t.epoch,
        bestEpoch: t.bestEpoch,
        bestVal: t.bestVal,
        weights,
      },
    });
  }

  private async recoverFromDeviceLoss(reason: string): Promise<void> {
    const message = await this.engines.recover(reason);
    const resumed: string[] = [];
    for (const t of this.trainees) {
      if (t.status !== 'training') continue;
      t.model.dispose();
      const weights = t.snapshot?.weights;
      t.model = await this.engines.createModel(t.setup.config, t.setup.optimizer, weights);
      t.epoch = (t.snapshot?.epoch ?? 0) + 1;
      t.step = 0;
      t.epochLossSum = 0;
      t.epochLossCount = 0;
      t.runningSum = 0;
      t.runningCount = 0;
      resumed.push(
        t.snapshot
          ? `${NAME[t.cell]} resumes at epoch ${t.epoch} from the weights saved after epoch ${t.snapshot.epoch}`
          : `${NAME[t.cell]} restarts from its initial weights`,
      );
      this.post({ type: 'engine', runId: this.runId, model: t.cell, info: t.model.info });
    }
    this.post({
      type: 'notice',
      runId: this.runId,
      level: 'warning',
      message: `The GPU device was lost (${reason}). ${message}${resumed.length > 0 ? ` ${resumed.join('; ')} (optimiser state is reset).` : ''}`,
    });
  }

  private setStatus(t: Trainee, status: ModelStatus, message: string): void {
    t.status = status;
    this.flush();
    this.post({ type: 'model-status', runId: this.runId, model: t.cell, status, message });
  }

  private progress(t: Trainee): ModelProgress {
    const perStep = t.stepsDone > 0 ? t.trainMs / t.stepsDone : 0;
    const remaining =
      t.status === 'training' ? (t.setup.loop.epochs - t.epoch) * t.stepsPerEpoch + (t.stepsPerEpoch - t.step) : 0;
    return {
      status: t.status,
      epoch: t.epoch,
      epochs: t.setup.loop.epochs,
      step: t.step,
      stepsPerEpoch: t.stepsPerEpoch,
      samplesPerSec: t.stepMs > 0 ? (t.samples / t.stepMs) * 1000 : 0,
      trainMs: t.trainMs,
      etaMs: remaining * perStep,
      lastLoss: t.lastLoss,
      bestVal: t.bestVal,
      bestEpoch: t.bestEpoch,
    };
  }

  private flush(): void {
    if (this.trainees.length < CELLS.length) return;
    const now = this.options.now();
    const [lstm, gru] = [this.progress(this.trainees[0]), this.progress(this.trainees[1])];
    this.post({
      type: 'progress',
      runId: this.runId,
      points: this.pending,
      models: { lstm, gru },
      elapsedMs: this.elapsedMs + (this.paused ? 0 : now - this.activeSince),
      etaMs: lstm.etaMs + gru.etaMs,
    });
    this.pending = [];
    this.lastFlush = now;
  }
}

function formatLr(lr: number): string {
  return lr >= 1e-3 ? String(Number(lr.toPrecision(2))) : lr.toExponential(0);
}

function range(start: number, end: number): Uint32Array {
  return Uint32Array.from({ length: end - start }, (_, i) => start + i);
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
