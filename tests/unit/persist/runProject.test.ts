// A PyTorch project from any saved run: the worker sends the run's project source as the run ends, the page keeps
// it with the saved run, and the project is made from the saved run alone (no worker). A run saved without it
// says what it lacks.
import { describe, expect, test, vi } from 'vitest';
import { REFIT_MEMBERS } from '../../../src/config';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS, type ParsedTable, type PreparedDataset } from '../../../src/data/types';
import { initParams } from '../../../src/engine/reference/model';
import { MemoryRunRepository } from '../../../src/persist/memoryRunStore';
import { projectData, pytorchProject } from '../../../src/persist/pytorchProject';
import { savedRunProject } from '../../../src/persist/runProject';
import type { SavedRun } from '../../../src/persist/runRecord';
import { createPlaygroundStore } from '../../../src/store/createStore';
import { createSavedRunsStore } from '../../../src/store/savedRuns';
import { startRunRecorder } from '../../../src/store/savedRunsRecorder';
import { futureTimes } from '../../../src/worker/evaluation';
import type { FromWorker, StartRequest, ToWorker } from '../../../src/worker/protocol';
import { runTrainingWorker, type WorkerScope } from '../../../src/worker/trainWorkerMain';
import { setup } from '../sessionFixtures';
import { makeRun } from './fixtures';

const CSV = ['date,load']
  .concat(
    Array.from({ length: 160 }, (_, i) => {
      const day = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
      return `${day},${(50 + 0.05 * i + 6 * Math.sin((2 * Math.PI * i) / 7)).toFixed(3)}`;
    }),
  )
  .join('\n');

async function dataset(): Promise<PreparedDataset> {
  const parsed = await parseCsvText(CSV);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const out = prepareDataset(
    parsed.table,
    { timeColumn: 'date', targets: ['load'], features: ['load'] },
    { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength: 14, horizon: 2, stride: 1 } },
  );
  if (!out.ok) throw new Error(out.error.message);
  return out.dataset;
}

/** The files of a stored (uncompressed) zip, by name. */
function unzip(zip: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const files = new Map<string, Uint8Array>();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extra = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extra;
    files.set(name, zip.subarray(start, start + size));
    at = start + size;
  }
  return files;
}

/** A CPU run of both networks in the training worker (the GRU from given weights); every message it posts. */
async function workerRun(data: PreparedDataset, gruStart: Float32Array): Promise<FromWorker[]> {
  const sent: FromWorker[] = [];
  const scope: WorkerScope = { postMessage: (m) => sent.push(m as FromWorker), onmessage: null };
  runTrainingWorker(scope, {
    prepare: () => ({ ok: true, dataset: data }),
    summarise: () => ({
      outcome: { ok: false, error: { kind: 'no-data-rows', message: '' } },
      suggestion: null,
    }),
    gpuFactory: null,
    gpuModelsFactory: null,
    probeGpu: async () => ({ state: 'unavailable', error: { kind: 'no-webgpu', message: '' } }),
  });
  const send = (m: ToWorker) => scope.onmessage?.({ data: m } as MessageEvent<ToWorker>);
  send({ type: 'table', id: 1, table: { rowCount: 160 } as unknown as ParsedTable });
  send({
    type: 'start',
    runId: 4,
    tableId: 1,
    season: 7,
    forecastSteps: 2,
    engine: 'cpu',
    models: {
      lstm: setup('lstm', { epochs: 1 }),
      gru: { ...setup('gru', { epochs: 1 }), initialWeights: gruStart },
    },
  } as unknown as StartRequest);
  await vi.waitFor(() => expect(sent.some((m) => m.type === 'finished' || m.type === 'failed')).toBe(true), {
    timeout: 60_000,
    interval: 10,
  });
  return sent;
}

describe('PyTorch project from a saved run', () => {
  test('the worker sends the run’s project source before "finished"; the saved run makes the project alone', async () => {
    const data = await dataset();
    const gruConfig = { ...setup('gru').config, inputSize: 1, outputSize: 2, seed: 9 };
    const gruStart = initParams(gruConfig);
    const messages = await workerRun(data, gruStart);
    const at = messages.findIndex((m) => m.type === 'project-source');
    expect(messages[at + 1]?.type).toBe('finished');
    const sourceMessage = messages[at];
    if (sourceMessage?.type !== 'project-source') throw new Error('no project source');
    const { source } = sourceMessage;
    expect(source.data).toEqual(projectData(data));
    expect(source.season).toBe(7);
    expect(source.forecastTime).toEqual(futureTimes(data, 2));
    expect(source.refitMembers).toBe(REFIT_MEMBERS);
    const lstm = source.models.lstm!;
    expect(lstm.model).toMatchObject({ cell: 'lstm', inputSize: 1, outputSize: 2, hiddenSize: 4 });
    expect(lstm.loop).toEqual({ batchSize: 8, epochs: 1, patience: 0 });
    expect(lstm.initialWeights).toEqual(initParams(lstm.model));
    expect(source.models.gru?.initialWeights).toEqual(gruStart);

    // the page: the store keeps the source, the recorder saves it with the run, a repository clones it
    const playground = createPlaygroundStore({
      samples: [],
      loadSample: async () => ({ ok: false, error: { kind: 'empty-file', message: '' } }) as never,
      parseFile: async () => ({ ok: false, error: { kind: 'empty-file', message: '' } }) as never,
      prepare: async () => ({
        outcome: { ok: false, error: { kind: 'no-data-rows', message: '' } },
        suggestion: null,
      }),
      createTrainer: () => ({ listen: () => {}, post: () => {}, terminate: () => {} }),
    });
    const repo = new MemoryRunRepository();
    const savedRuns = createSavedRunsStore({
      openRepository: async () => ({ ok: true, value: repo }),
      storage: {},
    });
    const stop = startRunRecorder(playground, savedRuns);
    playground.setState({ runId: 4, runStatus: 'starting' });
    for (const m of messages) playground.getState().receive(m);
    await vi.waitFor(async () => expect(await repo.list()).toHaveLength(1), {
      timeout: 10_000,
      interval: 10,
    });
    stop();
    const saved = (await repo.get((await repo.list())[0].id))!;
    expect(saved.payload.project).toEqual(source);

    const exported = savedRunProject(saved, 'gru');
    if (!exported.ok) throw new Error(exported.problem.message);
    expect(exported.name).toMatch(/-gru-pytorch\.zip$/);
    const trained = saved.payload.weights.gru!;
    const expected = pytorchProject({
      runName: saved.name,
      ...source.models.gru!,
      ...projectData(data),
      season: 7,
      trainedWeights: trained,
      config: saved.config,
      forecastTime: source.forecastTime,
      refitMembers: REFIT_MEMBERS,
    });
    const files = unzip(exported.zip());
    expect([...files.keys()]).toEqual(expected.map((f) => f.path));
    for (const f of expected) expect(files.get(f.path), f.path).toEqual(f.data);
    const config = JSON.parse(new TextDecoder().decode(files.get('config.json')));
    expect(config.run).toBe(saved.name);
    expect(config.page).toEqual(saved.config);
    expect(config.forecast.time).toEqual(Array.from(futureTimes(data, 2)));
    expect(config.forecast.refitMembers).toBe(REFIT_MEMBERS);
    // a run saved before sources carried the number of refits forecast with one
    const { refitMembers: _, ...olderSource } = source;
    const older = savedRunProject({ ...saved, payload: { ...saved.payload, project: olderSource } }, 'gru');
    if (!older.ok) throw new Error(older.problem.message);
    const olderConfig = JSON.parse(new TextDecoder().decode(unzip(older.zip()).get('config.json')));
    expect(olderConfig.forecast.refitMembers).toBe(1);
    // the latest run exports the same project from the store (its name and page settings are the page's now)
    const latest = playground.getState().exportProject('gru');
    if (!latest.ok) throw new Error(latest.problem.message);
    expect(unzip(latest.zip()).get('initial.safetensors')).toEqual(files.get('initial.safetensors'));
  }, 120_000);

  test('a run saved without a project source says exactly what it lacks', () => {
    const old: SavedRun = makeRun('old', 1);
    const lacking = savedRunProject(old, 'lstm');
    expect(lacking.ok).toBe(false);
    if (lacking.ok) return;
    expect(lacking.problem).toMatchObject({
      kind: 'project-parts-missing',
      cell: 'lstm',
      missing: ['prepared-data', 'initial-weights'],
    });
    expect(lacking.problem.message).toBe(
      'The LSTM cannot be exported as a PyTorch project: this run does not hold the data as prepared (the cleaned ' +
        'series, its split rows and windows) and the weights the LSTM started from (runs saved by earlier versions ' +
        'of the page lack them). “Use these settings” and train it again to get a run that exports.',
    );
  });

  test('a run whose source lacks one network, or its trained weights, names that part', async () => {
    const data = await dataset();
    const run = makeRun('new', 2, ['lstm']);
    const model = {
      cell: 'lstm' as const,
      inputSize: 1,
      hiddenSize: 2,
      numLayers: 1,
      outputSize: 2,
      dropout: 0,
      seed: 1,
    };
    run.payload.project = {
      data: projectData(data),
      season: 7,
      models: {
        lstm: {
          model,
          optimizer: run.models[0].optimizer,
          loop: { batchSize: 8, epochs: 1, patience: 0 },
          initialWeights: initParams(model),
        },
      },
    };
    run.payload.weights = {};
    const noWeights = savedRunProject(run, 'lstm');
    expect(!noWeights.ok && noWeights.problem.missing).toEqual(['trained-weights']);
    expect(!noWeights.ok && noWeights.problem.message).toContain("the LSTM's trained weights");
    const noGru = savedRunProject(run, 'gru');
    expect(!noGru.ok && noGru.problem.missing).toEqual(['initial-weights', 'trained-weights']);
    run.payload.weights = { lstm: initParams(model) };
    expect(savedRunProject(run, 'lstm').ok).toBe(true);
  });
});
