// Resuming a saved run: the session builds each model from the weights it is given, when they fit.
import { describe, expect, it } from 'vitest';
import { paramCount } from '../../src/engine/layout';
import type { ModelConfig, OptimizerConfig } from '../../src/engine/types';
import type { FromWorker } from '../../src/worker/protocol';
import { type EngineProvider, TrainingSession } from '../../src/worker/session';
import { oneByOne, ScriptedModel, setup, sineData } from './sessionFixtures';

async function run(weights: { lstm?: Float32Array; gru?: Float32Array }) {
  const given: Record<string, Float32Array | undefined> = {};
  const engines: EngineProvider = oneByOne({
    async createModel(config: ModelConfig, optimizer: OptimizerConfig, w?: Float32Array) {
      given[config.cell] = w;
      return new ScriptedModel(config, optimizer, {}, w);
    },
    recover: async () => '',
  });
  const messages: FromWorker[] = [];
  const lstm = { ...setup('lstm', { epochs: 1 }), initialWeights: weights.lstm };
  const gru = { ...setup('gru', { epochs: 1 }), initialWeights: weights.gru };
  let t = 0;
  await new TrainingSession(1, sineData(), { lstm, gru }, engines, (m) => messages.push(m), {
    now: () => (t += 1),
    yieldToEvents: async () => {},
  }).run();
  return { given, messages };
}

describe('resuming from saved weights', () => {
  it('starts each model from its weights when they fit, and says so when they do not', async () => {
    const size = paramCount(setup('lstm').config);
    const fitting = Float32Array.from({ length: size }, (_, i) => i / size);
    const { given, messages } = await run({ lstm: fitting, gru: new Float32Array(3) });
    expect(given.lstm).toBe(fitting);
    expect(given.gru).toBeUndefined();
    const notices = messages.flatMap((m) => (m.type === 'notice' ? [m.failure] : []));
    expect(notices).toContainEqual({
      kind: 'weights-mismatch',
      model: 'gru',
      got: 3,
      needed: paramCount(setup('gru').config),
    });
  });
});
