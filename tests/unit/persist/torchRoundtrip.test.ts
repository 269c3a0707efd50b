// The export loads in PyTorch and reproduces the page's predictions: this test writes .safetensors files with
// the project's exporter and the CPU reference's predictBatch output, then runs scripts/torch_roundtrip.py
// (torch.nn.LSTM / nn.GRU + nn.Linear, strict load_state_dict) on them with Debian's python3-torch.
// Without torch the test fails, unless SKIP_TORCH=1 is set, which skips it with a printed reason.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOutputs, encodeInputs } from '../../../src/data/formulation';
import { makeScaler } from '../../../src/data/scaler';
import type { ScalerParams } from '../../../src/data/types';
import { mulberry32 } from '../../../src/engine/random';
import { initParams, predictBatch } from '../../../src/engine/reference/model';
import type { CellKind, ModelConfig } from '../../../src/engine/types';
import { exportModelSafetensors } from '../../../src/persist/modelExport';
import { defaultTrainingConfig } from '../../../src/persist/trainingConfig';

const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const TOLERANCE = 1e-5;

const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
const torchVersion = probe.status === 0 ? probe.stdout.trim() : null;
const skip = torchVersion === null && process.env.SKIP_TORCH === '1';
if (skip) {
  console.warn(
    `[torch round-trip] SKIPPED: SKIP_TORCH=1 and ${PYTHON} cannot import torch (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}).`,
  );
}

function caseFor(cell: CellKind) {
  // Two layers, several features and a multi-step head, so every tensor's orientation matters.
  const model: ModelConfig = {
    cell,
    inputSize: 3,
    hiddenSize: 6,
    numLayers: 2,
    outputSize: 4,
    dropout: 0.2, // training only: predictions run with dropout off on both sides
    seed: cell === 'lstm' ? 11 : 12,
  };
  const weights = initParams(model);
  // Move the weights away from the symmetric initial range so biases and head carry real information.
  const rand = mulberry32(99);
  for (let i = 0; i < weights.length; i++) weights[i] += (rand() - 0.5) * 0.6;
  const B = 5;
  const T = 9;
  const x = new Float32Array(B * T * model.inputSize).map(() => (rand() - 0.5) * 3); // (B, T, F)
  const pred = predictBatch(Float64Array.from(weights), model, x, B, T); // (B, O)
  return { model, weights, x, B, T, pred };
}

const SCALER = { kind: 'standard' as const, columns: ['a', 'b', 'y'], offset: [0, 1, 2], scale: [1, 2, 3] };

const PIPELINE_SCALER = {
  kind: 'standard' as const,
  columns: ['a', 'b', 'y', 'month of year (sin)'],
  offset: [0, 1, 2, 0],
  scale: [1, 2, 3, 1],
};
/** The GRU's pipeline also takes logs of the series columns first (the 'log' transform). */
const PIPELINE_SCALERS: Record<CellKind, ScalerParams> = {
  lstm: PIPELINE_SCALER,
  gru: {
    ...PIPELINE_SCALER,
    offset: [2, 2.5, 2.7, 0],
    scale: [0.5, 0.4, 0.3, 1],
    log: [true, true, true, false],
  },
};
const PIPELINE_FEATURES = [0, 2, 3]; // inputs a, y and a calendar column; the target is y
const PIPELINE_TARGETS = [2];

/**
 * The page's whole path for the same model: windows in original units → (logs, for the GRU) → scaler → 'change' formulation
 * (series columns relative to their last value, the calendar column left as it is) → predictBatch → anchors
 * added back → unscaled.
 */
function pipelineCase(cell: CellKind) {
  const c = caseFor(cell);
  const scaler = makeScaler(PIPELINE_SCALERS[cell]);
  const { B, T } = c;
  const F = PIPELINE_FEATURES.length;
  const rand = mulberry32(cell === 'lstm' ? 5 : 6);
  const raw = Float64Array.from({ length: B * T * F }, (_, i) =>
    i % F === 2 ? Math.sin(i / 7) : 10 + (i % F) * 5 + (rand() - 0.5) * 8,
  );
  const column = (i: number) => PIPELINE_FEATURES[i % F];
  const x = Float32Array.from(raw, (v, i) => scaler.transform(column(i), [v])[0]); // scaled levels (B, T, F)
  const anchors = Float32Array.from({ length: B }, (_, b) => x[(b * T + T - 1) * F + 1]); // y, (B, K=1)
  encodeInputs('change', x, B, T, F, [true, true, false]);
  const out = Float64Array.from(predictBatch(Float64Array.from(c.weights), c.model, x, B, T)); // (B, 4)
  decodeOutputs('change', out, anchors, 1);
  const pred = Array.from(scaler.inverse(2, out));
  return { ...c, raw, pred };
}

describe('PyTorch round-trip of the exported weights', () => {
  it.skipIf(skip)(
    'torch.nn.LSTM / nn.GRU + nn.Linear loaded from the export reproduce predictBatch, and the page pipeline (log transform, scaler, change formulation, a calendar input), to 1e-5',
    () => {
      if (torchVersion === null) {
        throw new Error(
          `PyTorch is not available: ${PYTHON} cannot import torch. Install it with "apt-get install python3-torch" ` +
            '(scripts/ensure-system-deps.sh does this), or set SKIP_TORCH=1 to skip this test.',
        );
      }
      const dir = mkdtempSync(join(tmpdir(), 'forecast-lab-torch-'));
      try {
        for (const cell of ['lstm', 'gru'] as const) {
          const c = caseFor(cell);
          const bytes = exportModelSafetensors(c.weights, {
            model: c.model,
            config: defaultTrainingConfig(),
            scaler: SCALER,
          });
          writeFileSync(join(dir, `${cell}.safetensors`), bytes);
          writeFileSync(
            join(dir, `${cell}.expected.json`),
            JSON.stringify({ x: [...c.x], B: c.B, T: c.T, F: c.model.inputSize, pred: [...c.pred] }),
          );
          // the same weights through the page's pipeline: scaler and 'change' formulation read from the file
          const p = pipelineCase(cell);
          const config = defaultTrainingConfig();
          config.data.prepare.formulation = 'change';
          writeFileSync(
            join(dir, `pipeline-${cell}.safetensors`),
            exportModelSafetensors(p.weights, { model: p.model, config, scaler: PIPELINE_SCALERS[cell] }),
          );
          writeFileSync(
            join(dir, `pipeline-${cell}.expected.json`),
            JSON.stringify({
              raw: [...p.raw],
              features: PIPELINE_FEATURES,
              targets: PIPELINE_TARGETS,
              B: p.B,
              T: p.T,
              F: 3,
              pred: p.pred,
            }),
          );
        }
        const run = spawnSync(PYTHON, ['scripts/torch_roundtrip.py', dir, '--tol', String(TOLERANCE)], {
          encoding: 'utf8',
          timeout: 170_000,
        });
        const report = run.stdout
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { cell: string; values: number; max_abs_diff: number });
        console.log(`[torch round-trip] torch ${torchVersion}: ${run.stdout.trim().replace(/\n/g, ' ')}`);
        expect(run.stderr.includes('Error') ? run.stderr : '').toBe('');
        expect(report.map((r) => r.cell)).toEqual(['gru', 'lstm', 'pipeline-gru', 'pipeline-lstm']);
        for (const r of report) {
          expect(r.values).toBe(5 * 4);
          expect(r.max_abs_diff).toBeLessThanOrEqual(TOLERANCE);
        }
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
