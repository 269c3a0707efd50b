// Sizes are computed once in TypeScript and injected into the WGSL. Without a GPU: a fake device records every
// pipeline the engine builds, so each one's override constants can be held against the overrides its WGSL
// declares (what WebGPU would refuse), and the recurrence's thread counts against the plan.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { weightGrads } from '../../src/engine/gpu/gemm';
import { gradNorm } from '../../src/engine/gpu/head';
import { OptimizerKernel } from '../../src/engine/gpu/optimizer';
import {
  fusedWorkgroupBytes,
  planRecurrence,
  type RecurrenceLayout,
} from '../../src/engine/gpu/recurrencePlan';
import { STEP_WORKGROUP } from '../../src/engine/gpu/recurrenceStep';
import { SHAPE_FIELDS } from '../../src/engine/gpu/shapes';
import { kernelSizes } from '../../src/engine/gpu/sizes';
import { Workspace } from '../../src/engine/gpu/workspace';
import {
  type CellKind,
  DEFAULT_OPTIMIZER,
  GATES,
  type ModelConfig,
  type OptimizerKind,
} from '../../src/engine/types';

// The browser's minimum limits (WebGPU defaults).
const LIMITS = {
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  minUniformBufferOffsetAlignment: 256,
} as GPUSupportedLimits;

interface BuiltPipeline {
  /** The WGSL file. */
  module: string;
  entryPoint: string;
  /** The WGSL with its includes resolved, as compiled. */
  code: string;
  constants: Record<string, number>;
}

/** A device that builds nothing and records the pipelines asked of it and what was written to each buffer. */
function fakeDevice() {
  const pipelines: BuiltPipeline[] = [];
  const writes = new Map<string, Uint8Array>();
  const device = {
    limits: LIMITS,
    createBuffer: (d: GPUBufferDescriptor) => ({ label: d.label, size: d.size, destroy() {} }),
    createShaderModule: (d: GPUShaderModuleDescriptor) => ({ label: d.label, code: d.code }),
    createComputePipeline: (d: GPUComputePipelineDescriptor) => {
      const module = d.compute.module as unknown as { label: string; code: string };
      pipelines.push({
        module: module.label,
        entryPoint: d.compute.entryPoint ?? '',
        code: module.code,
        constants: { ...(d.compute.constants as Record<string, number>) },
      });
      return { getBindGroupLayout: () => ({}) };
    },
    createBindGroup: () => ({}),
    queue: {
      writeBuffer: (buffer: { label: string }, _offset: number, data: ArrayBuffer | ArrayBufferView) =>
        writes.set(
          buffer.label,
          ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
            : new Uint8Array(data).slice(),
        ),
    },
  };
  return { device: device as unknown as GPUDevice, pipelines, writes };
}

/** The overrides a WGSL module declares, each with its initializer ('' when it has none). */
function overrides(code: string): Map<string, string> {
  return new Map([...code.matchAll(/^override (\w+): \w+(?: = ([^;]+))?;/gm)].map((m) => [m[1], m[2] ?? '']));
}

function wgslFiles(): string[] {
  return ['shaders', 'tests/gpu'].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.wgsl'))
      .map((f) => join(dir, f)),
  );
}

const config = (cell: CellKind): ModelConfig => ({
  cell,
  inputSize: 3,
  hiddenSize: 33,
  numLayers: 2,
  outputSize: 2,
  dropout: 0.25,
  seed: 1,
});

const buffers = { params: {}, grads: {}, stats: {}, members: {} } as unknown as Record<string, GPUBuffer>;

/** Every pipeline a workspace of `cell` with batch B builds. */
function workspacePipelines(cell: CellKind, B: number, forcePath?: 'per-step') {
  const { device, pipelines } = fakeDevice();
  const model = {
    params: buffers.params,
    grads: buffers.grads,
    stats: buffers.stats,
    members: buffers.members,
  };
  const ws = new Workspace(device, kernelSizes(LIMITS), config(cell), 6, B, model, 2, forcePath);
  return { ws, pipelines };
}

describe('override constants', () => {
  test.each(wgslFiles())(
    '%s computes no size: a workgroup size is the injected WG, no initializer an expression',
    (file) => {
      const code = readFileSync(file, 'utf8');
      for (const [name, initializer] of overrides(code)) {
        if (initializer !== '')
          expect(initializer, `${file}: override ${name}`).toMatch(/^(\d+u?|true|false)$/);
      }
      if (code.includes('@workgroup_size')) expect(overrides(code).get('WG'), file).toBe('');
      for (const m of code.matchAll(/@workgroup_size\(([^)]*)\)/g)) expect(m[1], file).toBe('WG');
    },
  );

  const cases: [CellKind, number, 'per-step' | undefined][] = [
    ['lstm', 4, undefined],
    ['lstm', 64, undefined],
    ['gru', 4, undefined],
    ['gru', 64, undefined],
    ['lstm', 4, 'per-step'],
    ['gru', 4, 'per-step'],
  ];
  test.each(cases)(
    'every pipeline of a %s workspace (B = %i, %s) gets exactly the overrides its WGSL declares',
    (cell, B, forcePath) => {
      const { pipelines } = workspacePipelines(cell, B, forcePath);
      const { device, pipelines: more } = fakeDevice();
      const sizes = kernelSizes(LIMITS);
      for (const kind of ['adam', 'sgd', 'rmsprop'] as OptimizerKind[]) {
        new OptimizerKernel(device, sizes, { ...DEFAULT_OPTIMIZER, kind }, 100, buffers as never, 2);
      }
      gradNorm(device, sizes, 100, 1, buffers as never, 2);
      expect(new Set(pipelines.map((p) => p.module)).size).toBeGreaterThanOrEqual(5);
      for (const p of [...pipelines, ...more]) {
        const declared = overrides(p.code);
        const where = `${p.module} ${p.entryPoint}`;
        expect(
          Object.keys(p.constants).filter((name) => !declared.has(name)),
          `${where}: undeclared`,
        ).toEqual([]);
        const missing = [...declared].filter(([name, init]) => init === '' && !(name in p.constants));
        expect(
          missing.map(([name]) => name),
          `${where}: without a value`,
        ).toEqual([]);
      }
    },
  );

  const layouts: [CellKind, RecurrenceLayout, number][] = [
    ['lstm', 'rows1', 4],
    ['lstm', 'blocked', 64],
    ['gru', 'rows1', 4],
    ['gru', 'blocked', 64],
  ];
  test.each(layouts)(
    'the fused %s kernels (%s) take their threads and tiles from the plan',
    (cell, layout, B) => {
      const { ws, pipelines } = workspacePipelines(cell, B);
      const H = config(cell).hiddenSize;
      const plan = planRecurrence(LIMITS, cell, { T: 6, B, H });
      expect(plan.layout).toBe(layout);
      expect(ws.path).toBe('fused');
      const forward = pipelines.find((p) => p.entryPoint === `${cell}_forward`)?.constants;
      const backward = pipelines.find((p) => p.entryPoint === `${cell}_backward`)?.constants;
      expect(forward).toMatchObject({ H, B, TILE_B: plan.tileB, WG: plan.threads });
      expect(backward).toMatchObject({ H, B, TILE_B: plan.tileB, WG: plan.backwardThreads });
      if (layout === 'blocked') {
        // Thread (q, u): u = lid % HQ over the units, q = lid / HQ over blocks of 4 rows.
        expect(forward?.HQ).toBe(plan.unitThreads);
        expect(backward?.HQ).toBe(plan.backwardUnitThreads);
        expect(plan.threads).toBe((plan.tileB / 4) * plan.unitThreads);
      } else {
        // Thread (bl, j): j = lid % H, bl = lid / H; two slots of the tile's h, then of its gate gradients.
        expect(plan.threads).toBe(plan.tileB * H);
        expect(forward?.H_SLOTS).toBe(2 * plan.tileB * H);
        expect((backward?.DG_SLOTS ?? 0) * 4).toBe(fusedWorkgroupBytes(cell, H, plan.tileB, layout));
        expect(backward?.DG_SLOTS).toBe(2 * plan.tileB * GATES[cell] * H);
      }
    },
  );

  test('the per-step kernels run STEP_WORKGROUP threads', () => {
    const { pipelines } = workspacePipelines('lstm', 4, 'per-step');
    const steps = pipelines.filter((p) => p.module === 'lstm_step.wgsl');
    expect(steps.length).toBeGreaterThan(0);
    for (const p of steps) expect(p.constants.WG).toBe(STEP_WORKGROUP);
  });
});

describe('weight_grads row slots', () => {
  test('come from the Shape uniform, not from a formula in the kernel', () => {
    const code = readFileSync('shaders/weight_grads.wgsl', 'utf8');
    expect(code).toContain('shape.ROW_SLOTS');
    expect(code).not.toMatch(/let row_slots/);
  });

  test('are ⌈N/8⌉ rounded up to a multiple of 4, and the grid covers them for every column block', () => {
    const { device, writes } = fakeDevice();
    const sizes = kernelSizes(LIMITS);
    const shape = {
      T: 6,
      B: 4,
      In: 3,
      H: 33,
      N: 132,
      source: { kind: 'batch' as const },
      P: 100,
      members: 2,
    };
    const offsets = { wIh: 0, wHh: 1, bIh: 2, bHh: 3 };
    const dispatch = weightGrads(device, sizes, shape, offsets, {
      src: buffers.params,
      h: buffers.params,
      dgatesIn: buffers.params,
      dgatesHid: buffers.params,
      grads: buffers.grads,
      members: buffers.members,
    });
    const fields: readonly string[] = SHAPE_FIELDS['weight_grads.wgsl'];
    const uniform = new Uint32Array((writes.get('weight_grads.wgsl shape') ?? new Uint8Array(0)).buffer);
    const value = (name: string) => uniform[fields.indexOf(name)];
    expect(value('ROW_SLOTS')).toBe(20); // ⌈132/8⌉ = 17 row blocks → 20 slots
    expect(value('COL_BLOCKS')).toBe(1 + 5 + 1); // IN, H and the bias columns
    expect(dispatch.grid).toEqual([Math.ceil((20 * 7) / sizes.gemm), 1, 2]);
  });
});
