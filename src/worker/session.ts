// One training run of both models, interleaved step by step on the same engine.
// Independent of the worker globals so it runs in Node tests with any ForecastModel.
//
// Per model (a Trainee, trainee.ts): shuffled mini-batches each epoch, validation loss at the end of each
// epoch, the best weights (lowest validation loss) kept on the CPU and used for the final predictions
// (modelResult.ts), early stopping after `patience` epochs without improvement. A non-finite loss stops
// only that model. A lost GPU device is recovered by the engine provider (new device or CPU engine) and
// both models resume from their last end-of-epoch weights. Progress goes out in batches (progress.ts);
// everything that goes wrong goes out as a typed failure (failures.ts).

import type { BaselineFitter } from '../baselines/types';
import { CELLS, PAGE_NETWORK, REFIT_MEMBERS } from '../config';
import type { PreparedDataset } from '../data/types';
import { paramCount } from '../engine/layout';
import { initParams } from '../engine/reference/model';
import type { CellKind, ModelConfig } from '../engine/types';
import { type ProjectSource, projectData } from '../persist/pytorchProject';
import {
  BACKTEST_ORIGINS,
  type BacktestPlan,
  backtestPlan,
  backtestRow,
  baselineBacktestForecasts,
  networkBacktestForecasts,
  originForecast,
  recommend,
} from './backtest';
import { type ResplittableData, retrainEstimateMs, retrainedForecasts } from './backtestRetrain';
import { classicalBaselines, naiveBaselines } from './classical';
import { combinationBacktest, combinationResult } from './combination';
import type { EngineProvider } from './engineProvider';
import { chooseSeason, evaluationContext, type SessionData, unscaleOutputs } from './evaluation';
import { errorMessage, lostDeviceReason, modelFailure, type ResumedModel } from './failures';
import { evaluateModel } from './modelResult';
import { forecastFromRow } from './prediction';
import { ProgressReporter } from './progress';
import type {
  Backtest,
  BacktestRow,
  EvaluationContext,
  FromWorker,
  ModelNote,
  ModelResult,
  ModelSetup,
  ModelStatus,
} from './protocol';
import { type RefitForecast, refitEpochs, refitForecast } from './refit';
import { Trainee } from './trainee';

export type { EngineProvider } from './engineProvider';

/** Why a stopped run's model forecasts the future itself (ForecastSource 'held-out'). */
const STOPPED_BEFORE_REFIT = 'the run was stopped before the refit on every row';

export interface SessionOptions {
  now(): number;
  /** Lets queued messages (pause, stop) in; called about every `yieldMs`. */
  yieldToEvents(): Promise<void>;
  /** Interval between progress messages. */
  flushMs?: number;
  yieldMs?: number;
  /** Classical baselines (ETS, ARIMA) fitted after the networks finish; none when absent. */
  classical?: readonly BaselineFitter[];
  /**
   * Least time between two forecast previews of one model (default 1000 ms; 0: none). A preview is made at the
   * end of an epoch, so a model whose epochs take longer sends one per epoch.
   */
  previewMs?: number;
  /** Run the rolling-origin backtest after training (default true). */
  backtest?: boolean;
  /** Evaluate the models given initial weights without training them; the other models are left out. */
  evaluateOnly?: boolean;
  /**
   * Forecast the future from each model refit on every row (default true; refit.ts). Off, or when the data
   * cannot be re-split, the scored model forecasts it.
   */
  refit?: boolean;
  /** Models refit for the forecast past the data, whose median it is (default REFIT_MEMBERS). */
  refitMembers?: number;
  /** The networks to train (default both, CELLS); an evaluation may train one alone. */
  cells?: readonly CellKind[];
}

export class TrainingSession {
  private trainees: Trainee[] = [];
  /**
   * (origins, steps, K) backtest forecasts by row name: over the test part (the backtest table) and over
   * the validation part (the recommendation). The networks' arrive as each finishes, the rest after.
   */
  private readonly backtestForecasts = {
    test: new Map<string, Float64Array>(),
    val: new Map<string, Float64Array>(),
  };
  /** Each network's result as sent, for the combination. */
  private readonly results = new Map<CellKind, ModelResult>();
  /** The backtest last sent, whose network rows a retraining replaces. */
  private backtest: Backtest | null = null;
  /** Each model's setup as trained (sizes from the data, no initial weights). */
  private readonly trainedSetups: Partial<Record<CellKind, ModelSetup>> = {};
  /** When each model's last forecast preview was made. */
  private readonly lastPreview = new Map<CellKind, number>();
  private paused = false;
  private stopped = false;
  private resumeWaiter: (() => void) | null = null;
  private lastYield = 0;
  private context: EvaluationContext | null = null;
  /** The device-loss recovery of the current round, if any. */
  private recovery: Promise<void> | null = null;
  private readonly reporter: ProgressReporter;
  private readonly yieldMs: number;

  constructor(
    readonly runId: number,
    private readonly data: SessionData,
    private readonly setups: Record<CellKind, ModelSetup>,
    private readonly engines: EngineProvider,
    private readonly post: (message: FromWorker) => void,
    private readonly options: SessionOptions,
    private readonly evaluation: { season: number; forecastSteps: number } = { season: 0, forecastSteps: 0 },
  ) {
    this.reporter = new ProgressReporter(runId, post, options.now, options.flushMs ?? 100);
    this.yieldMs = options.yieldMs ?? 16;
  }

  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.reporter.pause();
    // 'paused' is posted when the loop has parked, so nothing moves after the page shows it
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.reporter.resume();
    this.post({ type: 'resumed', runId: this.runId });
    this.resumeWaiter?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.paused) {
      this.paused = false;
      this.reporter.resume();
    }
    this.resumeWaiter?.();
  }

  async run(): Promise<void> {
    const now = this.options.now;
    this.reporter.start();
    this.lastYield = now();
    const season = chooseSeason(this.data, this.evaluation.season);
    const context = evaluationContext(this.data, season, this.forecastSteps());
    this.context = context;
    this.post({ type: 'started', runId: this.runId, context, baselines: naiveBaselines(this.data, context) });

    for (const cell of this.options.cells ?? CELLS) {
      if (this.options.evaluateOnly && this.setups[cell].initialWeights === undefined) continue;
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
      const { initialWeights: _start, ...fresh } = setup;
      this.trainedSetups[cell] = fresh;
      const start = this.setups[cell].initialWeights;
      const fitting = this.startWeights(cell, setup.config);
      if (start !== undefined && !fitting) {
        this.post({
          type: 'notice',
          runId: this.runId,
          failure: {
            kind: 'weights-mismatch',
            model: cell,
            got: start.length,
            needed: paramCount(setup.config),
          },
        });
      }
      // only weights that fit are worth evaluating
      if (this.options.evaluateOnly && !fitting) continue;
      const model = await this.engines.createModel(setup.config, setup.optimizer, fitting);
      this.trainees.push(new Trainee(cell, setup, model, this.data, now));
      this.post({ type: 'engine', runId: this.runId, model: cell, info: model.info });
    }
    if (this.options.evaluateOnly) {
      for (const t of this.trainees) {
        this.setStatus(t, 'finished', { kind: 'loaded' });
        await this.guarded(t, () => this.finalize(t));
      }
    } else {
      for (const t of this.trainees) {
        this.setStatus(t, 'training', { kind: 'training', compilingKernels: t.model.info.kind === 'webgpu' });
      }
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
      if (this.reporter.due()) this.flush();
      if (now() - this.lastYield >= this.yieldMs) {
        await this.options.yieldToEvents();
        this.lastYield = now();
      }
    }

    // the page says so at once; the stopped models' results, the classical baselines and the backtests follow
    this.post({ type: 'training-ended', runId: this.runId, stopped: this.stopped });
    for (const t of this.trainees) {
      if (t.status === 'training' || t.status === 'waiting') {
        this.setStatus(t, 'stopped', { kind: 'stopped', epoch: t.epoch, step: t.step });
        await this.guarded(t, () => this.finalize(t));
      }
    }
    this.flush();
    for (const t of this.trainees) t.model.dispose();
    // after the networks, so the classical baselines never delay their training
    const classical = this.options.classical ?? [];
    if (classical.length > 0 && this.context && this.data.windows.test.count > 0) {
      const rows = classicalBaselines(this.data, this.context, classical, this.options.now);
      const combination = combinationResult(this.results.get(PAGE_NETWORK), rows, this.context);
      const baselines = combination ? [...rows, combination] : rows;
      this.post({ type: 'classical', runId: this.runId, baselines });
    }
    this.sendBacktest(classical);
    const source = this.projectSource();
    if (source) this.post({ type: 'project-source', runId: this.runId, source });
    this.post({ type: 'finished', runId: this.runId, stopped: this.stopped });
  }

  /**
   * The backtest table (origins over the test part) and the recommendation (origins over the validation
   * part, so it never reads the test part), each with the combination's row from its members' forecasts.
   */
  private sendBacktest(classical: readonly BaselineFitter[]): void {
    const plan = backtestPlan(this.data);
    const context = this.context;
    if (!plan || !context || this.backtestForecasts.test.size === 0) return;
    const rowsOf = (part: 'test' | 'val', partPlan: BacktestPlan): BacktestRow[] => {
      const forecasts = this.backtestForecasts[part];
      for (const [name, f] of baselineBacktestForecasts(this.data, context, partPlan, classical))
        forecasts.set(name, f);
      const combined = combinationBacktest(forecasts);
      if (combined) forecasts.set('combination', combined);
      return [...forecasts].map(([name, f]) => backtestRow(name, this.data, context, partPlan, f));
    };
    const selection = backtestPlan(this.data, BACKTEST_ORIGINS, 'val');
    const trainMs = this.trainees.map((t) => t.trainingSummary().trainMs);
    this.backtest = {
      originTimes: plan.origins.map((o) => this.data.time[o]),
      steps: plan.steps,
      rows: rowsOf('test', plan),
      networks: 'fixed',
      retrainEstimateMs: retrainEstimateMs(this.data, plan, trainMs),
      recommendation:
        selection && this.backtestForecasts.val.size > 0
          ? recommend(rowsOf('val', selection), selection)
          : null,
    };
    this.post({ type: 'backtest', runId: this.runId, backtest: this.backtest });
  }

  /**
   * After the run: retrains each network at every backtest origin (backtestRetrain.ts) and sends the
   * backtest again with the networks' rows replaced. `stop()` cancels it; the fixed-weight rows stay.
   */
  async retrainBacktest(): Promise<void> {
    const plan = backtestPlan(this.data);
    const context = this.context;
    const previous = this.backtest;
    if (!plan || !context || !previous || !('withSplits' in this.data)) {
      this.post({ type: 'backtest-retrain', runId: this.runId, state: { kind: 'unavailable' } });
      return;
    }
    this.stopped = false;
    let forecasts: Map<CellKind, Float64Array> | null;
    try {
      forecasts = await this.retrainedForecasts(plan);
    } catch (err) {
      const state = { kind: 'failed' as const, message: errorMessage(err) };
      this.post({ type: 'backtest-retrain', runId: this.runId, state });
      return;
    }
    if (forecasts === null) {
      this.post({ type: 'backtest-retrain', runId: this.runId, state: { kind: 'cancelled' } });
      return;
    }
    // the networks' rows, and the combination's with its network member, come from the retrained models
    const retrainedForecasts = new Map(this.backtestForecasts.test);
    for (const [cell, values] of forecasts) retrainedForecasts.set(cell, values);
    const combined = combinationBacktest(retrainedForecasts);
    if (combined) retrainedForecasts.set('combination', combined);
    const replaced = new Set<string>([...forecasts.keys(), 'combination']);
    const rows = previous.rows.map((r) => {
      const values = retrainedForecasts.get(r.name);
      return replaced.has(r.name) && values ? backtestRow(r.name, this.data, context, plan, values) : r;
    });
    this.backtest = { ...previous, networks: 'retrained', rows };
    this.post({ type: 'backtest', runId: this.runId, backtest: this.backtest });
    this.post({ type: 'backtest-retrain', runId: this.runId, state: { kind: 'done' } });
  }

  private retrainedForecasts(plan: BacktestPlan): Promise<Map<CellKind, Float64Array> | null> {
    return retrainedForecasts(
      this.data as ResplittableData,
      this.trainedSetups,
      this.engines,
      plan,
      (view, model, batchSize, origin) => originForecast(view, model, batchSize, origin, plan.steps),
      {
        now: this.options.now,
        yieldToEvents: this.options.yieldToEvents,
        stopped: () => this.stopped,
        onProgress: (done, total, origin, cell) =>
          this.post({
            type: 'backtest-retrain',
            runId: this.runId,
            state: { kind: 'running', done, total, originTime: this.data.time[origin], model: cell },
          }),
      },
    );
  }

  /**
   * What the run's PyTorch projects need (src/persist/pytorchProject.ts): the data as prepared, each trained
   * network's setup and start weights, and the times forecast past the data with the number of refits whose
   * median it is; null when the data is not a prepared dataset.
   */
  private projectSource(): ProjectSource | null {
    const context = this.context;
    const data = this.data as Partial<PreparedDataset> & SessionData;
    if (!context || !data.scaler || !('scaled' in data)) return null;
    const models: ProjectSource['models'] = {};
    for (const cell of CELLS) {
      const setup = this.trainedSetups[cell];
      if (!setup) continue;
      const initialWeights = this.startWeights(cell, setup.config) ?? initParams(setup.config);
      models[cell] = { model: setup.config, optimizer: setup.optimizer, loop: setup.loop, initialWeights };
    }
    return {
      data: projectData(data as PreparedDataset),
      season: context.season,
      models,
      forecastTime: context.forecastTime,
      refitMembers: this.options.refitMembers ?? REFIT_MEMBERS,
    };
  }

  /** Runs one model operation; turns engine failures into status changes, and recovers from device loss. */
  private async guarded(t: Trainee, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (err) {
      const lost = lostDeviceReason(err);
      if (lost !== null) {
        // both models see the same loss; the first starts the recovery, the other waits for it
        this.recovery ??= this.recoverFromDeviceLoss(lost);
        await this.recovery;
        return;
      }
      this.setStatus(t, 'failed', { kind: 'failed', failure: modelFailure(t.cell, err) });
    }
  }

  /** One training step; `roundStart` is set when steps of both models run concurrently. */
  private async stepOnce(t: Trainee, roundStart?: number): Promise<void> {
    const outcome = await t.trainStep(roundStart);
    if (outcome.firstStepMs !== null && t.model.info.kind === 'webgpu') {
      this.setStatus(t, 'training', { kind: 'kernels-ready', afterMs: outcome.firstStepMs });
    }
    if (outcome.kind === 'non-finite') {
      await this.diverged(t, outcome.loss);
      return;
    }
    if (!outcome.epochDone && this.reporter.dueForRunningPoint()) {
      const point = t.takeRunningPoint();
      if (point) this.reporter.add(point);
    }
    if (outcome.epochDone) await this.endEpoch(t);
  }

  private async endEpoch(t: Trainee): Promise<void> {
    const end = await t.endEpoch();
    this.reporter.add(end.point);
    switch (end.verdict) {
      case 'next':
        await this.preview(t, end.point.epoch);
        return;
      case 'non-finite':
        await this.diverged(t, end.criterion);
        return;
      case 'early-stopped':
        this.setStatus(t, 'early-stopped', {
          kind: 'early-stopped',
          epoch: t.epoch,
          patience: t.setup.loop.patience,
          bestEpoch: t.bestEpoch,
        });
        await this.finalize(t);
        return;
      case 'finished':
        this.setStatus(t, 'finished', {
          kind: 'finished',
          epochs: t.setup.loop.epochs,
          bestEpoch: t.bestEpoch,
        });
        await this.finalize(t);
        return;
    }
  }

  private async diverged(t: Trainee, loss: number): Promise<void> {
    this.setStatus(t, 'diverged', { kind: 'failed', failure: t.nanLoss(loss) });
    if (t.bestWeights !== null) await this.finalize(t);
  }

  /** The forecast past the data with the weights of `epoch`, which just ended, when one is due (`previewMs`). */
  private async preview(t: Trainee, epoch: number): Promise<void> {
    const every = this.options.previewMs ?? 1000;
    const context = this.context;
    if (every <= 0 || !context) return;
    const now = this.options.now();
    const last = this.lastPreview.get(t.cell);
    if (last !== undefined && now - last < every) return;
    this.lastPreview.set(t.cell, now);
    const ahead = await forecastFromRow(
      this.data,
      t.model,
      t.batchSize,
      this.data.length,
      this.forecastSteps(),
      (step) => context.forecastTime[step],
    );
    this.post({
      type: 'forecast-preview',
      runId: this.runId,
      model: t.cell,
      epoch,
      forecast: unscaleOutputs(this.data, ahead.values, [this.data.length]),
    });
  }

  /** Restores the best weights and sends predictions, forecast and metrics in original units. */
  private async finalize(t: Trainee): Promise<void> {
    if (t.bestWeights !== null) await t.model.setWeights(t.bestWeights);
    // a refit not begun when the user stopped the run is skipped (one under way runs to its end)
    const skipRefit = this.stopped && this.refits(t);
    const evaluation = await evaluateModel(
      this.data,
      this.context as EvaluationContext,
      t.model,
      t.batchSize,
      this.forecastSteps(),
      skipRefit ? null : await this.refit(t),
      { heldOutReason: skipRefit ? STOPPED_BEFORE_REFIT : null },
    );
    const weights = t.bestWeights ?? (await t.model.getWeights());
    if (this.options.backtest !== false) {
      for (const part of ['test', 'val'] as const) {
        const plan = backtestPlan(this.data, BACKTEST_ORIGINS, part);
        if (plan)
          this.backtestForecasts[part].set(
            t.cell,
            await networkBacktestForecasts(this.data, t.model, t.batchSize, plan),
          );
      }
    }
    this.flush();
    const result: ModelResult = {
      model: t.cell,
      ...evaluation,
      params: paramCount(t.setup.config),
      ...t.trainingSummary(),
      weights,
    };
    this.results.set(t.cell, result);
    this.post({ type: 'result', runId: this.runId, result });
  }

  /** Whether `t` forecasts the future from a refit: refitting on, the model trained, the data re-splittable. */
  private refits(t: Trainee): boolean {
    if (this.options.refit === false || this.options.evaluateOnly || t.bestWeights === null) return false;
    return 'withSplits' in this.data;
  }

  /**
   * The forecast past the data from a fresh model of `t`'s settings trained on every row for the epochs
   * `t` kept; null when refitting is off, the model was loaded rather than trained, or the refit failed.
   */
  private async refit(t: Trainee): Promise<RefitForecast | null> {
    const context = this.context;
    if (!context || !this.refits(t)) return null;
    const epochs = refitEpochs(t.bestEpoch);
    this.post({
      type: 'model-status',
      runId: this.runId,
      model: t.cell,
      status: t.status,
      note: { kind: 'refitting', epochs, rows: this.data.length },
    });
    try {
      return await refitForecast(
        t.cell,
        this.data as ResplittableData,
        t.setup,
        this.engines,
        epochs,
        this.forecastSteps(),
        (step) => context.forecastTime[step],
        { now: this.options.now, yieldToEvents: this.options.yieldToEvents, stopped: () => false },
        this.options.refitMembers ?? REFIT_MEMBERS,
      );
    } catch (err) {
      if (lostDeviceReason(err) !== null) throw err;
      return null;
    }
  }

  /** Steps to forecast past the data: as asked, at least one horizon. */
  private forecastSteps(): number {
    return Math.max(this.data.windows.config.horizon, Math.floor(this.evaluation.forecastSteps));
  }

  /** The weights a model of `cell` starts from: the given initial weights when they fit `config`. */
  private startWeights(cell: CellKind, config: ModelConfig): Float32Array | undefined {
    const start = this.setups[cell].initialWeights;
    return start !== undefined && start.length === paramCount(config) ? start : undefined;
  }

  private async recoverFromDeviceLoss(reason: string): Promise<void> {
    const account = await this.engines.recover(reason);
    const resumed: ResumedModel[] = [];
    let continuesOn: 'webgpu' | 'cpu' | null = null;
    for (const t of this.trainees) {
      if (t.status !== 'training') continue;
      t.model.dispose();
      const model = await this.engines.createModel(
        t.setup.config,
        t.setup.optimizer,
        this.startWeights(t.cell, t.setup.config),
      );
      resumed.push(await t.resumeOn(model));
      continuesOn = model.info.kind;
      this.post({ type: 'engine', runId: this.runId, model: t.cell, info: model.info });
    }
    this.post({
      type: 'notice',
      runId: this.runId,
      failure: { kind: 'device-lost', reason, account, continuesOn, resumed },
    });
  }

  private setStatus(t: Trainee, status: ModelStatus, note: ModelNote): void {
    t.status = status;
    this.flush();
    this.post({ type: 'model-status', runId: this.runId, model: t.cell, status, note });
  }

  private flush(): void {
    this.reporter.flush(this.trainees);
  }
}
