import { describe, expect, it } from 'vitest';
import type { CellKind } from '../../src/engine/types';
import { testGpu } from './gpu';
import { type CaseShape, runRecurrenceCase } from './recurrenceCase';

// The recurrence kernels vs the Float64 reference (lstmForward/lstmBackward, gruForward/gruBackward).
// Error per element: |gpu − ref| / max(|ref|, floor), floor FORWARD_FLOOR / GRADIENT_FLOOR (forward 1e-2, gradients 1e-3).
// Tolerances: forward values (h, c, hn, gates) 1e-4; gate gradients (dgatesIn, dgatesHid) 1e-3.
const FORWARD_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;
const FORWARD_OUTPUTS = ['h', 'c', 'hn', 'gates'];

// Covers H ∈ {1, 3, 33, 64}, B ∈ {1, 7, 64}, T ∈ {1, 5, 32}: single-row and partial last tiles
// (33 units → 7 rows per workgroup, 64 rows → 10 workgroups), one step and long sequences.
const FUSED_SHAPES: CaseShape[] = [
  { T: 32, B: 7, H: 1 },
  { T: 5, B: 64, H: 3 },
  { T: 1, B: 7, H: 33 },
  { T: 32, B: 64, H: 33 },
  { T: 5, B: 1, H: 64 },
  { T: 32, B: 64, H: 64 },
];
// Both thread layouts on the same shapes: one row per thread on a large batch, four rows per thread on
// batches that leave phantom rows in the last tile (7 rows → tiles of 4; 1 row → one tile of 4).
const LAYOUT_CASES: (CaseShape & { rowsPerThread: 1 | 4 })[] = [
  { T: 32, B: 64, H: 64, rowsPerThread: 1 },
  { T: 5, B: 7, H: 33, rowsPerThread: 4 },
  { T: 5, B: 1, H: 3, rowsPerThread: 4 },
];
const STEP_SHAPES: CaseShape[] = [
  { T: 5, B: 7, H: 3 },
  { T: 1, B: 64, H: 1 },
  { T: 32, B: 1, H: 33 },
  { T: 5, B: 64, H: 64 },
];

function expectWithinTolerance(errors: Record<string, number>) {
  for (const [name, error] of Object.entries(errors)) {
    const tolerance = FORWARD_OUTPUTS.includes(name) ? FORWARD_TOLERANCE : GRADIENT_TOLERANCE;
    expect(error, `${name}: worst relative error ${error}`).toBeLessThanOrEqual(tolerance);
  }
}

describe.each<CellKind>(['lstm', 'gru'])('%s recurrence', (cell) => {
  it.each(FUSED_SHAPES)('fused kernel matches the reference for T=$T B=$B H=$H', async (shape) => {
    const { device } = await testGpu();
    const result = await runRecurrenceCase(device, cell, shape);
    expect(result.path).toBe('fused');
    expect(result.dispatchesForward).toBe(1);
    expect(result.dispatchesBackward).toBe(1);
    expectWithinTolerance(result.errors);
  });

  it.each(LAYOUT_CASES)(
    'fused kernel with $rowsPerThread row(s) per thread matches the reference for T=$T B=$B H=$H',
    async ({ rowsPerThread, ...shape }) => {
      const { device } = await testGpu();
      const result = await runRecurrenceCase(device, cell, shape, { rowsPerThread });
      expect(result.path).toBe('fused');
      expect(result.reason).toContain(`(${rowsPerThread} per thread)`);
      expectWithinTolerance(result.errors);
    },
  );

  it.each(STEP_SHAPES)('per-step fallback matches the reference for T=$T B=$B H=$H', async (shape) => {
    const { device } = await testGpu();
    const result = await runRecurrenceCase(device, cell, shape, { forcePath: 'per-step' });
    expect(result.path).toBe('per-step');
    expect(result.dispatchesForward).toBe(shape.T);
    expect(result.dispatchesBackward).toBe(shape.T);
    expectWithinTolerance(result.errors);
  });

  it('falls back to the per-step path by itself when H exceeds a workgroup, and stays correct', async () => {
    const { device } = await testGpu();
    const H = device.limits.maxComputeInvocationsPerWorkgroup + 1;
    const result = await runRecurrenceCase(device, cell, { T: 3, B: 2, H });
    expect(result.path).toBe('per-step');
    expect(result.reason).toMatch(/hidden size/);
    expectWithinTolerance(result.errors);
  });
});

describe('lstm recurrence with one gradient buffer for both sides', () => {
  it.each<'fused' | 'per-step'>(['fused', 'per-step'])(
    '%s path fills the shared buffer',
    async (forcePath) => {
      const { device } = await testGpu();
      const result = await runRecurrenceCase(
        device,
        'lstm',
        { T: 5, B: 7, H: 33 },
        { forcePath, sharedGradients: true },
      );
      expect(result.path).toBe(forcePath);
      expectWithinTolerance(result.errors);
    },
  );
});
