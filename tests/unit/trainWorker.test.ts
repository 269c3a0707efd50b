// The training worker's message loop posts failures as data: a data error as src/data made it, the CPU
// engine as a 'no-webgpu' notice, an unexpected crash of the run as 'training-failed'.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREPARE_OPTIONS,
  type ParsedTable,
  type PreparedDataset,
  type PrepareOutcome,
} from '../../src/data/types';
import type { StartRequest, ToWorker, WorkerMessage } from '../../src/worker/protocol';
import { runTrainingWorker, type WorkerScope } from '../../src/worker/trainWorkerMain';
import { setup, sineData } from './sessionFixtures';

const TABLE = { rowCount: 0 } as unknown as ParsedTable;

function startWorker(
  prepare: () => PrepareOutcome,
  before: (send: (m: ToWorker) => void) => void = tableFirst,
) {
  const sent: WorkerMessage[] = [];
  const scope: WorkerScope = { postMessage: (m) => sent.push(m), onmessage: null };
  runTrainingWorker(scope, {
    prepare,
    summarise: () => ({
      outcome: { ok: false, error: { kind: 'no-data-rows', message: 'none' } },
      suggestion: null,
    }),
    gpuFactory: null,
    gpuModelsFactory: null,
    probeGpu: async () => ({
      state: 'unavailable',
      error: { kind: 'no-webgpu', message: 'no adapter here' },
    }),
  });
  const send = (m: ToWorker) => scope.onmessage?.({ data: m } as MessageEvent<ToWorker>);
  before(send);
  const request = {
    type: 'start',
    runId: 4,
    tableId: 1,
    season: 0,
    forecastSteps: 2,
    engine: 'cpu',
    models: { lstm: setup('lstm', { epochs: 1 }), gru: setup('gru', { epochs: 1 }) },
  } as unknown as StartRequest;
  send(request);
  const ended = async () => {
    for (let i = 0; i < 500 && !sent.some((m) => m.type === 'finished' || m.type === 'failed'); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    return sent;
  };
  return { done: ended(), send, sent };
}

function tableFirst(send: (m: ToWorker) => void) {
  send({ type: 'table', id: 1, table: TABLE });
}

describe('training worker', () => {
  it('posts a data error exactly as prepareDataset made it', async () => {
    const error = {
      kind: 'too-few-rows',
      needed: 40,
      got: 12,
      split: 'train',
      message: 'The training part has 12 rows; a window needs 40.',
    } as const;
    const sent = await startWorker(() => ({ ok: false, error })).done;
    expect(sent).toEqual([{ type: 'failed', runId: 4, error }]);
  });

  it('says why it trains on the CPU engine as a no-webgpu notice, then trains', async () => {
    const sent = await startWorker(() => ({ ok: true, dataset: sineData() as PreparedDataset })).done;
    expect(sent[0]).toEqual({
      type: 'notice',
      runId: 4,
      failure: { kind: 'no-webgpu', reason: 'the CPU engine was chosen' },
    });
    expect(sent.at(-1)).toEqual({ type: 'finished', runId: 4, stopped: false });
  });

  it('holds the table: a start sent before its table arrives waits for it; a replaced one is refused', async () => {
    const waiting = startWorker(
      () => ({ ok: true, dataset: sineData() as PreparedDataset }),
      () => {},
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waiting.sent).toEqual([]);
    waiting.send({ type: 'table', id: 1, table: TABLE });
    expect((await waiting.done).at(-1)).toEqual({ type: 'finished', runId: 4, stopped: false });

    const replaced = startWorker(
      () => ({ ok: true, dataset: sineData() as PreparedDataset }),
      (send) => send({ type: 'table', id: 2, table: TABLE }),
    );
    const sent = await replaced.done;
    expect(sent).toEqual([
      {
        type: 'failed',
        runId: 4,
        error: {
          kind: 'training-failed',
          model: null,
          message: 'The data was replaced by a newer file while this run was starting; train again.',
        },
      },
    ]);
  });

  it('answers a preparation request with its summary, by sequence number', async () => {
    const { send, sent, done } = startWorker(() => ({
      ok: false,
      error: { kind: 'no-data-rows', message: 'x' },
    }));
    await done;
    send({
      type: 'prepare',
      seq: 9,
      tableId: 1,
      roles: { timeColumn: null, targets: [], features: [] },
      options: DEFAULT_PREPARE_OPTIONS,
      suggest: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent.at(-1)).toEqual({
      type: 'prepared',
      seq: 9,
      answer: { outcome: { ok: false, error: { kind: 'no-data-rows', message: 'none' } }, suggestion: null },
    });
  });

  it('answers the status panel’s GPU probe itself, after the run it may be queued behind', async () => {
    const { send, sent, done } = startWorker(() => ({
      ok: false,
      error: { kind: 'no-data-rows', message: 'x' },
    }));
    send({ type: 'probe-gpu' });
    await done;
    for (let i = 0; i < 100 && !sent.some((m) => m.type === 'gpu-status'); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent.at(-1)).toEqual({
      type: 'gpu-status',
      result: { state: 'unavailable', error: { kind: 'no-webgpu', message: 'no adapter here' } },
    });
  });

  it('turns an unexpected error of the run into training-failed with its message', async () => {
    const broken = Object.defineProperty(sineData(), 'featureIndex', {
      get() {
        throw new Error('no features');
      },
    });
    const sent = await startWorker(() => ({ ok: true, dataset: broken as PreparedDataset })).done;
    expect(sent.at(-1)).toEqual({
      type: 'failed',
      runId: 4,
      error: { kind: 'training-failed', model: null, message: 'no features' },
    });
  });
});
