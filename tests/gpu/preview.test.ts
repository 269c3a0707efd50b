// On the WebGPU engine too, watching must not change what is watched: forecast previews made between training
// steps (predictions through the same buffers, at epoch ends) leave every weight exactly as a run without them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SETTINGS } from '../../src/config';
import { createGpuModel } from '../../src/engine/gpu/model';
import { Scheduler } from '../../src/engine/gpu/scheduler';
import { modelSetup } from '../../src/store/modelSettings';
import type { FromWorker, ModelResult } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session';
import { preparedSeries } from '../unit/seriesFixture';
import { oneByOne } from '../unit/sessionFixtures';
import { testGpu } from './gpu';

const series = Array.from({ length: 120 }, (_, t) => 10 + 0.1 * t + 3 * Math.sin(t / 2));

async function train(previewMs: number) {
  const gpu = await testGpu();
  const scheduler = new Scheduler(gpu.device);
  const data = await preparedSeries(series, 1, 8);
  // two layers with dropout between them: the kernels draw it from the step, which previews must not move
  const settings = { ...DEFAULT_MODEL_SETTINGS, numLayers: 2, hiddenSize: 8, dropout: 0.3, epochs: 4 };
  settings.batchSize = 16;
  const shape = { inputSize: 1, outputSize: 1 };
  const messages: FromWorker[] = [];
  let clock = 0;
  await new TrainingSession(
    1,
    data,
    { lstm: modelSetup('lstm', settings, shape), gru: modelSetup('gru', settings, shape) },
    oneByOne({
      createModel: (c, o, w) => createGpuModel(gpu, c, o, w, { scheduler }),
      recover: async () => 'not used',
    }),
    (m) => messages.push(m),
    { now: () => (clock += 1), yieldToEvents: async () => {}, previewMs, backtest: false },
    { season: 0, forecastSteps: 3 },
  ).run();
  const results = messages.flatMap((m) => (m.type === 'result' ? [m.result] : [])) as ModelResult[];
  return { results, previews: messages.filter((m) => m.type === 'forecast-preview').length };
}

describe('forecast previews on the WebGPU engine', () => {
  it('a run with a preview at every epoch ends with the same weights and forecast as one without', async () => {
    const watched = await train(1);
    const unwatched = await train(0);
    expect(watched.previews).toBe(6);
    expect(unwatched.previews).toBe(0);
    for (const cell of ['lstm', 'gru'] as const) {
      const a = watched.results.find((r) => r.model === cell)!;
      const b = unwatched.results.find((r) => r.model === cell)!;
      expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
      expect(Array.from(a.forecast)).toEqual(Array.from(b.forecast));
    }
  }, 120_000);
});
