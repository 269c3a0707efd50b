import { describe, expect, it } from 'vitest';
import type { RecurrenceLayout, RecurrenceOptions } from '../../src/engine/gpu/recurrence';
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
// Both thread layouts on shapes the default plan would give the other one: one (row, unit) per thread on a large
// batch; 4 rows × 4 units per thread on batches and hidden sizes that leave phantom rows and units in the last
// block (7 rows → tiles of 4; 1 row → one tile of 4; 33 units → 9 blocks of 4; 1 unit → 3 phantom units).
const LAYOUT_CASES: (CaseShape & { layout: RecurrenceLayout })[] = [
  { T: 32, B: 64, H: 64, layout: 'rows1' },
  { T: 5, B: 7, H: 33, layout: 'blocked' },
  { T: 5, B: 1, H: 3, layout: 'blocked' },
  { T: 3, B: 9, H: 1, layout: 'blocked' },
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
    'fused kernel with the $layout layout matches the reference for T=$T B=$B H=$H',
    async ({ layout, ...shape }) => {
      const { device } = await testGpu();
      const result = await runRecurrenceCase(device, cell, shape, { layout });
      expect(result.path).toBe('fused');
      expect(result.reason).toContain(
        layout === 'rows1' ? '(1 row × 1 unit per thread' : '(4 rows × 4 units per thread',
      );
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

  it('stays fused through the blocked layout when H exceeds a workgroup, and stays correct', async () => {
    const { device } = await testGpu();
    const H = device.limits.maxComputeInvocationsPerWorkgroup + 1;
    const result = await runRecurrenceCase(device, cell, { T: 3, B: 2, H });
    expect(result.path).toBe('fused');
    expect(result.reason).toContain('(4 rows × 4 units per thread');
    expectWithinTolerance(result.errors);
  });

  it('falls back to the per-step path by itself when even ⌈H/4⌉ threads exceed a workgroup', async () => {
    const { device } = await testGpu();
    const H = 4 * device.limits.maxComputeInvocationsPerWorkgroup + 1;
    const result = await runRecurrenceCase(device, cell, { T: 2, B: 2, H });
    expect(result.path).toBe('per-step');
    expect(result.reason).toMatch(/hidden size/);
    expectWithinTolerance(result.errors);
  });
});

describe('lstm recurrence with one gradient buffer for both sides', () => {
  it.each<RecurrenceOptions>([
    { forcePath: 'fused', layout: 'rows1' },
    { forcePath: 'fused', layout: 'blocked' },
    { forcePath: 'per-step' },
  ])('$forcePath path ($layout) fills the shared buffer', async (options) => {
    const { device } = await testGpu();
    const result = await runRecurrenceCase(
      device,
      'lstm',
      { T: 5, B: 7, H: 33 },
      { ...options, sharedGradients: true },
    );
    expect(result.path).toBe(options.forcePath);
    expectWithinTolerance(result.errors);
  });
});
