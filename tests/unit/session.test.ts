import { describe, expect, it } from 'vitest';
import { theta } from '../../src/baselines/theta';
import { REFIT_MEMBERS } from '../../src/config';
import { paramCount } from '../../src/engine/layout';
import type { CellKind } from '../../src/engine/types';
import { describeForecastSource } from '../../src/ui/results/ForecastChart';
import type { FromWorker, ModelResult } from '../../src/worker/protocol';
import { type EngineProvider, TrainingSession } from '../../src/worker/session';
import { preparedSeries } from './seriesFixture';
import {
  CPU_ENGINES,
  FAKE_INFO,
  oneByOne,
  type Script,
  ScriptedModel,
  setup,
  sineData,
  tinySetup,
} from './sessionFixtures';

const GPU_INFO = { ...FAKE_INFO, kind: 'webgpu' as const, description: 'scripted GPU' };

/** A clock that advances 1 ms per call, so batching by time is deterministic. */
function fakeClock() {
  let t = 0;
  return () => (t += 1);
}

function run(
  scripts: Partial<Record<CellKind, Script>>,
  loops: Partial<Record<CellKind, Parameters<typeof setup>[1]>> = {},
  control?: (session: TrainingSession, messages: FromWorker[]) => void,
  recover = async () => 'Recreated the GPU device.',
  options: { previewMs?: number } = {},
) {
  const messages: FromWorker[] = [];
  const models: ScriptedModel[] = [];
  const engines: EngineProvider = oneByOne({
    async createModel(config, optimizer, weights) {
      const model = new ScriptedModel(config, optimizer, scripts[config.cell] ?? {}, weights);
      models.push(model);
      return model;
    },
    recover,
  });
  let session!: TrainingSession;
  const yieldToEvents = async () => control?.(session, messages);
  session = new TrainingSession(
    7,
    sineData(),
    { lstm: setup('lstm', loops.lstm), gru: setup('gru', loops.gru) },
    engines,
    (m) => messages.push(m),
    { now: fakeClock(), yieldToEvents, flushMs: 10, yieldMs: 1, ...options },
  );
  return { done: session.run(), messages, models };
}

const results = (messages: FromWorker[]) =>
  messages
    .filter((m): m is Extract<FromWorker, { type: 'result' }> => m.type === 'result')
    .map((m) => m.result);
const statuses = (messages: FromWorker[], model: CellKind) =>
  messages.flatMap((m) => (m.type === 'model-status' && m.model === model ? [m] : []));

describe('TrainingSession', () => {
  it('trains both models interleaved and sends baselines, batched progress and results', async () => {
    const { done, messages } = run({});
    await done;
    const started = messages.find((m) => m.type === 'started');
    expect(started?.type === 'started' && started.baselines.map((b) => b.name)).toEqual([
      'naive',
      'seasonal-naive',
    ]);
    // 100 rows: 60 train rows → 55 windows → 6 steps of 8 per epoch, 3 epochs each
    const progress = messages.filter((m) => m.type === 'progress');
    const points = progress.flatMap((m) => (m.type === 'progress' ? m.points : []));
    for (const cell of ['lstm', 'gru'] as const) {
      const epochs = points.filter((p) => p.model === cell && p.kind === 'epoch');
      expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3]);
      expect(epochs[2].train).toBeLessThan(epochs[0].train);
    }
    // batched: far fewer progress messages than the 36 steps taken
    expect(progress.length).toBeLessThan(36);
    expect(progress.length).toBeGreaterThan(2);
    const res = results(messages);
    expect(res.map((r) => r.model).sort()).toEqual(['gru', 'lstm']);
    for (const r of res) {
      // the best weights are the last (18 steps); the scripted model predicts 1/19, unscaled ·2 + 10
      expect(r.bestEpoch).toBe(3);
      expect(r.testPredictions.every((v) => Math.abs(v - (2 / 19 + 10)) < 1e-5)).toBe(true);
      expect(r.forecast).toHaveLength(2);
      expect(r.metrics.count).toBe(r.testPredictions.length);
      expect(r.epochsRun).toBe(3);
    }
    const finished = messages.at(-1);
    expect(finished).toEqual({ type: 'finished', runId: 7, stopped: false });
  });

  it('sends forecast previews while each model trains: at epoch ends, at most every previewMs, in original units', async () => {
    const previews = (messages: FromWorker[], model: CellKind) =>
      messages.flatMap((m) => (m.type === 'forecast-preview' && m.model === model ? [m] : []));
    // the scripted model predicts 1 / (weight + 1) scaled (unscaled ·2 + 10), its weight the steps taken; 6 per epoch
    const every = run({}, { lstm: { epochs: 4 }, gru: { epochs: 4 } }, undefined, undefined, {
      previewMs: 1,
    });
    await every.done;
    const lstm = previews(every.messages, 'lstm');
    // epochs 1–3 continue (the 4th ends in the result, which carries the final forecast)
    expect(lstm.map((p) => p.epoch)).toEqual([1, 2, 3]);
    for (const p of lstm) {
      expect(p.runId).toBe(7);
      expect(p.forecast).toHaveLength(2);
      const scaled = 1 / (6 * p.epoch + 1); // the weights of the epoch just ended, not the best or the last
      expect(p.forecast[0]).toBeCloseTo(scaled * 2 + 10, 4);
    }
    const result = every.messages.findIndex((m) => m.type === 'result' && m.result.model === 'lstm');
    const lastPreview = every.messages.lastIndexOf(lstm[2]);
    expect(lastPreview).toBeLessThan(result);
    expect(previews(every.messages, 'gru').map((p) => p.epoch)).toEqual([1, 2, 3]);

    // the clock moves 1 ms a call: 10 000 ms between previews leaves only the first; 0 turns them off
    const rare = run({}, { lstm: { epochs: 4 } }, undefined, undefined, { previewMs: 10_000 });
    await rare.done;
    expect(previews(rare.messages, 'lstm').map((p) => p.epoch)).toEqual([1]);
    const none = run({}, {}, undefined, undefined, { previewMs: 0 });
    await none.done;
    expect(none.messages.some((m) => m.type === 'forecast-preview')).toBe(false);
  });

  it('steps the two models alternately', async () => {
    const order: string[] = [];
    const { done } = run({
      lstm: {
        trainLoss: (s) => {
          order.push(`l${s}`);
          return 1;
        },
      },
      gru: {
        trainLoss: (s) => {
          order.push(`g${s}`);
          return 1;
        },
      },
    });
    await done;
    expect(order.slice(0, 6)).toEqual(['l0', 'g0', 'l1', 'g1', 'l2', 'g2']);
  });

  it('stops early after `patience` epochs without improvement and keeps the best weights', async () => {
    // 6 steps per epoch, so weight / 6 is the epoch; the predicted constant's distance from the
    // (zero-mean) validation targets sets the validation loss: best at epoch 2, worse at 3 and 4
    const byEpoch = [0.9, 0.1, 0.4, 0.6, 0.8, 1.0];
    const { done, messages } = run(
      { lstm: { output: (w) => byEpoch[Math.max(0, w / 6 - 1)] ?? 0 } },
      { lstm: { epochs: 6, patience: 2 } },
    );
    await done;
    const early = statuses(messages, 'lstm').find((m) => m.status === 'early-stopped');
    expect(early?.note).toEqual({ kind: 'early-stopped', epoch: 4, patience: 2, bestEpoch: 2 });
    const lstm = results(messages).find((r) => r.model === 'lstm')!;
    expect(lstm.bestEpoch).toBe(2);
    expect(lstm.weights[0]).toBe(12);
    // predictions come from the restored weights: 0.1 scaled → 0.1·2 + 10
    expect(lstm.testPredictions[0]).toBeCloseTo(10.2, 5);
    const epochPoints = messages.flatMap((m) =>
      m.type === 'progress' ? m.points.filter((p) => p.model === 'lstm' && p.kind === 'epoch') : [],
    );
    expect(epochPoints.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expect(epochPoints[1].val).toBeLessThan(epochPoints[0].val!);
    expect(epochPoints[2].val).toBeGreaterThan(epochPoints[1].val!);
    // the GRU is unaffected and trains its 3 epochs
    expect(results(messages).find((r) => r.model === 'gru')?.epochsRun).toBe(3);
  });

  it('predicts with the training batch size only (padding the last chunk), forecast included', async () => {
    const { done, models, messages } = run({});
    await done;
    for (const m of models) expect(new Set(m.predictBatchSizes)).toEqual(new Set([8]));
    // validation: 13 windows → chunks of 8 and 5 (padded); the mean must still be over 13 windows only
    const first = messages.find((m) => m.type === 'progress' && m.points.some((p) => p.kind === 'epoch'));
    expect(first).toBeDefined();
  });

  it('stops only the model whose loss becomes NaN and suggests a fix', async () => {
    const { done, messages } = run({ gru: { trainLoss: (s) => (s === 8 ? Number.NaN : 1) } });
    await done;
    const diverged = statuses(messages, 'gru').find((m) => m.status === 'diverged');
    expect(diverged?.note).toEqual({
      kind: 'failed',
      failure: {
        kind: 'nan-loss',
        model: 'gru',
        epoch: 2,
        step: 3,
        value: Number.NaN,
        lr: 1e-3,
        suggestedLr: 1e-4,
        clipNorm: 0,
        keptEpoch: 1,
      },
    });
    expect(statuses(messages, 'lstm').at(-1)?.status).toBe('finished');
    const byModel = Object.fromEntries(results(messages).map((r) => [r.model, r])) as Record<
      CellKind,
      ModelResult
    >;
    expect(byModel.lstm.epochsRun).toBe(3);
    expect(byModel.gru.bestEpoch).toBe(1);
  });

  it('pauses, resumes and stops on request, and still reports results for a stopped run', async () => {
    let yields = 0;
    let pausedAt = -1;
    const { done, messages, models } = run({}, { lstm: { epochs: 50 }, gru: { epochs: 50 } }, (session) => {
      yields++;
      if (yields === 5) {
        session.pause();
        pausedAt = models[0].steps;
        // while paused no steps happen; resume from a later event
        setTimeout(() => {
          expect(models[0].steps).toBe(pausedAt);
          expect(messages.at(-1)?.type).toBe('paused');
          session.resume();
        }, 5);
      }
      if (yields === 20) session.stop();
    });
    await done;
    const types = messages.map((m) => m.type);
    expect(types.indexOf('paused')).toBeGreaterThan(-1);
    expect(types.indexOf('resumed')).toBeGreaterThan(types.indexOf('paused'));
    expect(messages.at(-1)).toEqual({ type: 'finished', runId: 7, stopped: true });
    expect(statuses(messages, 'lstm').at(-1)?.status).toBe('stopped');
    expect(results(messages)).toHaveLength(2);
    expect(models.every((m) => m.disposed)).toBe(true);
  });

  it('recovers from a lost device by recreating both models from their last epoch weights and optimiser state', async () => {
    const lost = { kind: 'device-lost', message: 'the GPU driver was reset' };
    const { done, messages, models } = run({ lstm: { throwAt: { step: 8, error: lost } } });
    await done;
    const notice = messages.find((m) => m.type === 'notice');
    expect(notice?.type === 'notice' && notice.failure).toEqual({
      kind: 'device-lost',
      reason: 'the GPU driver was reset',
      account: 'Recreated the GPU device.',
      continuesOn: 'cpu',
      resumed: [
        { model: 'lstm', atEpoch: 2, fromEpoch: 1 },
        { model: 'gru', atEpoch: 2, fromEpoch: 1 },
      ],
    });
    // two original models + two recreated ones, restored from the weights after epoch 1 (6 steps),
    // with the optimiser state of that moment (its step count: 6)
    expect(models).toHaveLength(4);
    expect(models[2].weight).toBeGreaterThanOrEqual(6);
    expect(models[2].restoredStep).toBe(6);
    expect(models[3].restoredStep).toBe(6);
    expect(results(messages).map((r) => r.epochsRun)).toEqual([3, 3]);
  });

  it('evaluates loaded weights without training, and leaves out the model without weights', async () => {
    const messages: FromWorker[] = [];
    const models: ScriptedModel[] = [];
    const engines: EngineProvider = oneByOne({
      async createModel(config, optimizer, weights) {
        const model = new ScriptedModel(config, optimizer, {}, weights);
        models.push(model);
        return model;
      },
      recover: async () => 'not used',
    });
    const lstm = setup('lstm');
    const weights = new Float32Array(paramCount({ ...lstm.config, inputSize: 1, outputSize: 2 })).fill(5);
    const session = new TrainingSession(
      8,
      sineData(),
      { lstm: { ...lstm, initialWeights: weights }, gru: setup('gru') },
      engines,
      (m) => messages.push(m),
      { now: fakeClock(), yieldToEvents: async () => {}, evaluateOnly: true },
    );
    await session.run();
    expect(models).toHaveLength(1);
    expect(models[0].steps).toBe(0);
    expect(statuses(messages, 'lstm').map((m) => m.note)).toEqual([{ kind: 'loaded' }]);
    expect(statuses(messages, 'gru')).toEqual([]);
    const [result] = results(messages);
    expect(result.model).toBe('lstm');
    expect(Array.from(result.weights)).toEqual(Array.from(weights));
    expect(messages.at(-1)).toEqual({ type: 'finished', runId: 8, stopped: false });
  });

  it('fails only the model that runs out of memory, with a hint', async () => {
    const oom = { kind: 'out-of-memory', message: 'Out of GPU memory allocating 2 GiB.' };
    const { done, messages } = run({ lstm: { throwAt: { step: 0, error: oom } } });
    await done;
    const failed = statuses(messages, 'lstm').find((m) => m.status === 'failed');
    expect(failed?.note).toEqual({
      kind: 'failed',
      failure: { kind: 'out-of-memory', model: 'lstm', detail: 'Out of GPU memory allocating 2 GiB.' },
    });
    expect(statuses(messages, 'gru').at(-1)?.status).toBe('finished');
  });

  it('reports GPU errors and unexpected errors as typed failures of that model only', async () => {
    const gpuError = { kind: 'gpu-error', message: 'The GPU reported an error: bad bind group' };
    const { done, messages } = run({
      lstm: { throwAt: { step: 2, error: gpuError } },
      gru: { throwAt: { step: 4, error: new RangeError('index out of range') } },
    });
    await done;
    expect(statuses(messages, 'lstm').at(-1)?.note).toEqual({
      kind: 'failed',
      failure: { kind: 'gpu-error', model: 'lstm', detail: 'The GPU reported an error: bad bind group' },
    });
    expect(statuses(messages, 'gru').at(-1)?.note).toEqual({
      kind: 'failed',
      failure: { kind: 'training-failed', model: 'gru', message: 'index out of range' },
    });
    expect(messages.at(-1)).toEqual({ type: 'finished', runId: 7, stopped: false });
  });

  it('on WebGPU says when the kernels are ready and reports progress keyed by model', async () => {
    const lost = { kind: 'device-lost', reason: 'destroyed', message: 'lost' };
    const { done, messages } = run(
      { lstm: { info: GPU_INFO, throwAt: { step: 14, error: lost } }, gru: { info: GPU_INFO } },
      { lstm: { epochs: 4 }, gru: { epochs: 3 } },
      undefined,
      async () => 'A new GPU device was created; training continues on WebGPU.',
    );
    await done;
    for (const cell of ['lstm', 'gru'] as const) {
      const notes = statuses(messages, cell).map((m) => m.note);
      expect(notes[0]).toEqual({ kind: 'training', compilingKernels: true });
      expect(notes[1]).toEqual({ kind: 'kernels-ready', afterMs: expect.any(Number) });
      expect(notes.at(-1)?.kind).toBe('finished');
    }
    // the progress of each model sits under its own cell (the LSTM trains 4 epochs, the GRU 3)
    const progress = messages.flatMap((m) => (m.type === 'progress' ? [m.models] : []));
    expect(progress.length).toBeGreaterThan(0);
    for (const models of progress) {
      expect(models.lstm.epochs).toBe(4);
      expect(models.gru.epochs).toBe(3);
    }
    const notice = messages.find((m) => m.type === 'notice');
    expect(notice?.type === 'notice' && notice.failure).toMatchObject({
      kind: 'device-lost',
      reason: 'destroyed',
      continuesOn: 'webgpu',
      resumed: [
        { model: 'lstm', atEpoch: 3, fromEpoch: 2 },
        { model: 'gru', atEpoch: 3, fromEpoch: 2 },
      ],
    });
  });
});

describe('stopping a run that refits for the forecast past the data', () => {
  const series = Array.from({ length: 144 }, (_, t) => 50 + 0.2 * t + 6 * Math.sin((2 * Math.PI * t) / 12));

  /** Both networks on the CPU engine, the LSTM for `lstmEpochs`, the GRU far longer; stopped when `stopWhen` says. */
  async function stoppedRun(lstmEpochs: number, stopWhen: (messages: FromWorker[]) => boolean) {
    const data = await preparedSeries(series, 1);
    const messages: FromWorker[] = [];
    const epochs = (cell: CellKind, n: number) => {
      const tiny = tinySetup(cell);
      return { ...tiny, loop: { ...tiny.loop, epochs: n } };
    };
    let session!: TrainingSession;
    const yieldToEvents = async () => {
      if (stopWhen(messages)) session.stop();
    };
    session = new TrainingSession(
      3,
      data,
      { lstm: epochs('lstm', lstmEpochs), gru: epochs('gru', 500) },
      CPU_ENGINES,
      (m) => messages.push(m),
      { now: () => performance.now(), yieldToEvents, yieldMs: 0, previewMs: 0, classical: [theta] },
      { season: 12, forecastSteps: 6 },
    );
    await session.run();
    const types = messages.map((m) => m.type);
    const result = (cell: CellKind) =>
      messages.flatMap((m) => (m.type === 'result' && m.result.model === cell ? [m.result] : []))[0];
    const refitting = (cell: CellKind) =>
      messages.some((m) => m.type === 'model-status' && m.model === cell && m.note.kind === 'refitting');
    return { messages, types, result, refitting };
  }

  it('skips the refits not yet begun: the scored model forecasts, saying why; the training’s end comes first', async () => {
    // stopped once both networks have ended an epoch (kept weights to forecast from), neither finished
    const epochEnds = (messages: FromWorker[]) =>
      messages.flatMap((m) => (m.type === 'progress' ? m.points.filter((p) => p.kind === 'epoch') : []));
    const run = await stoppedRun(500, (messages) => epochEnds(messages).length >= 2);
    expect(run.refitting('lstm')).toBe(false);
    expect(run.refitting('gru')).toBe(false);
    const reason = 'the run was stopped before the refit on every row';
    for (const cell of ['lstm', 'gru'] as const) {
      expect(run.result(cell).forecastSource).toEqual({ kind: 'held-out', reason });
      expect(run.result(cell).forecast.every(Number.isFinite)).toBe(true);
    }
    expect(run.messages.filter((m) => m.type === 'training-ended')).toEqual([
      { type: 'training-ended', runId: 3, stopped: true },
    ]);
    // the training's end is said before the stopped models' results and the rest of the evaluation
    const ended = run.types.indexOf('training-ended');
    for (const later of ['result', 'classical', 'backtest', 'finished'] as const) {
      expect(run.types.indexOf(later)).toBeGreaterThan(ended);
    }
    expect(run.messages.at(-1)).toEqual({ type: 'finished', runId: 3, stopped: true });
    expect(
      describeForecastSource([
        ['LSTM', run.result('lstm').forecastSource],
        ['GRU', run.result('gru').forecastSource],
      ]),
    ).toBe(
      'LSTM and GRU: forecast by the model trained on the training rows only, because the run was stopped before the refit on every row.',
    );
  });

  it('keeps the refit of a network that finished before the stop', async () => {
    // the LSTM finishes its 2 epochs (refit and result sent), then the run is stopped while the GRU trains
    const run = await stoppedRun(2, (messages) => messages.some((m) => m.type === 'result'));
    expect(run.refitting('lstm')).toBe(true);
    expect(run.result('lstm').forecastSource).toEqual({
      kind: 'refit',
      rows: series.length,
      epochs: 2,
      members: REFIT_MEMBERS,
    });
    expect(run.refitting('gru')).toBe(false);
    expect(run.result('gru').forecastSource.kind).toBe('held-out');
    const ended = run.types.indexOf('training-ended');
    expect(run.types.indexOf('result')).toBeLessThan(ended);
    expect(run.types.lastIndexOf('result')).toBeGreaterThan(ended);
    expect(run.types.indexOf('classical')).toBeGreaterThan(ended);
  });
});
