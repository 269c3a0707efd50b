// A model's samples/s leaves out its first step, which on WebGPU also compiles the kernels.
import { describe, expect, it } from 'vitest';
import { Trainee } from '../../src/worker/trainee';
import { ScriptedModel, setup, sineData } from './sessionFixtures';

describe('Trainee samples/s', () => {
  it('counts the steps after the first: a slow first step does not swamp a short run', async () => {
    let clock = 0;
    const lstm = setup('lstm');
    // the first step takes 1 s (compiling), every later one 10 ms
    const model = new ScriptedModel(lstm.config, lstm.optimizer, {
      trainLoss: (step) => {
        clock += step === 0 ? 1000 : 10;
        return 1;
      },
    });
    const trainee = new Trainee('lstm', lstm, model, sineData(), () => clock);
    await trainee.trainStep();
    // one step: all there is
    expect(trainee.trainingSummary().samplesPerSec).toBeCloseTo((8 / 1000) * 1000, 9);
    for (let i = 0; i < 4; i++) await trainee.trainStep();
    // four steps of 8 windows in 40 ms; the time spent training still counts every step
    expect(trainee.trainingSummary().samplesPerSec).toBeCloseTo(((4 * 8) / 40) * 1000, 9);
    expect(trainee.trainingSummary().trainMs).toBe(1040);
  });
});
