import { describe, expect, it } from 'vitest';
import { paramLayout } from '../../../src/engine/layout';
import { dropoutMask, forwardBackward, initParams, predictBatch } from '../../../src/engine/reference/model';
import type { CellKind, ModelConfig } from '../../../src/engine/types';
import { FD_TOLERANCE, numericGrad, randomArray, relError } from './gradcheck';

const [T, B, F, H] = [5, 4, 2, 3];

interface Case {
  cell: CellKind;
  layers: number;
  outputSize: number;
  dropout: number;
}

const cases: Case[] = [];
for (const cell of ['lstm', 'gru'] as const) {
  for (const layers of [1, 2]) {
    cases.push({ cell, layers, outputSize: 1, dropout: 0 });
    cases.push({ cell, layers, outputSize: 3, dropout: 0 }); // horizon 3, one target
  }
  cases.push({ cell, layers: 2, outputSize: 2, dropout: 0.4 });
}

function config(c: Case): ModelConfig {
  return {
    cell: c.cell,
    inputSize: F,
    hiddenSize: H,
    numLayers: c.layers,
    outputSize: c.outputSize,
    dropout: c.dropout,
    seed: 5,
  };
}

describe.each(cases)('$cell, $layers layer(s), O=$outputSize, dropout $dropout', (c) => {
  const cfg = config(c);
  // Larger than the default init so every gate works away from its linear region.
  const params = randomArray(initParams(cfg).length, 60, 0.7);
  const x = randomArray(B * T * F, 61); // (B, T, F)
  const y = randomArray(B * c.outputSize, 62); // (B, O)
  const batch = { x, y, batchSize: B, timeSteps: T };
  // training with a fixed step: the dropout mask is the same on every call, so the loss is smooth.
  const opts = { training: true, step: 7 };
  const loss = () => forwardBackward(params, cfg, batch, opts).loss;
  const result = forwardBackward(params, cfg, batch, opts);

  it.each(paramLayout(cfg).map((t) => [t.name, t] as const))(
    '%s gradient matches central differences',
    (_n, t) => {
      const slice = params.subarray(t.offset, t.offset + t.size);
      const numeric = numericGrad(loss, slice);
      const analytic = result.grads.subarray(t.offset, t.offset + t.size);
      expect(relError(analytic, numeric)).toBeLessThanOrEqual(FD_TOLERANCE);
    },
  );

  it('input gradient matches central differences', () => {
    expect(relError(result.dx, numericGrad(loss, x))).toBeLessThanOrEqual(FD_TOLERANCE);
  });

  it('prediction ignores dropout outside training', () => {
    const pred = predictBatch(params, cfg, x, B, T);
    const evalRun = forwardBackward(params, cfg, batch);
    expect(relError(pred, evalRun.pred)).toBe(0);
    const differs = relError(pred, result.pred) > 0;
    expect(differs).toBe(c.dropout > 0 && c.layers > 1);
  });
});

describe('dropout mask', () => {
  it('drops about p of the units, scales the rest by 1/(1−p), and changes with step and layer', () => {
    const p = 0.3;
    const mask = dropoutMask(9, 1, 0, 20000, p);
    const dropped = mask.filter((m) => m === 0).length / mask.length;
    expect(dropped).toBeGreaterThan(0.28);
    expect(dropped).toBeLessThan(0.32);
    expect(mask.every((m) => m === 0 || m === 1 / (1 - p))).toBe(true);
    expect(dropoutMask(9, 1, 0, 100, p)).toEqual(mask.subarray(0, 100));
    expect(dropoutMask(9, 2, 0, 100, p)).not.toEqual(mask.subarray(0, 100));
    expect(dropoutMask(9, 1, 1, 100, p)).not.toEqual(mask.subarray(0, 100));
  });
});

describe('initParams', () => {
  const cfg = config({ cell: 'lstm', layers: 2, outputSize: 2, dropout: 0 });

  it('reproduces bit for bit from the seed, and another seed differs', () => {
    const a = initParams(cfg);
    const b = initParams(cfg);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = initParams({ ...cfg, seed: cfg.seed + 1 });
    expect(c.some((v, i) => v !== a[i])).toBe(true);
  });

  it('draws every tensor from uniform(−1/√H, 1/√H)', () => {
    const bigH = { ...cfg, hiddenSize: 16 };
    const params = initParams(bigH);
    const bound = 1 / Math.sqrt(16);
    expect(params.every((v) => Math.abs(v) <= bound)).toBe(true);
    for (const t of paramLayout(bigH)) {
      const slice = params.subarray(t.offset, t.offset + t.size);
      expect(Math.max(...slice.map(Math.abs)), t.name).toBeGreaterThan(bound * 0.5);
    }
  });
});

describe('predictBatch', () => {
  it('predicts large batches in row blocks with the same result as one whole-batch pass', () => {
    const cfg = config({ cell: 'gru', layers: 2, outputSize: 2, dropout: 0.5 });
    const params = Float64Array.from(initParams(cfg));
    const rows = 600; // more than two blocks, the last one partial
    const x = randomArray(rows * T * F, 70);
    const whole = forwardBackward(params, cfg, {
      x,
      y: new Float64Array(rows * 2),
      batchSize: rows,
      timeSteps: T,
    });
    expect(relError(predictBatch(params, cfg, x, rows, T), whole.pred)).toBeLessThanOrEqual(1e-15);
  });
});
