import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/data';
import type { ParseOutcome } from '../../src/data/types';
import { paramCount } from '../../src/engine/layout';
import { exportModelSafetensors } from '../../src/persist/modelExport';
import { writeSafetensors } from '../../src/persist/safetensors';
import { createPlaygroundStore } from '../../src/store/createStore';
import type { PlaygroundDeps, TrainerPort } from '../../src/store/deps';
import { modelConfig } from '../../src/store/modelSettings';
import { configFromPlayground } from '../../src/store/savedRunsConfig';
import {
  selectIsRunning,
  selectParamCount,
  selectRunFromOtherData,
  selectSweepFromOtherData,
  sweepMatchesRun,
} from '../../src/store/selectors';
import { runStatusText } from '../../src/ui/training/runStatusText';
import type {
  EvaluationContext,
  FromWorker,
  ModelProgress,
  StartRequest,
  ToWorker,
  TrainingFailure,
} from '../../src/worker/protocol';
import { fakeDataWorker } from './fakeDataWorker';

const CSV = ['date,sales,price']
  .concat(
    Array.from({ length: 300 }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
      return `${day},${(100 + 10 * Math.sin(i / 3)).toFixed(2)},${(5 + (i % 7)).toFixed(1)}`;
    }),
  )
  .join('\n');

function fakeDeps(parseResult?: ParseOutcome) {
  const data = fakeDataWorker();
  const posted: ToWorker[] = [];
  let handler: (m: FromWorker) => void = () => {};
  const trainer: TrainerPort = {
    post: (m) => posted.push(m),
    listen: (h) => {
      handler = h;
    },
    terminate: () => {},
  };
  const deps: PlaygroundDeps = {
    samples: [
      {
        id: 'shop',
        name: 'Shop sales',
        description: 'daily sales',
        roles: { timeColumn: 'date', targets: ['sales'], features: ['sales'] },
      },
    ],
    loadSample: () => data.parse(CSV),
    parseFile: async () => data.keep(parseResult ?? (await parseCsvText(CSV))),
    prepare: data.prepare,
    createTrainer: () => trainer,
  };
  return { deps, posted, send: (m: FromWorker) => handler(m), data };
}

const file = (name: string) => new File(['x'], name);

function progress(epoch: number, step = 0): ModelProgress {
  return {
    status: 'training',
    epoch,
    epochs: 3,
    step,
    stepsPerEpoch: 2,
    samplesPerSec: 100,
    trainMs: 10,
    etaMs: 100,
    lastLoss: 0.5,
    bestVal: 0.4,
    bestEpoch: epoch,
    engine: { kind: 'cpu', description: 'CPU', path: 'reference', dispatchesPerStep: 0, submitsPerStep: 0 },
  };
}

const METRICS = { mse: 4, rmse: 2, mae: 1.5, smape: 3, mase: 1.2, count: 2 };

const CONTEXT: EvaluationContext = {
  targets: ['sales'],
  windowLength: 32,
  horizon: 1,
  testTime: Float64Array.from([10, 11]),
  testActual: Float64Array.from([1, 2]),
  historyTime: Float64Array.from([10, 11]),
  historyValues: Float64Array.from([1, 2]),
  forecastTime: Float64Array.from([12]),
  timeKind: 'index',
  season: 7,
  maseScale: [1.25],
  windows: { train: 10, val: 2, test: 2 },
};

/** The worker's messages of a run that scores the naive baseline and finishes. */
function finishRun(send: (m: FromWorker) => void, runId: number) {
  send({
    type: 'started',
    runId,
    context: CONTEXT,
    baselines: [
      {
        name: 'naive',
        label: 'Naive (last value)',
        testPredictions: Float64Array.from([1, 1]),
        metrics: METRICS,
      },
    ],
  });
  send({ type: 'finished', runId, stopped: false });
}

/** The worker's messages of a sweep that scores one ensemble and finishes. */
function finishSweep(send: (m: FromWorker) => void, runId: number) {
  send({
    type: 'tune-started',
    runId,
    context: CONTEXT,
    baselines: [],
    engine: { kind: 'cpu', description: 'CPU', path: 'reference', dispatchesPerStep: 0, submitsPerStep: 0 },
    groups: [],
  });
  send({
    type: 'tune-finished',
    runId,
    stopped: false,
    result: {
      ranking: [0],
      members: [0],
      memberMetrics: [],
      ensembles: [
        {
          kind: 'mean',
          testPredictions: Float64Array.from([1, 2]),
          metrics: METRICS,
          forecast: Float64Array.from([3]),
        },
      ],
      spreadLower: Float64Array.from([3]),
      spreadUpper: Float64Array.from([3]),
      samplesPerSec: 10,
      elapsedMs: 100,
    },
  });
}

describe('results belong to the data they were computed on', () => {
  /** Deps whose file "visitors.csv" is other data than the sample; any other file is the sample's CSV. */
  function twoDatasets() {
    const fake = fakeDeps();
    const other = CSV.replace(/,(\d+)\.(\d+),/g, ',$2.$1,');
    fake.deps.parseFile = async (f) => fake.data.parse(f.name === 'visitors.csv' ? other : CSV);
    return fake;
  }

  it('clears a finished run and sweep from the page when other data loads, and drops their late messages', async () => {
    const { deps, send, posted } = twoDatasets();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().trainBoth();
    finishRun(send, 1);
    store.getState().startTune();
    const tune = posted.at(-1);
    if (tune?.type !== 'tune') throw new Error('no tune request');
    finishSweep(send, tune.runId);
    // the sweep scored the run's data and test points: its ensemble joins the comparison
    expect(sweepMatchesRun(store.getState())).toBe(true);
    expect(store.getState().metricsRows.map((r) => r.name)).toContain('Sweep ensemble (mean of the best 1)');
    // the same file loaded again is the same data: the results stay
    await store.getState().loadFile(file('shop.csv'));
    expect(store.getState().metricsRows).toHaveLength(2);
    expect(store.getState().tuneResult).not.toBeNull();

    await store.getState().loadFile(file('visitors.csv'));
    const s = store.getState();
    expect(s.source?.name).toBe('visitors.csv');
    expect(s.runStatus).toBe('idle');
    expect([s.context, s.results, s.metricsRows, s.forecastRows, s.baselines]).toEqual([
      null,
      {},
      [],
      [],
      [],
    ]);
    expect([s.tuneStatus, s.tuneResult, s.tuneContext]).toEqual(['idle', null, null]);
    expect(selectRunFromOtherData(s)).toBeNull();
    expect(selectSweepFromOtherData(s)).toBeNull();
    // a message of the cleared run or sweep still on its way changes nothing
    send({ type: 'classical', runId: 1, baselines: [] });
    finishSweep(send, tune.runId);
    expect(store.getState().baselines).toEqual([]);
    expect(store.getState().tuneResult).toBeNull();
  });

  it('keeps a run and a sweep in flight, marked as on the other data, and never compares across data', async () => {
    const { deps, send, posted } = twoDatasets();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().startTune();
    const tune = posted.at(-1);
    if (tune?.type !== 'tune') throw new Error('no tune request');
    store.getState().trainBoth();
    const start = posted.at(-1) as StartRequest;
    send({ type: 'started', runId: start.runId, context: CONTEXT, baselines: [] });

    await store.getState().loadFile(file('visitors.csv'));
    expect(store.getState().runStatus).toBe('training');
    expect(selectRunFromOtherData(store.getState())).toBe('Shop sales');
    expect(selectSweepFromOtherData(store.getState())).toBe('Shop sales');
    send({ type: 'finished', runId: start.runId, stopped: false });
    finishSweep(send, tune.runId);
    expect(selectRunFromOtherData(store.getState())).toBe('Shop sales');
    // they still compare with each other: the same data and test points
    expect(store.getState().metricsRows.map((r) => r.id)).toContain('ensemble-mean');
    // back on their data, nothing is marked
    await store.getState().loadSample('shop');
    expect(selectRunFromOtherData(store.getState())).toBeNull();
    expect(selectSweepFromOtherData(store.getState())).toBeNull();

    // the run on other data than the sweep, with the very same test points: not compared
    store.setState({ runData: { fingerprint: 'other', pivoted: false, name: 'elsewhere.csv' } });
    store.getState().refreshComparison();
    expect(sweepMatchesRun(store.getState())).toBe(false);
    expect(store.getState().metricsRows.map((r) => r.id)).not.toContain('ensemble-mean');
  });
});

describe('whose message it is', () => {
  it('routes by scope: a sweep’s notice goes to the sweep, a run’s to the run; runs and sweeps never share an id', async () => {
    const { deps, send, posted } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().trainBoth();
    const start = posted.at(-1) as StartRequest;
    store.getState().startTune();
    const tune = posted.at(-1);
    if (tune?.type !== 'tune') throw new Error('no tune request');
    expect(tune.runId).not.toBe(start.runId);
    const failure = {
      kind: 'training-failed' as const,
      model: null,
      message: 'LSTM h32: could not be scored',
    };
    // a sweep's notice reaches the sweep, not the run
    send({ type: 'tune-notice', runId: tune.runId, failure });
    expect(store.getState().tuneNotices.map((n) => n.failure)).toEqual([failure]);
    expect(store.getState().notices).toEqual([]);
    // a run's notice reaches the run, not the sweep
    send({ type: 'notice', runId: start.runId, failure });
    expect(store.getState().notices.map((n) => n.failure)).toEqual([failure]);
    expect(store.getState().tuneNotices).toHaveLength(1);
    // a message goes by its scope: one of the other kind's id is no one's
    send({ type: 'notice', runId: tune.runId, failure });
    send({ type: 'tune-notice', runId: start.runId, failure });
    send({ type: 'tune-failed', runId: start.runId, error: failure });
    send({ type: 'failed', runId: tune.runId, error: failure });
    expect(store.getState().notices).toHaveLength(1);
    expect(store.getState().tuneNotices).toHaveLength(1);
    expect(store.getState().runStatus).toBe('starting');
    expect(store.getState().tuneStatus).toBe('running');
    store.getState().dismissTuneNotice(store.getState().tuneNotices[0].id);
    expect(store.getState().tuneNotices).toEqual([]);
    // the sweep's failure is the sweep's problem; the run goes on
    send({ type: 'tune-failed', runId: tune.runId, error: failure });
    expect(store.getState().tuneStatus).toBe('failed');
    expect(store.getState().tuneProblem).toEqual({ kind: 'sweep-failed', error: failure });
    expect(store.getState().runStatus).toBe('starting');
  });

  it('says why a run or a sweep cannot start without data, as data', () => {
    const { deps, posted } = fakeDeps();
    const store = createPlaygroundStore(deps);
    store.getState().trainBoth();
    store.getState().startTune();
    expect(posted).toEqual([]);
    expect(store.getState().startProblem).toEqual({ kind: 'no-data' });
    expect(store.getState().tuneProblem).toEqual({ kind: 'no-data' });
  });
});

describe('playground store', () => {
  it('opens a model file: applies its settings and evaluates its weights; says what is wrong otherwise', async () => {
    const { deps, posted } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().setModelSettings('gru', { hiddenSize: 6 });
    const shape = { inputSize: 1, outputSize: 1 };
    const model = modelConfig('gru', store.getState().models.gru, shape);
    const weights = Float32Array.from({ length: paramCount(model) }, (_, i) => (i % 7) / 10);
    const config = configFromPlayground(store.getState());
    store.getState().setModelSettings('gru', { hiddenSize: 32 }); // changed since: the file's settings win
    const file = (name: string, bytes: Uint8Array | string) => new File([bytes as BlobPart], name);
    const exported = exportModelSafetensors(weights, { model, config, scaler: null });

    await store.getState().loadModelFiles([file('notes.txt', 'x')]);
    expect(store.getState().modelFileProblem).toEqual({ kind: 'no-weights-file' });
    await store.getState().loadModelFiles([file('m.safetensors', exported), file('config.json', '{"a":1}')]);
    expect(store.getState().modelFileProblem).toEqual({
      kind: 'bad-project-config',
      message: 'This config.json is not from a Forecast Lab PyTorch project.',
    });
    const bare = writeSafetensors([{ name: 'head.bias', shape: [1], data: new Float32Array(1) }], {});
    await store.getState().loadModelFiles([file('weights.safetensors', bare)]);
    expect(store.getState().modelFileProblem).toMatchObject({
      kind: 'bad-weights',
      fileName: 'weights.safetensors',
      message: expect.stringMatching(/drop it together with its config\.json/),
    });
    expect(posted.filter((m) => m.type === 'start')).toHaveLength(0);

    await store.getState().loadModelFiles([file('run-gru.safetensors', exported)]);
    expect(store.getState().modelFileProblem).toBeNull();
    expect(store.getState().models.gru.hiddenSize).toBe(6);
    await store.getState().whenPrepared();
    const start = posted.filter((m) => m.type === 'start').at(-1);
    if (start?.type !== 'start') throw new Error('no start');
    expect(start.evaluateOnly).toBe(true);
    expect(Array.from(start.models.gru.initialWeights ?? [])).toEqual(Array.from(weights));
    expect(start.models.lstm.initialWeights).toBeUndefined();
    expect(store.getState().loadedModel).toMatchObject({ cell: 'gru', fileName: 'run-gru.safetensors' });
  });

  it('starts the quick sweep in the training worker, follows its leaderboard and promotes a model', async () => {
    const { deps, posted, send } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().setTuneSettings({ hiddenSizes: [0] });
    store.getState().startTune();
    expect(store.getState().tuneProblem).toMatchObject({
      kind: 'bad-grid-value',
      setting: 'hiddenSize',
      value: 0,
    });
    expect(posted).toHaveLength(0);
    store.getState().applyTunePreset('quick');
    store.getState().startTune();
    const request = posted.at(-1);
    if (request?.type !== 'tune') throw new Error('no tune request');
    expect(request.models).toHaveLength(8);
    expect(request.topK).toBe(3);
    expect(request.models[7].setup.config).toMatchObject({ cell: 'gru', hiddenSize: 32 });
    expect(store.getState().tuneStatus).toBe('running');
    expect(store.getState().tuneGroups).toEqual([]);
    send({
      type: 'tune-started',
      runId: request.runId,
      context: {} as EvaluationContext,
      baselines: [],
      engine: {
        kind: 'webgpu',
        description: 'test GPU',
        path: 'fused',
        dispatchesPerStep: 7,
        submitsPerStep: 1,
      },
      groups: [4, 4],
    });
    expect(store.getState().tuneGroups).toEqual([4, 4]);
    expect(store.getState().tuneEngine?.kind).toBe('webgpu');
    const entry = (id: number, bestVal: number) => ({
      id,
      status: 'training' as const,
      epoch: 2,
      epochs: 60,
      bestVal,
      bestEpoch: 1,
      valCurve: [bestVal],
      samplesPerSec: 100,
    });
    // a training run's messages do not touch the sweep; the sweep's are kept
    send({
      type: 'tune-progress',
      runId: request.runId + 1,
      entries: [entry(0, 1)],
      elapsedMs: 5,
      samplesPerSec: 1,
    });
    expect(store.getState().tuneEntries).toHaveLength(0);
    send({
      type: 'tune-progress',
      runId: request.runId,
      entries: [entry(0, 0.5), entry(7, 0.2)],
      elapsedMs: 50,
      samplesPerSec: 800,
    });
    expect(store.getState().tuneEntries.map((e) => e.id)).toEqual([0, 7]);
    expect(store.getState().tuneSamplesPerSec).toBe(800);
    store.getState().promoteTuned(7);
    expect(store.getState().models.gru).toMatchObject({ hiddenSize: 32, lr: 1e-2 });
    store.getState().stopTune();
    expect(posted.at(-1)).toEqual({ type: 'stop' });
    expect(store.getState().tuneStatus).toBe('stopping');
  });

  it('pivots the loaded long-format file by reading it again, and can go back', async () => {
    const { deps, data } = fakeDeps();
    const long =
      'id,date,v\n' +
      ['a', 'b']
        .flatMap((id, k) =>
          Array.from(
            { length: 30 },
            (_, i) => `${id},2020-01-${String(i + 1).padStart(2, '0')},${k * 10 + (i % 5)}`,
          ),
        )
        .join('\n');
    deps.parseFile = async (f, _progress, options) => data.parse(await f.text(), options);
    const store = createPlaygroundStore(deps);
    await store.getState().loadFile(new File([long], 'long.csv'));
    expect(store.getState().roles.seriesColumn).toBe('id');
    await store.getState().pivotLongFormat(true);
    const pivoted = store.getState().table!;
    expect(pivoted.columns.map((c) => c.name)).toEqual(['date', 'v_a', 'v_b']);
    expect(store.getState().roles.seriesColumn ?? null).toBeNull();
    // the series side by side are the targets and the inputs of one model
    expect(store.getState().roles).toMatchObject({ targets: ['v_a', 'v_b'], features: ['v_a', 'v_b'] });
    expect(store.getState().source?.name).toBe('long.csv');
    await store.getState().pivotLongFormat(true, ['b']);
    expect(store.getState().table!.columns.map((c) => c.name)).toEqual(['date', 'v_b']);
    await store.getState().pivotLongFormat(false);
    expect(store.getState().table!.columns.map((c) => c.name)).toEqual(['id', 'date', 'v']);
  });

  it('loads a sample with its own roles and prepares it', async () => {
    const { deps } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    const s = store.getState();
    expect(s.source).toEqual({ kind: 'sample', id: 'shop', name: 'Shop sales' });
    expect(s.roles).toEqual({ timeColumn: 'date', targets: ['sales'], features: ['sales'] });
    expect(s.prepared?.ok).toBe(true);
    expect(s.overview?.rows.length).toBe(300);
    expect(s.loading).toBeNull();
  });

  it('keeps the previous dataset when a file fails to parse, and shows the error as given', async () => {
    const bad: ParseOutcome = {
      ok: false,
      error: { kind: 'no-numeric-column', message: 'No column contains numbers.' },
    };
    const { deps } = fakeDeps(bad);
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    const table = store.getState().table;
    await store.getState().loadFile(file('bad.csv'));
    expect(store.getState().loadError?.message).toBe('No column contains numbers.');
    expect(store.getState().table).toBe(table);
    expect(store.getState().source?.name).toBe('Shop sales');
    store.getState().dismissLoadError();
    expect(store.getState().loadError).toBeNull();
  });

  it('re-prepares when options change and reports a too-short series as a prepare error', async () => {
    const { deps } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().setWindow({ inputLength: 10_000 });
    expect(store.getState().preparing).toBe(true);
    await store.getState().whenPrepared();
    const prepared = store.getState().prepared;
    expect(prepared?.ok).toBe(false);
    if (prepared && !prepared.ok) expect(prepared.error.kind).toBe('too-few-rows');
    store.getState().setSplitShare('test', 20);
    expect(store.getState().prepareOptions.split).toEqual({ train: 0.65, val: 0.15, test: 0.2 });
  });

  it('updates the live parameter count from the settings and the dataset shape', async () => {
    const { deps } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    const before = selectParamCount('gru')(store.getState());
    store.getState().setModelSetting('gru', 'hiddenSize', 8);
    store.getState().setModelSetting('gru', 'numLayers', 1);
    // GRU, F = 1, H = 8, O = 1: 3H(F + H + 2) + H + 1
    expect(selectParamCount('gru')(store.getState())).toBe(3 * 8 * (1 + 8 + 2) + 8 + 1);
    // defaults 1 × 32: GRU 3H(F + H + 2) + H + 1, LSTM 4H(F + H + 2) + H + 1
    expect(before).toBe(3 * 32 * 35 + 33);
    expect(selectParamCount('lstm')(store.getState())).toBe(4 * 32 * 35 + 33);
  });

  it('refuses to start with an invalid setting and says which', async () => {
    const { deps, posted } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().setModelSetting('lstm', 'batchSize', 0);
    store.getState().trainBoth();
    expect(posted).toHaveLength(0);
    expect(store.getState().startProblem).toEqual({
      kind: 'invalid-setting',
      model: 'lstm',
      field: 'batchSize',
      problem: 'Between 1 and 1024.',
    });
  });

  it('starts a run with both model setups sized from the data, then applies batched worker messages', async () => {
    const { deps, posted, send } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().setModelSetting('lstm', 'hiddenSize', 16);
    store.getState().trainBoth();
    const start = posted[0] as StartRequest;
    expect(start.type).toBe('start');
    expect(start.runId).toBe(1);
    expect(start.models.lstm.config).toMatchObject({
      cell: 'lstm',
      hiddenSize: 16,
      inputSize: 1,
      outputSize: 1,
    });
    expect(start.models.gru.optimizer).toMatchObject({ kind: 'adam', lr: 3e-3 });
    expect(store.getState().runStatus).toBe('starting');

    send({
      type: 'progress',
      runId: 1,
      points: [
        { model: 'lstm', epoch: 0.5, kind: 'running', train: 0.9 },
        { model: 'gru', epoch: 0.5, kind: 'running', train: 1.1 },
      ],
      models: { lstm: progress(1, 1), gru: progress(1, 1) },
      elapsedMs: 100,
      etaMs: 500,
    });
    send({
      type: 'progress',
      runId: 1,
      points: [
        { model: 'lstm', epoch: 1, kind: 'epoch', train: 0.8, val: 0.7 },
        { model: 'gru', epoch: 1, kind: 'epoch', train: 1.0, val: 0.9 },
      ],
      models: { lstm: progress(2), gru: progress(2) },
      elapsedMs: 200,
      etaMs: 400,
    });
    const s = store.getState();
    // the epoch point replaced the running point inside epoch 1
    expect(s.lossRows).toEqual([{ epoch: 1, lstmTrain: 0.8, lstmVal: 0.7, gruTrain: 1.0, gruVal: 0.9 }]);
    expect(s.lossSummary).toBe(
      'LSTM train loss 0.8000, val loss 0.7000 at epoch 1; GRU train loss 1.0000, val loss 0.9000 at epoch 1.',
    );
    expect(s.elapsedMs).toBe(200);
    expect(s.engines.lstm?.kind).toBe('cpu');

    // a message of an older run is ignored
    send({ type: 'paused', runId: 0 });
    expect(store.getState().runStatus).not.toBe('paused');
    send({ type: 'paused', runId: 1 });
    expect(store.getState().runStatus).toBe('paused');
    store.getState().resume();
    expect(posted.at(-1)).toEqual({ type: 'resume' });
  });

  it('turns a diverged model into an error notice and fills the metrics table with models and baselines', async () => {
    const { deps, send } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().trainBoth();
    const metrics = { mse: 4, rmse: 2, mae: 1.5, smape: 3, mase: 1.2, count: 2 };
    send({
      type: 'started',
      runId: 1,
      context: {
        targets: ['sales'],
        windowLength: 32,
        horizon: 1,
        testTime: Float64Array.from([10, 11]),
        testActual: Float64Array.from([1, 2]),
        historyTime: Float64Array.from([10, 11]),
        historyValues: Float64Array.from([1, 2]),
        forecastTime: Float64Array.from([12]),
        timeKind: 'index',
        season: 7,
        maseScale: [1.25],
        windows: { train: 10, val: 2, test: 2 },
      },
      baselines: [
        { name: 'naive', label: 'Naive (last value)', testPredictions: Float64Array.from([1, 1]), metrics },
        {
          name: 'seasonal-naive',
          label: 'Seasonal naive (season 7)',
          testPredictions: Float64Array.from([2, 2]),
          metrics: { ...metrics, rmse: 1, mase: 0.9 },
        },
      ],
    });
    const nanLoss = {
      kind: 'nan-loss',
      model: 'gru',
      epoch: 2,
      step: 3,
      value: Number.NaN,
      lr: 3e-3,
      suggestedLr: 3e-4,
      clipNorm: 1,
      keptEpoch: 1,
    } as const;
    send({
      type: 'model-status',
      runId: 1,
      model: 'gru',
      status: 'diverged',
      note: { kind: 'failed', failure: nanLoss },
    });
    // kept as data: the page words it (ui/training/failureText.ts)
    expect(store.getState().notices.map((n) => n.failure)).toEqual([nanLoss]);
    expect(store.getState().modelStatus.gru).toEqual({
      status: 'diverged',
      note: { kind: 'failed', failure: nanLoss },
    });
    // while the LSTM trains, its latest forecast preview is the forecast line (no bands); a stale run's is ignored
    send({ type: 'forecast-preview', runId: 0, model: 'lstm', epoch: 1, forecast: Float64Array.from([9]) });
    expect(store.getState().forecastRows.at(-1)).toEqual({ time: 11, actual: 2 });
    send({
      type: 'forecast-preview',
      runId: 1,
      model: 'lstm',
      epoch: 2,
      forecast: Float64Array.from([2.75]),
    });
    expect(store.getState().forecastPreviews.lstm?.epoch).toBe(2);
    expect(store.getState().forecastRows.at(-1)).toEqual({ time: 12, lstm: 2.75 });
    send({
      type: 'result',
      runId: 1,
      result: {
        model: 'lstm',
        testPredictions: Float64Array.from([1.5, 2.5]),
        metrics: { ...metrics, rmse: 0.5, mase: 0.45 },
        forecast: Float64Array.from([3]),
        forecastMode: 'direct',
        forecastSource: { kind: 'held-out', reason: null },
        forecastMessage: null,
        intervals: [
          {
            level: 0.8,
            testLower: Float64Array.from([1, 2]),
            testUpper: Float64Array.from([2, 3]),
            forecastLower: Float64Array.from([2.5]),
            forecastUpper: Float64Array.from([3.5]),
            coverage: 1,
          },
        ],
        params: 100,
        trainMs: 1000,
        samplesPerSec: 50,
        epochsRun: 3,
        bestEpoch: 2,
        bestVal: 0.1,
        weights: new Float32Array(100),
      },
    });
    const s = store.getState();
    expect(s.metricsRows.map((r) => [r.name, r.best])).toEqual([
      ['LSTM', true],
      ['Naive (last value)', false],
      ['Seasonal naive (season 7)', false],
    ]);
    // MASE 0.45 against the better baseline's 0.9
    expect(s.metricsRows[0].vsBestBaseline).toBeCloseTo(-0.5, 12);
    expect(s.metricsRows[1].vsBestBaseline).toBeUndefined();
    expect(s.predictionRows).toEqual([
      { time: 10, actual: 1, lstm: 1.5, naive: 1, seasonal: 2, lstm80: [1, 2] },
      { time: 11, actual: 2, lstm: 2.5, naive: 1, seasonal: 2, lstm80: [2, 3] },
    ]);
    expect(s.forecastRows.at(-1)).toEqual({ time: 12, lstm: 3, lstm80: [2.5, 3.5] });
    // the band opens at the last observation, like the forecast
    expect(s.forecastRows.at(-2)).toMatchObject({ actual: 2, lstm: 2, lstm80: [2, 2] });
    // a preview that arrives after the result does not replace it
    send({ type: 'forecast-preview', runId: 1, model: 'lstm', epoch: 3, forecast: Float64Array.from([7]) });
    expect(store.getState().forecastRows.at(-1)).toEqual({ time: 12, lstm: 3, lstm80: [2.5, 3.5] });
    // ETS and ARIMA, refitted on every row, forecast past the data with their bands beside the networks
    const classical = (name: 'ETS' | 'ARIMA', value: number) => ({
      name,
      label: `${name} (fitted)`,
      testPredictions: Float64Array.from([1, 2]),
      metrics,
      forecast: {
        values: Float64Array.from([value]),
        bands: [
          { level: 0.8, lower: Float64Array.from([value - 1]), upper: Float64Array.from([value + 1]) },
          { level: 0.95, lower: Float64Array.from([value - 2]), upper: Float64Array.from([value + 2]) },
        ],
        description: `${name}(…)`,
      },
    });
    send({ type: 'classical', runId: 1, baselines: [classical('ETS', 4), classical('ARIMA', 5)] });
    expect(store.getState().forecastRows.at(-1)).toEqual({
      time: 12,
      lstm: 3,
      lstm80: [2.5, 3.5],
      ets: 4,
      ets80: [3, 5],
      ets95: [2, 6],
      arima: 5,
      arima80: [4, 6],
      arima95: [3, 7],
    });
    // drawn from the last observation, like the networks' lines
    expect(store.getState().forecastRows.at(-2)).toMatchObject({
      actual: 2,
      ets: 2,
      arima: 2,
      ets80: [2, 2],
    });
    send({ type: 'finished', runId: 1, stopped: false });
    expect(store.getState().runStatus).toBe('finished');
  });

  it('says a stopped run has stopped when its training ends, then finishes its evaluation', async () => {
    const { deps, posted, send } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    const status = () => {
      const s = store.getState();
      return {
        state: s.runStatus,
        text: runStatusText(s.runStatus, s.stoppedByUser),
        running: selectIsRunning(s),
      };
    };
    store.getState().trainBoth();
    send({ type: 'started', runId: 1, context: CONTEXT, baselines: [] });
    expect(status()).toEqual({ state: 'training', text: 'Training…', running: true });
    store.getState().stop();
    expect(posted.at(-1)).toEqual({ type: 'stop' });
    expect(status()).toEqual({ state: 'stopping', text: 'Stopping…', running: true });
    send({ type: 'training-ended', runId: 1, stopped: true });
    // the results still arrive: the run is going (not cleared by other data, not saved yet), but not stoppable
    expect(status()).toEqual({
      state: 'evaluating',
      text: 'Stopped; finishing the evaluation…',
      running: true,
    });
    const sent = posted.length;
    store.getState().stop();
    expect(posted).toHaveLength(sent);
    send({ type: 'finished', runId: 1, stopped: true });
    expect(status()).toEqual({ state: 'finished', text: 'Stopped.', running: false });

    // a run that trains to its end says it is finishing its evaluation, then that it has finished
    store.getState().trainBoth();
    expect(status()).toEqual({ state: 'starting', text: 'Starting…', running: true });
    send({ type: 'started', runId: 2, context: CONTEXT, baselines: [] });
    send({ type: 'training-ended', runId: 2, stopped: false });
    expect(status()).toEqual({ state: 'evaluating', text: 'Finishing the evaluation…', running: true });
    send({ type: 'finished', runId: 2, stopped: false });
    expect(status()).toEqual({ state: 'finished', text: 'Finished.', running: false });
  });

  it('keeps run failures and notices from the worker as data, in order', async () => {
    const { deps, send } = fakeDeps();
    const store = createPlaygroundStore(deps);
    await store.getState().loadSample('shop');
    store.getState().trainBoth();
    const cpu = { kind: 'no-webgpu', reason: 'WebGPU is not available in this browser' } as const;
    const lost: TrainingFailure = {
      kind: 'device-lost',
      reason: 'destroyed',
      account: 'The GPU could not be recreated (no adapter); training continues on the CPU engine.',
      continuesOn: 'cpu',
      resumed: [{ model: 'lstm', atEpoch: 2, fromEpoch: 1 }],
    };
    const tooFew = {
      kind: 'too-few-rows',
      needed: 40,
      got: 12,
      split: 'train',
      message: 'The training part has 12 rows; a window needs 40.',
    } as const;
    send({ type: 'notice', runId: 1, failure: cpu });
    send({ type: 'notice', runId: 1, failure: lost });
    // a message of a replaced run is dropped
    send({ type: 'notice', runId: 0, failure: cpu });
    send({ type: 'failed', runId: 1, error: tooFew });
    const s = store.getState();
    expect(s.runStatus).toBe('failed');
    expect(s.notices.map((n) => n.failure)).toEqual([cpu, lost, tooFew]);
    store.getState().dismissNotice(s.notices[1].id);
    expect(store.getState().notices.map((n) => n.failure.kind)).toEqual(['no-webgpu', 'too-few-rows']);
    // a worker crash (runId −1) reaches every run
    send({ type: 'failed', runId: -1, error: { kind: 'worker-crashed', message: 'out of memory' } });
    expect(store.getState().notices.at(-1)?.failure).toEqual({
      kind: 'worker-crashed',
      message: 'out of memory',
    });
  });
});
