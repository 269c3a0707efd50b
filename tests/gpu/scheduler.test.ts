import { describe, expect, it } from 'vitest';
import { createGpuModel } from '../../src/engine/gpu/model';
import { Scheduler } from '../../src/engine/gpu/scheduler';
import { mulberry32 } from '../../src/engine/random';
import { CpuModel } from '../../src/engine/reference/cpuModel';
import { initParams } from '../../src/engine/reference/model';
import { type Batch, type CellKind, DEFAULT_OPTIMIZER, type ModelConfig } from '../../src/engine/types';
import { testGpu } from './gpu';
import { relError } from './harness';

// Scheduling: dispatches per step do not grow with T; the W1 model records its whole step in at most
// 24 dispatches and exactly one submit; two models share one submit per joint step and still match
// the reference (losses 1e-3 relative).

function batchFor(B: number, T: number, F: number, O: number, seed = 1): Batch {
  const rand = mulberry32(seed);
  return {
    x: Float32Array.from({ length: B * T * F }, () => rand() * 2 - 1),
    y: Float32Array.from({ length: B * O }, () => rand()),
    batchSize: B,
    timeSteps: T,
  };
}

function configFor(cell: CellKind, F: number, H: number, L: number): ModelConfig {
  return { cell, inputSize: F, hiddenSize: H, numLayers: L, outputSize: 1, dropout: 0, seed: 3 };
}

describe.each(['lstm', 'gru'] as CellKind[])('dispatch budget (%s)', (cell) => {
  it('is the same for T = 8 and T = 64', async () => {
    const gpu = await testGpu();
    const model = await createGpuModel(gpu, configFor(cell, 1, 8, 2), DEFAULT_OPTIMIZER);
    expect(model.info.path).toBe('fused'); // planned before the first step
    expect(model.info.dispatchesPerStep).toBe(0); // measured: nothing recorded yet
    await model.trainStep(batchFor(3, 8, 1, 1));
    const short = model.info.dispatchesPerStep;
    await model.trainStep(batchFor(3, 64, 1, 1));
    expect(model.info.path).toBe('fused');
    expect(model.info.dispatchesPerStep).toBe(short);
    expect(short).toBe(5 * 2 + 2); // per layer 2 forward + 3 backward (no dX for layer 0), head, norm, optimiser − 1
    model.dispose();
  });

  it('W1 (T=32, F=1, 2×64, B=64): ≤ 24 dispatches and exactly 1 submit per step', async () => {
    const gpu = await testGpu();
    const model = await createGpuModel(gpu, configFor(cell, 1, 64, 2), DEFAULT_OPTIMIZER);
    const submitsBefore = model.scheduler.submits;
    const batch = batchFor(64, 32, 1, 1);
    const started = performance.now();
    const result = await model.trainStep(batch);
    const ms = performance.now() - started;
    console.log(
      `W1 ${cell}: ${model.info.dispatchesPerStep} dispatches/step, ${ms.toFixed(0)} ms/step incl. pipeline creation`,
    );
    expect(model.scheduler.submits - submitsBefore).toBe(1);
    expect(model.info.submitsPerStep).toBe(1);
    expect(model.info.dispatchesPerStep).toBeLessThanOrEqual(24);
    expect(Number.isFinite(result.loss)).toBe(true);
    model.dispose();
  });
});

describe('two models interleaved', () => {
  it('record an LSTM and a GRU step into one submit and both match the reference', async () => {
    const gpu = await testGpu();
    const scheduler = new Scheduler(gpu.device);
    const lstmConfig = configFor('lstm', 2, 5, 2);
    const gruConfig = configFor('gru', 2, 6, 1);
    const opt = { ...DEFAULT_OPTIMIZER, lr: 0.01 };
    const lstm = await createGpuModel(gpu, lstmConfig, opt, initParams(lstmConfig), { scheduler });
    const gru = await createGpuModel(gpu, gruConfig, opt, initParams(gruConfig), { scheduler });
    const cpuLstm = new CpuModel(lstmConfig, opt, initParams(lstmConfig));
    const cpuGru = new CpuModel(gruConfig, opt, initParams(gruConfig));
    const batches = [batchFor(4, 6, 2, 1, 1), batchFor(4, 6, 2, 1, 2)];
    const pending = [];
    for (let s = 0; s < 6; s++) {
      const batch = batches[s % 2];
      pending.push(
        ...scheduler.step([
          { model: lstm, batch },
          { model: gru, batch },
        ]),
      );
    }
    const results = await Promise.all(pending);
    expect(scheduler.submits).toBe(6);
    const cpuLosses = [];
    for (let s = 0; s < 6; s++) {
      cpuLosses.push(cpuLstm.trainStepNow(batches[s % 2]).loss, cpuGru.trainStepNow(batches[s % 2]).loss);
    }
    expect(
      relError(
        results.map((r) => r.loss),
        cpuLosses,
      ),
    ).toBeLessThanOrEqual(1e-3);
    lstm.dispose();
    gru.dispose();
  });

  it('join steps requested in one tick into one submit, never a model twice, and keep call order', async () => {
    const gpu = await testGpu();
    const scheduler = new Scheduler(gpu.device);
    const opt = { ...DEFAULT_OPTIMIZER, lr: 0.01 };
    const lstmConfig = configFor('lstm', 1, 4, 1);
    const gruConfig = configFor('gru', 1, 5, 1);
    const lstm = await createGpuModel(gpu, lstmConfig, opt, initParams(lstmConfig), { scheduler });
    const gru = await createGpuModel(gpu, gruConfig, opt, initParams(gruConfig), { scheduler });
    const cpuLstm = new CpuModel(lstmConfig, opt, initParams(lstmConfig));
    const cpuGru = new CpuModel(gruConfig, opt, initParams(gruConfig));
    const [b1, b2] = [batchFor(3, 4, 1, 1, 5), batchFor(3, 4, 1, 1, 6)];

    // What a training loop does: each model's trainStep in the same tick.
    const lstmFirst = lstm.trainStep(b1);
    const gruFirst = gru.trainStep(b1);
    // The same model twice needs a second submit; the GRU's evaluate must see its step before it.
    const again = lstm.trainStep(b2);
    const gruVal = gru.evaluate(b2);
    const gruLate = gru.trainStep(b2);
    const [l1, g1, l2, gVal, g2] = await Promise.all([lstmFirst, gruFirst, again, gruVal, gruLate]);
    expect(scheduler.submits).toBe(3);

    const expected = [
      cpuLstm.trainStepNow(b1).loss,
      cpuGru.trainStepNow(b1).loss,
      cpuLstm.trainStepNow(b2).loss,
      await cpuGru.evaluate(b2),
      cpuGru.trainStepNow(b2).loss,
    ];
    expect(relError([l1.loss, g1.loss, l2.loss, gVal, g2.loss], expected)).toBeLessThanOrEqual(1e-3);
    lstm.dispose();
    gru.dispose();
  });
});
