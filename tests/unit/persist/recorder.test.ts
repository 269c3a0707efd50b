// The playground ↔ saved-runs bridge, on the real playground store with a scripted training worker:
// a finished run is turned into a complete SavedRun, and a configuration is applied back.

import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/config';
import { fileFingerprint } from '../../../src/data/table';
import { paramCount } from '../../../src/engine/layout';
import type { CellKind } from '../../../src/engine/types';
import { MemoryRunRepository } from '../../../src/persist/memoryRunStore';
import { predictionsToCsv } from '../../../src/persist/predictionsCsv';
import { predictionRowsOf, savedClassicalForecasts } from '../../../src/persist/runCharts';
import { defaultTrainingConfig } from '../../../src/persist/trainingConfig';
import { createPlaygroundStore } from '../../../src/store/createStore';
import type { PlaygroundDeps, TrainerPort } from '../../../src/store/deps';
import { createSavedRunsStore } from '../../../src/store/savedRuns';
import { applyTrainingConfig, configFromPlayground } from '../../../src/store/savedRunsConfig';
import { predictionTable, startRunRecorder } from '../../../src/store/savedRunsRecorder';
import type {
  EvaluationContext,
  FromWorker,
  ModelProgress,
  ModelResult,
  StartRequest,
} from '../../../src/worker/protocol';
import { fakeDataWorker } from '../fakeDataWorker';

const CSV = `date,load,temp\n${Array.from({ length: 120 }, (_, i) => {
  const d = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
  return `${d},${(10 + Math.sin(i / 3)).toFixed(3)},${(i % 7).toFixed(1)}`;
}).join('\n')}\n`;

const CONTEXT: EvaluationContext = {
  targets: ['load'],
  windowLength: 8,
  horizon: 2,
  testTime: Float64Array.from([100, 101, 102]),
  testActual: Float64Array.from([1, 1.5, 2, 2.5, 3, 3.5]), // (W=3, horizon=2, K=1)
  historyTime: Float64Array.from([98, 99]),
  historyValues: Float64Array.from([0.5, 0.75]),
  forecastTime: Float64Array.from([120, 121]),
  timeKind: 'index',
  season: 0,
  maseScale: [1],
  windows: { train: 50, val: 10, test: 3 },
};

function result(cell: CellKind, params: number): ModelResult {
  const bias = cell === 'lstm' ? 0.1 : -0.1;
  return {
    model: cell,
    testPredictions: Float64Array.from([1, 1.5, 2, 2.5, 3, 3.5], (v) => v + bias),
    intervals: [],
    metrics: {
      mse: bias * bias,
      rmse: Math.abs(bias),
      mae: Math.abs(bias),
      smape: 4,
      mase: Math.abs(bias),
      count: 6,
    },
    forecast: Float64Array.from([4 + bias, 5 + bias]),
    params,
    trainMs: 321,
    samplesPerSec: 1000,
    epochsRun: 2,
    bestEpoch: 2,
    bestVal: 0.2,
    forecastMode: 'direct',
    forecastSource: { kind: 'held-out', reason: null },
    forecastMessage: null,
    weights: new Float32Array(params).map((_, i) => i * 1e-3),
  };
}

const ENGINE = {
  kind: 'cpu' as const,
  description: 'CPU reference (Float64)',
  path: 'reference',
  dispatchesPerStep: 0,
  submitsPerStep: 0,
};

function progress(_cell: CellKind): ModelProgress {
  return {
    status: 'training',
    epoch: 2,
    epochs: 2,
    step: 1,
    stepsPerEpoch: 1,
    samplesPerSec: 1000,
    trainMs: 300,
    etaMs: 0,
    lastLoss: 0.4,
    bestVal: 0.3,
    bestEpoch: 2,
    engine: ENGINE,
  };
}

/** A training worker that answers "start" with a scripted, complete run of both models. */
function scriptedTrainer(stopLstm = false): TrainerPort & { started: StartRequest[] } {
  let handler: (m: FromWorker) => void = () => {};
  const started: StartRequest[] = [];
  return {
    started,
    listen: (h) => {
      handler = h;
    },
    terminate: () => {},
    post: (message) => {
      if (message.type !== 'start') return;
      started.push(message);
      const runId = message.runId;
      const send = (m: FromWorker) => queueMicrotask(() => handler(m));
      send({ type: 'started', runId, context: CONTEXT, baselines: [] });
      for (const cell of ['lstm', 'gru'] as const) {
        send({
          type: 'engine',
          runId,
          model: cell,
          info: {
            kind: 'cpu',
            description: 'CPU reference (Float64)',
            path: 'reference',
            dispatchesPerStep: 0,
            submitsPerStep: 0,
          },
        });
        send({
          type: 'progress',
          runId,
          points: [
            { model: cell, epoch: 0.5, kind: 'running', train: 0.9 },
            { model: cell, epoch: 1, kind: 'epoch', train: 0.8, val: 0.7 },
            { model: cell, epoch: 2, kind: 'epoch', train: 0.4, val: 0.3 },
          ],
          models: { lstm: progress(cell), gru: progress(cell) },
          elapsedMs: 10,
          etaMs: 0,
        });
        const status = cell === 'lstm' && stopLstm ? 'stopped' : 'finished';
        const note =
          status === 'stopped'
            ? ({ kind: 'stopped', epoch: 2, step: 0 } as const)
            : ({ kind: 'finished', epochs: 2, bestEpoch: 2 } as const);
        send({ type: 'model-status', runId, model: cell, status, note });
        send({ type: 'result', runId, result: result(cell, paramCount(message.models[cell].config)) });
      }
      send({ type: 'finished', runId, stopped: stopLstm });
    },
  };
}

function setup(stopLstm = false) {
  const trainer = scriptedTrainer(stopLstm);
  const data = fakeDataWorker();
  const deps: PlaygroundDeps = {
    samples: [{ id: 'daily-load', name: 'Daily load', description: 'test data' }],
    loadSample: () => data.parse(CSV),
    parseFile: async (file) => data.parse(await file.text()),
    prepare: data.prepare,
    createTrainer: () => trainer,
  };
  const playground = createPlaygroundStore(deps);
  const repo = new MemoryRunRepository();
  const savedRuns = createSavedRunsStore({
    openRepository: async () => ({ ok: true, value: repo }),
    storage: {},
  });
  return { playground, savedRuns, repo, trainer };
}

/** Waits until the recorder has saved `count` runs (saving is asynchronous: fingerprint, then the store). */
const savedCount = (repo: MemoryRunRepository, count: number) =>
  vi.waitFor(async () => expect(await repo.list()).toHaveLength(count), { timeout: 20_000, interval: 10 });

describe('saving finished runs', () => {
  it('saves a finished run with its settings, data identity, history, metrics, weights and predictions', async () => {
    const { playground, savedRuns, repo } = setup();
    const stop = startRunRecorder(playground, savedRuns);
    await playground.getState().loadSample('daily-load');
    playground.getState().setWindow({ inputLength: 8, horizon: 2 });
    playground.getState().setModelSettings('gru', { hiddenSize: 5, numLayers: 1 });
    await playground.getState().whenPrepared();
    const expectedConfig = configFromPlayground(playground.getState());
    playground.getState().trainBoth();
    // A change made while training belongs to the next run, not this one.
    playground.getState().setModelSettings('gru', { hiddenSize: 99 });
    await savedCount(repo, 1);
    stop();

    const listed = await repo.list();
    expect(listed).toHaveLength(1);
    const run = (await repo.get(listed[0].id))!;
    expect(run.status).toBe('finished');
    expect(run.config).toEqual(expectedConfig);
    expect(run.config.data.sampleId).toBe('daily-load');
    expect(run.config.models.gru.hiddenSize).toBe(5);
    expect(run.dataset).toMatchObject({ name: 'Daily load', sampleId: 'daily-load', rows: 120 });
    expect(run.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(run.scaler?.columns).toContain('load');

    const gru = run.models.find((m) => m.cell === 'gru')!;
    expect(gru.model).toMatchObject({ cell: 'gru', hiddenSize: 5, numLayers: 1, outputSize: 2 });
    expect(gru.history).toEqual([
      { epoch: 1, train: 0.8, val: 0.7 },
      { epoch: 2, train: 0.4, val: 0.3 },
    ]);
    expect(gru.metrics.rmse).toBeCloseTo(0.1);
    expect(gru.timings).toEqual({ trainMs: 321, epochs: 2, samplesPerSec: 1000 });
    expect(gru.engine.description).toBe('CPU reference (Float64)');
    expect(run.payload.weights.gru?.length).toBe(paramCount(gru.model));
    expect(run.payload.predictions?.time).toEqual(Float64Array.from([100, 101, 102, 120, 121]));
    expect(savedRuns.getState().savedRuns.map((r) => r.id)).toEqual([run.id]);
  });

  it('keeps a finished run saved when other data loads and clears it from the page', async () => {
    const { playground, savedRuns, repo } = setup();
    const stop = startRunRecorder(playground, savedRuns);
    await playground.getState().loadSample('daily-load');
    await playground.getState().whenPrepared();
    playground.getState().trainBoth();
    await vi.waitFor(() => expect(playground.getState().runStatus).toBe('finished'));
    // loaded before the saved run is written: the page clears its results, the saved run keeps them
    await playground.getState().loadFile(new File([CSV.replace('temp', 'temperature')], 'other.csv'));
    expect(playground.getState().results).toEqual({});
    expect(playground.getState().metricsRows).toEqual([]);
    await savedCount(repo, 1);
    stop();
    const run = (await repo.get((await repo.list())[0].id))!;
    expect(run.dataset.name).toBe('Daily load');
    expect(run.models.map((m) => m.cell)).toEqual(['lstm', 'gru']);
    expect(run.payload.weights.lstm?.length).toBeGreaterThan(0);
    expect(run.payload.predictions?.time).toEqual(Float64Array.from([100, 101, 102, 120, 121]));
  });

  it('keeps a sweep that finished on the same data and test points with the saved run; not one on others', async () => {
    const { playground, savedRuns, repo } = setup();
    const stop = startRunRecorder(playground, savedRuns);
    await playground.getState().loadSample('daily-load');
    await playground.getState().whenPrepared();
    playground.getState().trainBoth();
    await savedCount(repo, 1);
    const metrics = { mse: 1, rmse: 1, mae: 1, smape: 1, mase: 0.7, count: 3 };
    const finishSweep = (context: typeof CONTEXT, data = playground.getState().runData) => {
      playground.setState({ tuneStatus: 'running' });
      playground.setState({
        tuneStatus: 'finished',
        tuneData: data,
        tuneContext: context,
        tuneCandidates: [
          { id: 0, cell: 'gru', settings: DEFAULT_MODEL_SETTINGS, inputLength: 8, label: 'GRU 1×16' },
          { id: 1, cell: 'lstm', settings: DEFAULT_MODEL_SETTINGS, inputLength: 8, label: 'LSTM 1×16' },
        ],
        tuneEntries: [
          {
            id: 0,
            status: 'finished',
            epoch: 3,
            epochs: 3,
            bestVal: 0.2,
            bestEpoch: 3,
            valCurve: [],
            samplesPerSec: 1,
          },
          {
            id: 1,
            status: 'diverged',
            epoch: 1,
            epochs: 3,
            bestVal: Number.NaN,
            bestEpoch: 0,
            valCurve: [],
            samplesPerSec: 1,
          },
        ],
        tuneResult: {
          ranking: [0, 1],
          members: [0],
          memberMetrics: [],
          ensembles: [
            { kind: 'mean', testPredictions: new Float64Array(0), metrics, forecast: new Float64Array(0) },
          ],
          spreadLower: new Float64Array(0),
          spreadUpper: new Float64Array(0),
          samplesPerSec: 2,
          elapsedMs: 1500,
        },
      });
    };
    // other test points: not kept
    finishSweep({ ...CONTEXT, testTime: Float64Array.from([1, 2, 3]) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await repo.list())[0].sweep).toBeUndefined();
    // the same test points of other data: not kept
    finishSweep(CONTEXT, { fingerprint: 'other', pivoted: false, name: 'other.csv' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await repo.list())[0].sweep).toBeUndefined();
    // the run's own test points: kept with it
    finishSweep(CONTEXT);
    await vi.waitFor(async () => expect((await repo.list())[0].sweep).toBeDefined(), { timeout: 5000 });
    stop();
    const [summary] = await repo.list();
    expect(summary.sweep).toMatchObject({
      models: [
        { label: 'GRU 1×16', cell: 'gru', bestVal: 0.2, status: 'finished' },
        { label: 'LSTM 1×16', cell: 'lstm', status: 'diverged' },
      ],
      members: ['GRU 1×16'],
      ensembles: [{ kind: 'mean', metrics }],
      elapsedMs: 1500,
    });
    // still one run, with its weights
    expect(await repo.list()).toHaveLength(1);
    expect((await repo.get(summary.id))?.payload.weights.gru).toBeDefined();
  });

  it('marks a run stopped when a model was stopped, and the same file always has the same fingerprint', async () => {
    const { playground, savedRuns, repo } = setup(true);
    startRunRecorder(playground, savedRuns);
    await playground.getState().loadSample('daily-load');
    playground.getState().setWindow({ inputLength: 8 });
    playground.getState().trainBoth();
    expect(playground.getState().startProblem).toBeNull();
    await savedCount(repo, 1);
    const [summary] = await repo.list();
    expect(summary.status).toBe('stopped');
    expect(summary.models.find((m) => m.cell === 'lstm')?.status).toBe('stopped');
    // the fingerprint is the SHA-256 of the file's bytes
    const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    expect(await fileFingerprint(bytes(CSV))).toBe(summary.dataset.fingerprint);
    expect(await fileFingerprint(bytes(CSV.replace('10.000', '10.001')))).not.toBe(
      summary.dataset.fingerprint,
    );
  });

  it('lays out test predictions (first step of each window) followed by the forecast', () => {
    const table = predictionTable(CONTEXT, { lstm: result('lstm', 3) });
    expect([...table.time]).toEqual([100, 101, 102, 120, 121]);
    expect([...table.actual].map((v) => (Number.isNaN(v) ? null : v))).toEqual([1, 2, 3, null, null]);
    expect([...table.predicted.lstm!].map((v) => +v.toFixed(4))).toEqual([1.1, 2.1, 3.1, 4.1, 5.1]);
    expect(table.predicted.gru).toBeUndefined();
  });
});

describe('applying a configuration to the playground', () => {
  it('loads the sample, sets roles, preparation and both models, and reports what it could not apply', async () => {
    const { playground } = setup();
    const config = defaultTrainingConfig();
    config.data.sampleId = 'daily-load';
    config.data.roles = { timeColumn: 'date', targets: ['load'], features: ['load', 'temp'] };
    config.data.prepare.window = { inputLength: 12, horizon: 3, stride: 1 };
    config.data.season = 7;
    config.models.lstm.hiddenSize = 11;
    config.models.gru.optimizer = 'rmsprop';
    expect(await applyTrainingConfig(playground, config)).toEqual([]);
    const s = playground.getState();
    expect(s.source).toMatchObject({ kind: 'sample', id: 'daily-load' });
    expect(s.roles.features).toEqual(['load', 'temp']);
    expect(s.prepareOptions.window).toEqual({ inputLength: 12, horizon: 3, stride: 1 });
    expect(s.season).toBe(7);
    expect(s.models.lstm.hiddenSize).toBe(11);
    expect(s.models.gru.optimizer).toBe('rmsprop');
    expect(configFromPlayground(s)).toEqual(config);

    const wrong = defaultTrainingConfig();
    wrong.data.sampleId = 'no-such-sample';
    wrong.data.roles = { timeColumn: null, targets: ['price'], features: ['price'] };
    const issues = await applyTrainingConfig(playground, wrong);
    expect(issues.map((i) => i.message)).toEqual([
      'There is no bundled sample "no-such-sample"; the current data is kept.',
      'The loaded data has no column "price"; its suggested roles are kept.',
    ]);
    expect(playground.getState().roles.features).toEqual(['load', 'temp']);
  });
});

describe('the saved prediction table', () => {
  it('keeps every baseline and the networks band bounds, and the CSV names them', () => {
    const lstm = {
      ...result('lstm', 3),
      intervals: [
        {
          level: 0.8,
          testLower: Float64Array.from([0, 0, 1, 1, 2, 2]),
          testUpper: Float64Array.from([3, 3, 4, 4, 5, 5]),
          forecastLower: Float64Array.from([3.5, 4]),
          forecastUpper: Float64Array.from([4.5, 6]),
          coverage: 1,
        },
      ],
    };
    const naive = {
      name: 'naive' as const,
      label: 'Naive (last value)',
      testPredictions: Float64Array.from([9, 9, 8, 8, 7, 7]),
      metrics: lstm.metrics,
    };
    const table = predictionTable(CONTEXT, { lstm }, [naive]);
    const csv = predictionsToCsv(table).trim().split('\n');
    expect(csv[0]).toBe('timestamp,actual,lstm,naive,lstm_lo80,lstm_hi80');
    // test window 1 (time 101): first step of each column; forecast rows have no baseline
    expect(csv[2]).toBe('101,2,2.0999999046325684,8,1,4');
    expect(csv[4]).toBe('120,,4.099999904632568,,3.5,4.5');
  });

  it('keeps the classical forecasts past the data with their bounds, so the CSV and a saved run have them', () => {
    const lstm = result('lstm', 3);
    const ets = {
      name: 'ETS' as const,
      label: 'ETS (ETS(A,N,N))',
      testPredictions: Float64Array.from([9, 9, 8, 8, 7, 7]),
      metrics: lstm.metrics,
      forecast: {
        values: Float64Array.from([5, 6]),
        bands: [
          { level: 0.8, lower: Float64Array.from([4, 4.5]), upper: Float64Array.from([6, 7.5]) },
          { level: 0.95, lower: Float64Array.from([3, 3]), upper: Float64Array.from([7, 9]) },
        ],
        description: 'ETS(A,N,N)',
      },
    };
    const table = predictionTable(CONTEXT, { lstm }, [ets]);
    const csv = predictionsToCsv(table).trim().split('\n');
    expect(csv[0]).toBe('timestamp,actual,lstm,ets,ets_lo80,ets_hi80,ets_lo95,ets_hi95');
    // test rows: ETS's test predictions, no classical bounds; forecast rows: its forecast and bounds
    expect(csv[1]).toBe('100,1,1.100000023841858,9,,,,');
    expect(csv[4]).toBe('120,,4.099999904632568,5,4,6,3,7');
    expect(csv[5]).toBe('121,,5.099999904632568,6,4.5,7.5,3,9');
    // a saved run draws them past the data
    expect(predictionRowsOf(table).slice(-2)).toEqual([
      { time: 120, lstm: expect.closeTo(4.1, 6), ets: 5 },
      { time: 121, lstm: expect.closeTo(5.1, 6), ets: 6 },
    ]);
    expect(savedClassicalForecasts(table).map((c) => c.name)).toEqual(['ETS']);
  });
});
