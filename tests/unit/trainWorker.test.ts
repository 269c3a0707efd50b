// The training worker's message loop posts failures as data: a data error as src/data made it, the CPU
// engine as a 'no-webgpu' notice, an unexpected crash of the run as 'training-failed'.
import { describe, expect, it } from 'vitest';
import type { PreparedDataset, PrepareOutcome } from '../../src/data/types';
import type { FromWorker, StartRequest, ToWorker } from '../../src/worker/protocol';
import { runTrainingWorker, type WorkerScope } from '../../src/worker/trainWorkerMain';
import { setup, sineData } from './sessionFixtures';

function startWorker(prepare: () => PrepareOutcome) {
  const sent: FromWorker[] = [];
  const scope: WorkerScope = { postMessage: (m) => sent.push(m), onmessage: null };
  runTrainingWorker(scope, { prepare, gpuFactory: null });
  const request = {
    type: 'start',
    runId: 4,
    season: 0,
    forecastSteps: 2,
    engine: 'cpu',
    models: { lstm: setup('lstm', { epochs: 1 }), gru: setup('gru', { epochs: 1 }) },
  } as unknown as StartRequest;
  scope.onmessage?.({ data: request } as MessageEvent<ToWorker>);
  const ended = async () => {
    for (let i = 0; i < 500 && !sent.some((m) => m.type === 'finished' || m.type === 'failed'); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    return sent;
  };
  return ended();
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
    const sent = await startWorker(() => ({ ok: false, error }));
    expect(sent).toEqual([{ type: 'failed', runId: 4, error }]);
  });

  it('says why it trains on the CPU engine as a no-webgpu notice, then trains', async () => {
    const sent = await startWorker(() => ({ ok: true, dataset: sineData() as PreparedDataset }));
    expect(sent[0]).toEqual({
      type: 'notice',
      runId: 4,
      failure: { kind: 'no-webgpu', reason: 'the CPU engine was chosen' },
    });
    expect(sent.at(-1)).toEqual({ type: 'finished', runId: 4, stopped: false });
  });

  it('turns an unexpected error of the run into training-failed with its message', async () => {
    const broken = Object.defineProperty(sineData(), 'featureIndex', {
      get() {
        throw new Error('no features');
      },
    });
    const sent = await startWorker(() => ({ ok: true, dataset: broken as PreparedDataset }));
    expect(sent.at(-1)).toEqual({
      type: 'failed',
      runId: 4,
      error: { kind: 'training-failed', model: null, message: 'no features' },
    });
  });
});
