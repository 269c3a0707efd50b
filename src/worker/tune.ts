// A tuning sweep: many models trained on the same prepared data, interleaved step by step (on the GPU all
// models' steps are queued before any loss is awaited, so the device stays busy), each with its own early
// stopping. Models are ranked by their best validation loss only; the test part is read once the ranking
// is fixed, to evaluate the best `topK` models and their mean and median ensembles.

import { forecastMetrics } from '../engine/metrics';
import type { EngineInfo, ForecastModel } from '../engine/types';
import type { EngineProvider } from './engineProvider';
import { baselines, chooseSeason, evaluationContext, type SessionData } from './evaluation';
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
import { Trainee } from './trainee';

export interface TuneOptions {
  now(): number;
  yieldToEvents(): Promise<void>;
  /** Interval between progress messages, ms (default 150). */
  flushMs?: number;
  yieldMs?: number;
}

interface SweepModel {
  spec: TuneModel;
  trainee: Trainee;
  valCurve: number[];
}

/** Element-wise mean or median across members' arrays of equal length. */
export function combine(arrays: Float64Array[], kind: 'mean' | 'median'): Float64Array {
  const n = arrays[0]?.length ?? 0;
  const out = new Float64Array(n);
  const column = new Float64Array(arrays.length);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < arrays.length; m++) column[m] = arrays[m][i];
    if (kind === 'mean') {
      out[i] = column.reduce((a, b) => a + b, 0) / arrays.length;
    } else {
      const sorted = column.slice().sort();
      const mid = sorted.length >> 1;
      out[i] = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
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
    let engine: EngineInfo | null = null;
    for (const spec of this.specs) {
      const data = this.dataFor(spec);
      const config = {
        ...spec.setup.config,
        inputSize: data.featureIndex.length,
        outputSize: data.outputSize,
      };
      const setup = { ...spec.setup, config };
      const model = await this.engines.createModel(config, setup.optimizer);
      engine ??= model.info;
      const trainee = new Trainee(config.cell, setup, model, data, now);
      trainee.status = 'training';
      this.models.push({ spec: { ...spec, setup }, trainee, valCurve: [] });
    }
    this.post({
      type: 'tune-started',
      runId: this.runId,
      context,
      baselines: baselines(this.data, context),
      engine: engine as EngineInfo,
    });
    this.lastFlush = this.lastYield = now();

    while (!this.stopped) {
      const active = this.models.filter((m) => m.trainee.status === 'training');
      if (active.length === 0) break;
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
          type: 'notice',
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
    return {
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
    return evaluateModel(data, context, model, batchSize, this.forecastSteps());
  }

  private forecastSteps(): number {
    return Math.max(this.data.windows.config.horizon, Math.floor(this.evaluation.forecastSteps));
  }
}
