// One training run of both models, interleaved step by step on the same engine.
// Independent of the worker globals so it runs in Node tests with any ForecastModel.
//
// Per model: shuffled mini-batches each epoch, validation loss at the end of each epoch, the best weights
// (lowest validation loss) kept on the CPU and used for the final predictions, early stopping after
// `patience` epochs without improvement. A non-finite loss stops only that model. A lost GPU device is
// recovered by the engine provider (new device or CPU engine) and both models resume from their last
// end-of-epoch weights.

import { CELLS, MODEL_NAME } from '../config';
import { calendarValues } from '../data/calendar';
import { decodeOutputs, formulationCodec } from '../data/formulation';
import { recursiveForecast } from '../engine/forecast';
import { paramCount } from '../engine/layout';
import { forecastMetrics } from '../engine/metrics';
import { mulberry32 } from '../engine/random';
import type { CellKind, ForecastModel, ModelConfig, OptimizerConfig } from '../engine/types';
import { baselines, chooseSeason, evaluationContext, type SessionData, unscaleOutputs } from './evaluation';
import type {
  EvaluationContext,
  FromWorker,
  LossPoint,
  ModelProgress,
  ModelSetup,
  ModelStatus,
} from './protocol';

export interface EngineProvider {
  createModel(
    config: ModelConfig,
    optimizer: OptimizerConfig,
    weights?: Float32Array,
  ): Promise<ForecastModel>;
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
  /** Moving average of recent step times, for the ETA (the first steps include kernel compilation). */
  recentStepMs: number;
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

/** A lost device's short reason ('destroyed', 'unknown') when the engine gives one, else its message. */
function lossReason(err: unknown): string {
  const reason = (err as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : errorMessage(err);
}

export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err)
    return String((err as { message: unknown }).message);
  return String(err);
}

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
  /** The device-loss recovery of the current round, if any. */
  private recovery: Promise<void> | null = null;
  private readonly flushMs: number;
  private readonly yieldMs: number;

  constructor(
    private readonly runId: number,
    private readonly data: SessionData,
    private readonly setups: Record<CellKind, ModelSetup>,
    private readonly engines: EngineProvider,
    private readonly post: (message: FromWorker) => void,
    private readonly options: SessionOptions,
    private readonly evaluation: { season: number; forecastSteps: number } = { season: 0, forecastSteps: 0 },
  ) {
    this.flushMs = options.flushMs ?? 100;
    this.yieldMs = options.yieldMs ?? 16;
  }

  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.elapsedMs += this.options.now() - this.activeSince;
    // 'paused' is posted when the loop has parked, so nothing moves after the page shows it
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
    const season = chooseSeason(this.data, this.evaluation.season);
    const context = evaluationContext(this.data, season, this.forecastSteps());
    this.context = context;
    this.post({ type: 'started', runId: this.runId, context, baselines: baselines(this.data, context) });

    for (const cell of CELLS) {
      const given = this.setups[cell];
      // the model's input and output sizes always follow the prepared data
      const setup: ModelSetup = {
        ...given,
        config: {
          ...given.config,
          inputSize: this.data.featureIndex.length,
          outputSize: this.data.outputSize,
        },
      };
      const model = await this.engines.createModel(setup.config, setup.optimizer);
      this.trainees.push(this.newTrainee(cell, setup, model));
      this.post({ type: 'engine', runId: this.runId, model: cell, info: model.info });
    }
    for (const t of this.trainees) {
      const compiling =
        t.model.info.kind === 'webgpu'
          ? ' The first step compiles the GPU kernels, which can take a while.'
          : '';
      this.setStatus(t, 'training', `${MODEL_NAME[t.cell]} is training.${compiling}`);
    }

    while (!this.stopped) {
      if (this.paused) {
        this.flush();
        this.post({ type: 'paused', runId: this.runId });
        await new Promise<void>((resolve) => {
          this.resumeWaiter = resolve;
        });
        this.resumeWaiter = null;
        continue;
      }
      const active = this.trainees.filter((t) => t.status === 'training');
      if (active.length === 0) break;
      this.recovery = null;
      if (active.every((t) => t.model.info.kind === 'webgpu')) {
        // GPU: queue both models' steps before waiting for either loss, so the device stays busy;
        // each model's time is the round's wall time (they share the device).
        const started = now();
        await Promise.all(active.map((t) => this.guarded(t, () => this.stepOnce(t, started))));
      } else {
        // CPU: one model at a time, so each model's time is its own.
        for (const t of active) {
          if (this.stopped) break;
          await this.guarded(t, () => this.stepOnce(t));
        }
      }
      if (now() - this.lastFlush >= this.flushMs) this.flush();
      if (now() - this.lastYield >= this.yieldMs) {
        await this.options.yieldToEvents();
        this.lastYield = now();
      }
    }

    for (const t of this.trainees) {
      if (t.status === 'training' || t.status === 'waiting') {
        this.setStatus(
          t,
          'stopped',
          `${MODEL_NAME[t.cell]} was stopped at epoch ${t.epoch}, step ${t.step}.`,
        );
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
      recentStepMs: 0,
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
        // both models see the same loss; the first starts the recovery, the other waits for it
        this.recovery ??= this.recoverFromDeviceLoss(lossReason(err));
        await this.recovery;
        return;
      }
      const hint =
        kind === 'out-of-memory'
          ? ' The GPU ran out of memory: try a smaller batch size, hidden size or window length.'
          : '';
      this.setStatus(t, 'failed', `${MODEL_NAME[t.cell]} stopped: ${errorMessage(err)}${hint}`);
    }
  }

  /** One training step; `roundStart` is set when steps of both models run concurrently. */
  private async stepOnce(t: Trainee, roundStart?: number): Promise<void> {
    const now = this.options.now;
    if (t.step === 0) t.order = shuffled(this.data.windows.train.count, t.setup.config.seed + t.epoch);
    const indices = t.order.subarray(t.step * t.batchSize, (t.step + 1) * t.batchSize);
    const batch = this.data.gatherBatch('train', indices);
    const started = roundStart ?? now();
    const result = await t.model.trainStep(batch);
    const took = now() - started;
    t.stepMs += took;
    t.trainMs += took;
    t.recentStepMs = t.stepsDone === 0 ? took : 0.8 * t.recentStepMs + 0.2 * took;
    t.samples += batch.batchSize;
    t.stepsDone++;
    t.lastLoss = result.loss;
    if (t.stepsDone === 1 && t.model.info.kind === 'webgpu') {
      this.setStatus(
        t,
        'training',
        `${MODEL_NAME[t.cell]} is training (kernels ready after ${Math.round(took / 100) / 10} s).`,
      );
    }
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
        `${MODEL_NAME[t.cell]} stopped early at epoch ${t.epoch}: validation loss did not improve for ${patience} epoch${patience === 1 ? '' : 's'}. Using the weights of epoch ${t.bestEpoch}.`,
      );
      await this.finalize(t);
      return;
    }
    if (t.epoch >= epochs) {
      this.setStatus(
        t,
        'finished',
        `${MODEL_NAME[t.cell]} finished ${epochs} epoch${epochs === 1 ? '' : 's'}; best validation loss at epoch ${t.bestEpoch}.`,
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
      `${MODEL_NAME[t.cell]} stopped: the loss became ${loss} at epoch ${t.epoch}, step ${t.step + 1}. ${suggestion}${kept}`,
    );
    if (t.bestWeights !== null) await this.finalize(t);
  }

  /**
   * Model outputs (n, O) for windows [start, end) of a split. Every call uses the training batch size,
   * padding the last chunk with copies of its last window: the GPU engine compiles kernels per batch
   * shape, so one shape for training, validation, test and forecast avoids recompiling.
   */
  private async outputs(
    t: Trainee,
    split: 'val' | 'test',
    start: number,
    end: number,
  ): Promise<Float32Array> {
    const B = t.batchSize;
    const n = end - start;
    const indices = Uint32Array.from({ length: B }, (_, i) => start + Math.min(i, n - 1));
    const batch = this.data.gatherBatch(split, indices);
    const pred = await t.model.predict(batch.x, B, batch.timeSteps);
    return pred.subarray(0, n * this.data.outputSize);
  }

  /** Mean MSE over all windows of a split, in scaled units; NaN when the split has no windows. */
  private async meanLoss(t: Trainee, split: 'val' | 'test'): Promise<number> {
    const count = this.data.windows[split].count;
    if (count === 0) return Number.NaN;
    const O = this.data.outputSize;
    let sum = 0;
    for (let start = 0; start < count; start += t.batchSize) {
      const end = Math.min(count, start + t.batchSize);
      const pred = await this.outputs(t, split, start, end);
      const { y } = this.data.gatherBatch(split, range(start, end));
      sum += forecastMetrics(y, pred).mse * (end - start) * O;
    }
    return sum / (count * O);
  }

  private async predictSplit(t: Trainee, split: 'test'): Promise<Float32Array> {
    const count = this.data.windows[split].count;
    const O = this.data.outputSize;
    const out = new Float32Array(count * O);
    for (let start = 0; start < count; start += t.batchSize) {
      out.set(await this.outputs(t, split, start, Math.min(count, start + t.batchSize)), start * O);
    }
    return out;
  }

  /** Restores the best weights and sends predictions, forecast and metrics in original units. */
  private async finalize(t: Trainee): Promise<void> {
    const context = this.context!;
    if (t.bestWeights !== null) await t.model.setWeights(t.bestWeights);
    const data = this.data;
    const K = data.targetIndex.length;
    const testOutputs = await this.predictSplit(t, 'test');
    decodeOutputs(data.formulation, testOutputs, data.anchors('test', range(0, data.windows.test.count)), K);
    const testPredictions = unscaleOutputs(data, testOutputs);
    const targetInputs = data.targetIndex.map((c) => data.featureIndex.indexOf(c));
    // calendar inputs are known for future times, so they never stop the recursion
    const calendarInputs = data.anchoredInputs.flatMap((anchored, f) => (anchored ? [] : [f]));
    const ahead = await recursiveForecast(
      paddedPredictions(t.model, t.batchSize),
      data.latestInput(),
      this.forecastSteps(),
      targetInputs,
      formulationCodec(data.formulation, data.featureIndex.length, K, data.anchoredInputs),
      data.latestAnchors(),
      { columns: calendarInputs, at: (step) => calendarValues(data.calendar, context.forecastTime[step]) },
    );
    const forecast = unscaleOutputs(this.data, ahead.values);
    const weights = t.bestWeights ?? (await t.model.getWeights());
    this.flush();
    this.post({
      type: 'result',
      runId: this.runId,
      result: {
        model: t.cell,
        testPredictions,
        metrics: forecastMetrics(context.testActual, testPredictions, context.maseScale),
        forecast,
        forecastMode: ahead.mode,
        forecastMessage: ahead.message ?? null,
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

  /** Steps to forecast past the data: as asked, at least one horizon. */
  private forecastSteps(): number {
    return Math.max(this.data.windows.config.horizon, Math.floor(this.evaluation.forecastSteps));
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
          ? `${MODEL_NAME[t.cell]} resumes at epoch ${t.epoch} from the weights saved after epoch ${t.snapshot.epoch}`
          : `${MODEL_NAME[t.cell]} restarts from its initial weights`,
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
    const perStep = t.recentStepMs;
    const remaining =
      t.status === 'training'
        ? (t.setup.loop.epochs - t.epoch) * t.stepsPerEpoch + (t.stepsPerEpoch - t.step)
        : 0;
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
      engine: t.model.info,
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

/** The model with `predict` padded to a fixed batch size (see `outputs`), for the forecast. */
function paddedPredictions(model: ForecastModel, batchSize: number): ForecastModel {
  return Object.assign(Object.create(model) as ForecastModel, {
    predict: async (x: Float32Array, n: number, T: number) => {
      if (n >= batchSize) return model.predict(x, n, T);
      const rowLength = x.length / n;
      const padded = new Float32Array(batchSize * rowLength);
      for (let b = 0; b < batchSize; b++)
        padded.set(
          x.subarray(Math.min(b, n - 1) * rowLength, (Math.min(b, n - 1) + 1) * rowLength),
          b * rowLength,
        );
      const out = await model.predict(padded, batchSize, T);
      return out.subarray(0, (out.length / batchSize) * n);
    },
  });
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
