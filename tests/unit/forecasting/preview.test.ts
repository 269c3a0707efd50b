// Watching must not change what is watched: the forecast previews sent while the models train (predictions
// from the current weights at epoch ends) leave the training itself untouched, dropout's random draws included.
import { describe, expect, test } from 'vitest';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/config';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS } from '../../../src/data/types';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { modelSetup } from '../../../src/store/modelSettings';
import type { FromWorker, ModelResult } from '../../../src/worker/protocol';
import { TrainingSession } from '../../../src/worker/session';
import { oneByOne } from '../sessionFixtures';

const CSV = `y\n${Array.from({ length: 120 }, (_, t) => (0.2 * t + 3 * Math.sin(t / 2)).toFixed(4)).join('\n')}\n`;

async function train(previewMs: number) {
  const parsed = await parseCsvText(CSV);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const prepared = prepareDataset(
    parsed.table,
    { timeColumn: null, targets: ['y'], features: ['y'] },
    { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength: 8, horizon: 1, stride: 1 } },
  );
  if (!prepared.ok) throw new Error(prepared.error.message);
  // two layers with dropout between them, so a disturbed random stream would show in the weights
  const settings = { ...DEFAULT_MODEL_SETTINGS, numLayers: 2, hiddenSize: 6, dropout: 0.3, epochs: 4 };
  settings.batchSize = 16;
  const shape = { inputSize: 1, outputSize: 1 };
  const messages: FromWorker[] = [];
  let clock = 0;
  await new TrainingSession(
    1,
    prepared.dataset,
    { lstm: modelSetup('lstm', settings, shape), gru: modelSetup('gru', settings, shape) },
    oneByOne({ createModel: async (c, o, w) => createCpuModel(c, o, w), recover: async () => '' }),
    (m) => messages.push(m),
    { now: () => (clock += 1), yieldToEvents: async () => {}, previewMs, backtest: false },
    { season: 0, forecastSteps: 3 },
  ).run();
  const results = messages.flatMap((m) => (m.type === 'result' ? [m.result] : [])) as ModelResult[];
  const previews = messages.filter((m) => m.type === 'forecast-preview').length;
  return { results, previews };
}

describe('forecast previews', () => {
  test('a run with a preview at every epoch ends with the same weights, losses and forecast as one without', async () => {
    const watched = await train(1);
    const unwatched = await train(0);
    expect(watched.previews).toBe(6); // epochs 1–3 of each model; the 4th ends in its result
    expect(unwatched.previews).toBe(0);
    for (const cell of ['lstm', 'gru'] as const) {
      const a = watched.results.find((r) => r.model === cell)!;
      const b = unwatched.results.find((r) => r.model === cell)!;
      expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
      expect(a.bestVal).toBe(b.bestVal);
      expect(Array.from(a.forecast)).toEqual(Array.from(b.forecast));
    }
  });
});
