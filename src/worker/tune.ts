// A tuning sweep: many models trained on the same prepared data, interleaved step by step (on the GPU all
// models' steps are queued before any loss is awaited, so the device stays busy), each with its own early
// stopping. On the GPU, models of the same shape form batched groups that step in the same dispatches.
// Models are ranked by their best validation loss only; the test part is read once the ranking is fixed,
// to evaluate the best `topK` models and their mean and median ensembles.

import type { BaselineFitter } from '../baselines/types';
import { batchGroupKey, groupIndices } from '../engine/batching';
import { forecastMetrics } from '../engine/metrics';
import type { EngineInfo, ForecastModel } from '../engine/types';
import { classicalBaselines, naiveBaselines } from './classical';
import { medianAcross } from './combination';
import type { EngineProvider } from './engineProvider';
import { chooseSeason, evaluationContext, type SessionData } from './evaluation';
import { errorMessage, lostDeviceReason } from './failures';
import { evaluateModel, type ModelEvaluation } from './modelResult';
import type {
  EnsembleResult,
  EvaluationContext,
  FromWorker,
  TuneEntry,
  TuneModel,
  TuneResult,
} from './protocol';
import { Trainee, trainBatchSize } from './trainee';

export interface TuneOptions {
  now(): number;
  yieldToEvents(): Promise<void>;
  /** Interval between progress messages, ms (default 150). */
  flushMs?: number;
  yieldMs?: number;
  /** Classical baselines scored on the sweep's test windows after the ranking, beside its ensembles; none when absent. */
  classical?: readonly BaselineFitter[];
}

interface SweepModel {
  spec: TuneModel;
  trainee: Trainee;
  valCurve: number[];
}

/** A model of the sweep before it is built: its spec with the data's sizes, and the data it trains on. */
interface PlannedModel {
  spec: TuneModel;
  data: SessionData;
}

function groupKey({ spec, data }: PlannedModel): string {
  const { config, optimizer, loop } = spec.setup;
  return batchGroupKey(
    config,
    optimizer,
    data.windows.config.inputLength,
    trainBatchSize(loop.batchSize, data),
  );
}

/** Element-wise mean or median (the combination's, medianAcross) across members' arrays of equal length. */
export function combine(arrays: Float64Array[], kind: 'mean' | 'median'): Float64Array {
  const n = arrays[0]?.length ?? 0;
  if (kind === 'median') return medianAcross(arrays, n);
  const out = new Float64Array(n);
  const column = new Float64Array(arrays.length);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < arrays.length; m++) column[m] = arrays[m][i];
    out[i] = column.reduce((a, b) => a + b, 0) / arrays.length;
  }
  return out;
}

/** Ids ranked by best validation loss, best first; models without a finite one last, in sweep order. */
export function rankByValidation(entries: { id: number; bestVal: number }[]): number[] {
  const finite = entries.filter((e) => Number.isFinite(e.bestVal)).sort((a, b) => a.bestVal - b.bestVal);
  const rest = entries.filter((e) => !Number.isFinite(e.bestVal));
  return [...finite, ...rest].map((e) => e.id);
}

export class TuneSession {
  private models: SweepModel[] = [];
  private stopped = false;
  private lastFlush = 0;
  private lastYield = 0;
  private started = 0;
  private samples = 0;

  /** The data of the data panel's window: the evaluation context and baselines come from it. */
  private readonly data: SessionData;

  /** `datasets`: the prepared data per window length; the first is the data panel's. */
  constructor(
    readonly runId: number,
    private readonly datasets: ReadonlyMap<number, SessionData>,
    private readonly specs: readonly TuneModel[],
    private readonly topK: number,
    private readonly engines: EngineProvider,
    private readonly post: (message: FromWorker) => void,
    private readonly options: TuneOptions,
    private readonly evaluation: { season: number; forecastSteps: number } = { season: 0, forecastSteps: 0 },
  ) {
    this.data = datasets.values().next().value as SessionData;
  }

  /** The data a model trains on: prepared for its window length. */
  private dataFor(spec: TuneModel): SessionData {
    return this.datasets.get(spec.inputLength) ?? this.data;
  }

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    const now = this.options.now;
    this.started = now();
    const context = evaluationContext(
      this.data,
      chooseSeason(this.data, this.evaluation.season),
      this.forecastSteps(),
    );
    const groups = await this.buildModels();
    this.post({
      type: 'tune-started',
      runId: this.runId,
      context,
      baselines: naiveBaselines(this.data, context),
      engine: this.models[0]?.trainee.model.info as EngineInfo,
      groups,
    });
    this.lastFlush = this.lastYield = now();

    while (!this.stopped) {
      const active = this.models.filter((m) => m.trainee.status === 'training');
      if (active.length === 0) break;
      // every GPU model's step is called in this tick, before any is awaited: the members of a batched
      // group step together in one batched step, and the groups' steps queue one after another
      if (active.every((m) => m.trainee.model.info.kind === 'webgpu')) {
        await Promise.all(active.map((m) => this.step(m)));
      } else {
        for (const m of active) await this.step(m);
      }
      if (now() - this.lastFlush >= (this.options.flushMs ?? 150)) this.flush();
      if (now() - this.lastYield >= (this.options.yieldMs ?? 16)) {
        await this.options.yieldToEvents();
        this.lastYield = now();
      }
    }
    for (const m of this.models) if (m.trainee.status === 'training') m.trainee.status = 'stopped';
    this.flush();
    const result = await this.finish(context);
    for (const m of this.models) m.trainee.model.dispose();
    this.post({ type: 'tune-finished', runId: this.runId, result, stopped: this.stopped });
  }

  /**
   * Builds every model, in the specs' order, one group of batchable models at a time; returns the sizes of
   * the batched groups in the order of their first model (1 for a model that trains alone).
   */
  private async buildModels(): Promise<number[]> {
    const planned = this.specs.map((spec): PlannedModel => {
      const data = this.dataFor(spec);
      const config = {
        ...spec.setup.config,
        inputSize: data.featureIndex.length,
        outputSize: data.outputSize,
      };
      return { spec: { ...spec, setup: { ...spec.setup, config } }, data };
    });
    const built: SweepModel[] = new Array(planned.length);
    const sizes: number[] = [];
    const made: ForecastModel[] = [];
    try {
      for (const group of groupIndices(planned, groupKey)) {
        const { models, batched } = await this.buildGroup(
          group.map((i) => planned[i].spec),
          made,
        );
        sizes.push(...(batched ? [models.length] : models.map(() => 1)));
        group.forEach((i, k) => {
          const { spec, data } = planned[i];
          const trainee = new Trainee(spec.setup.config.cell, spec.setup, models[k], data, this.options.now);
          trainee.status = 'training';
          built[i] = { spec, trainee, valCurve: [] };
        });
      }
    } catch (err) {
      for (const model of made) model.dispose();
      throw err;
    }
    this.models = built;
    return sizes;
  }

  /**
   * The models of one group: one batched model on the GPU (separate models on the CPU); when the batched
   * model cannot be built (out of memory, say), one model each, so a sweep never fails for batching.
   * Every model built is also added to `made`, to dispose of if a later group fails.
   */
  private async buildGroup(
    specs: TuneModel[],
    made: ForecastModel[],
  ): Promise<{ models: ForecastModel[]; batched: boolean }> {
    const configs = specs.map((s) => s.setup.config);
    const optimizers = specs.map((s) => s.setup.optimizer);
    try {
      const models = await this.engines.createModels(configs, optimizers);
      made.push(...models);
      return { models, batched: models[0]?.info.kind === 'webgpu' };
    } catch {
      const models: ForecastModel[] = [];
      for (const [k, config] of configs.entries()) {
        const model = await this.engines.createModel(config, optimizers[k]);
        made.push(model);
        models.push(model);
      }
      return { models, batched: false };
    }
  }

  private async step(m: SweepModel): Promise<void> {
    const t = m.trainee;
    try {
      const outcome = await t.trainStep();
      if (outcome.kind === 'non-finite') {
        t.status = 'diverged';
        return;
      }
      this.samples += t.batchSize;
      if (!outcome.epochDone) return;
      const end = await t.endEpoch();
      m.valCurve.push(end.criterion);
      if (end.verdict === 'non-finite') t.status = 'diverged';
      else if (end.verdict === 'early-stopped') t.status = 'early-stopped';
      else if (end.verdict === 'finished') t.status = 'finished';
    } catch (err) {
      // one model's failure (out of memory, a lost device) ends that model; the rest continue
      if (lostDeviceReason(err) !== null) this.stopped = true;
      t.status = 'failed';
    }
  }

  private entries(): TuneEntry[] {
    return this.models.map(({ spec, trainee: t, valCurve }) => {
      const p = t.progress();
      return {
        id: spec.id,
        status: t.status,
        epoch: p.epoch,
        epochs: p.epochs,
        bestVal: t.bestVal,
        bestEpoch: t.bestEpoch,
        valCurve: valCurve.slice(),
        samplesPerSec: p.samplesPerSec,
      };
    });
  }

  private flush(): void {
    const elapsedMs = this.options.now() - this.started;
    this.lastFlush = this.options.now();
    this.post({
      type: 'tune-progress',
      runId: this.runId,
      entries: this.entries(),
      elapsedMs,
      samplesPerSec: elapsedMs > 0 ? (this.samples / elapsedMs) * 1000 : 0,
    });
  }

  /** The ranking (validation only), then the members' test predictions and the ensembles. */
  private async finish(context: EvaluationContext): Promise<TuneResult> {
    const ranking = rankByValidation(this.models.map((m) => ({ id: m.spec.id, bestVal: m.trainee.bestVal })));
    const byId = new Map(this.models.map((m) => [m.spec.id, m]));
    const members = ranking
      .filter((id) => Number.isFinite(byId.get(id)!.trainee.bestVal) && byId.get(id)!.trainee.bestWeights)
      .slice(0, Math.max(1, this.topK));
    // the ranking is fixed above; only now is the test part read
    const evaluations: { id: number; evaluation: ModelEvaluation }[] = [];
    for (const id of members) {
      const { trainee: t, spec } = byId.get(id)!;
      try {
        await t.model.setWeights(t.bestWeights as Float32Array);
        const evaluation = await this.evaluate(this.dataFor(spec), t.model, t.batchSize, context);
        // a window so long that it leaves out test windows cannot be averaged with the others
        if (evaluation.testPredictions.length !== context.testActual.length) continue;
        evaluations.push({ id, evaluation });
      } catch (err) {
        this.post({
          type: 'tune-notice',
          runId: this.runId,
          failure: {
            kind: 'training-failed',
            model: null,
            message: `${byId.get(id)!.spec.label}: ${errorMessage(err)}`,
          },
        });
      }
    }
    const tests = evaluations.map((e) => e.evaluation.testPredictions);
    const forecasts = evaluations.map((e) => e.evaluation.forecast);
    const steps = Math.min(...forecasts.map((f) => f.length));
    const aligned = forecasts.map((f) => f.subarray(0, steps));
    const ensembles: EnsembleResult[] =
      evaluations.length === 0
        ? []
        : (['mean', 'median'] as const).map((kind) => {
            const testPredictions = combine(tests, kind);
            return {
              kind,
              testPredictions,
              metrics: forecastMetrics(context.testActual, testPredictions, context.maseScale),
              forecast: combine(aligned, kind),
            };
          });
    const spreadLower = new Float64Array(aligned.length ? steps : 0).fill(Number.POSITIVE_INFINITY);
    const spreadUpper = new Float64Array(aligned.length ? steps : 0).fill(Number.NEGATIVE_INFINITY);
    for (const f of aligned) {
      for (let i = 0; i < f.length; i++) {
        spreadLower[i] = Math.min(spreadLower[i], f[i]);
        spreadUpper[i] = Math.max(spreadUpper[i], f[i]);
      }
    }
    const elapsedMs = this.options.now() - this.started;
    const classical = this.options.classical ?? [];
    return {
      baselines:
        classical.length > 0 && this.data.windows.test.count > 0
          ? classicalBaselines(this.data, context, classical, this.options.now).map(
              ({ forecast: _past, ...scored }) => scored,
            )
          : [],
      ranking,
      members: evaluations.map((e) => e.id),
      memberMetrics: evaluations.map((e) => ({
        id: e.id,
        metrics: e.evaluation.metrics,
        forecast: e.evaluation.forecast,
      })),
      ensembles,
      spreadLower,
      spreadUpper,
      samplesPerSec: elapsedMs > 0 ? (this.samples / elapsedMs) * 1000 : 0,
      elapsedMs,
    };
  }

  private evaluate(data: SessionData, model: ForecastModel, batchSize: number, context: EvaluationContext) {
    return evaluateModel(data, context, model, batchSize, this.forecastSteps(), null, { stepBands: false });
  }

  private forecastSteps(): number {
    return Math.max(this.data.windows.config.horizon, Math.floor(this.evaluation.forecastSteps));
  }
}
