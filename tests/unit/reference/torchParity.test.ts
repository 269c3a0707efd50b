// Parity with PyTorch (float64) on fixtures written by scripts/fixtures/torch_parity.py:
// outputs, loss, every gradient, and the weights after Adam, SGD-momentum, RMSprop and clipped steps.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paramLayout } from '../../../src/engine/layout';
import { CpuModel } from '../../../src/engine/reference/cpuModel';
import { forwardBackward } from '../../../src/engine/reference/model';
import type { ModelConfig, OptimizerConfig } from '../../../src/engine/types';
import { relError } from './gradcheck';

/** Required agreement: max|ours − torch| / max|torch| per tensor. */
const TOLERANCE = 1e-5;

interface Run {
  optimizer: OptimizerConfig;
  steps: number;
  losses: number[];
  gradNorms: number[];
  paramsAfter: number[];
}

interface Fixture {
  config: ModelConfig;
  T: number;
  B: number;
  names: string[];
  params: number[];
  x: number[];
  y: number[];
  pred: number[];
  loss: number;
  grads: number[];
  dx: number[];
  runs: Record<string, Run>;
}

const files = ['lstm_l1', 'lstm_l2', 'gru_l1', 'gru_l2'];

describe.each(files)('PyTorch parity: %s', (file) => {
  const fx: Fixture = JSON.parse(
    readFileSync(new URL(`../../fixtures/torch/${file}.json`, import.meta.url), 'utf8'),
  );
  const params = Float64Array.from(fx.params);
  const batch = { x: fx.x, y: fx.y, batchSize: fx.B, timeSteps: fx.T };
  const layout = paramLayout(fx.config);
  const ours = forwardBackward(params, fx.config, batch);

  it('uses the same parameter names and order', () => {
    expect(layout.map((t) => t.name)).toEqual(fx.names);
    expect(params.length).toBe(layout[layout.length - 1].offset + layout[layout.length - 1].size);
  });

  it('matches the prediction and the loss', () => {
    expect(relError(ours.pred, fx.pred)).toBeLessThanOrEqual(TOLERANCE);
    expect(relError([ours.loss], [fx.loss])).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(layout.map((t) => [t.name, t] as const))('matches the %s gradient', (_n, t) => {
    const end = t.offset + t.size;
    expect(relError(ours.grads.subarray(t.offset, end), fx.grads.slice(t.offset, end))).toBeLessThanOrEqual(
      TOLERANCE,
    );
  });

  it('matches the input gradient', () => {
    expect(relError(ours.dx, fx.dx)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(Object.keys(fx.runs))('matches losses and weights over %s steps', (name) => {
    const run = fx.runs[name];
    const model = new CpuModel(fx.config, run.optimizer, params);
    const losses: number[] = [];
    const norms: number[] = [];
    for (let s = 0; s < run.steps; s++) {
      const r = model.trainStepNow(batch);
      losses.push(r.loss);
      norms.push(r.gradNorm);
    }
    expect(relError(losses, run.losses)).toBeLessThanOrEqual(TOLERANCE);
    if (run.gradNorms.length > 0) expect(relError(norms, run.gradNorms)).toBeLessThanOrEqual(TOLERANCE);
    const after = model.weights64();
    // Compare the change too: the weights alone would hide an update that is wrong but small.
    const delta = after.map((v, i) => v - params[i]);
    const torchDelta = run.paramsAfter.map((v, i) => v - params[i]);
    expect(relError(delta, torchDelta)).toBeLessThanOrEqual(TOLERANCE);
    for (const t of layout) {
      const end = t.offset + t.size;
      expect(
        relError(after.subarray(t.offset, end), run.paramsAfter.slice(t.offset, end)),
        t.name,
      ).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
