import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATS } from '../../src/engine/gpu/head';
import { MAX_MEMBERS, MEMBERS_BYTES, membersBytes } from '../../src/engine/gpu/members';
import { FLOAT_FIELDS, SHAPE_FIELDS } from '../../src/engine/gpu/shapes';
import { DEFAULT_OPTIMIZER } from '../../src/engine/types';

// The TypeScript writer of each kernel's Shape uniform and the WGSL struct must list the same fields
// in the same order with the same types, or every size and offset would be read from the wrong slot.
describe.each(Object.keys(SHAPE_FIELDS) as (keyof typeof SHAPE_FIELDS)[])('Shape uniform of %s', (kernel) => {
  it('matches the WGSL struct field for field', () => {
    const source = readFileSync(new URL(`../../shaders/${kernel}`, import.meta.url), 'utf8');
    const body = /struct Shape \{([^}]*)\}/.exec(source)?.[1];
    expect(body, 'struct Shape').toBeDefined();
    const fields = [...(body ?? '').matchAll(/(\w+):\s*(u32|f32)/g)].map((m) => [m[1], m[2]]);
    expect(fields).toEqual(
      SHAPE_FIELDS[kernel].map((name) => [name, FLOAT_FIELDS.has(name) ? 'f32' : 'u32']),
    );
  });
});

// The Members uniform (shaders/members.wgsl) is written by membersBytes word by word: the struct's fields,
// array size and per-member stats length must be the ones the writer assumes.
describe('Members uniform', () => {
  const source = readFileSync(new URL('../../shaders/members.wgsl', import.meta.url), 'utf8');
  const fields = (struct: string) =>
    [
      ...(new RegExp(`struct ${struct} \\{([^}]*)\\}`).exec(source)?.[1] ?? '').matchAll(
        /(\w+):\s*(u32|f32)/g,
      ),
    ].map((m) => `${m[1]}:${m[2]}`);

  it('matches membersBytes field for field', () => {
    expect(fields('Member')).toEqual([
      'runs:u32',
      'step:u32',
      'seed:u32',
      'drop_threshold:u32',
      'keep_scale:f32',
      'lr:f32',
      'bias_correction1:f32',
      'bias_correction2_sqrt:f32',
    ]);
    expect(fields('Members')).toEqual(['dropout_on:u32', 'count:u32', 'pad0:u32', 'pad1:u32']);
    expect(source).toContain(`const MAX_MEMBERS: u32 = ${MAX_MEMBERS}u;`);
    expect(source).toContain(`const STATS_PER_MEMBER: u32 = ${STATS.floats}u;`);
    expect(MEMBERS_BYTES).toBe(16 + MAX_MEMBERS * 32);
  });

  it('writes each member at its place, with its own step, dropout and learning rate', () => {
    const opt = { ...DEFAULT_OPTIMIZER, beta1: 0.5, beta2: 0.75 };
    const bytes = membersBytes(
      [
        { seed: 3, dropout: 0, lr: 0.1 },
        { seed: 9, dropout: 0.5, lr: 0.25 },
      ],
      opt,
      { active: [false, true], steps: [4, 2], dropoutOn: true },
    );
    const u = new Uint32Array(bytes);
    const f = new Float32Array(bytes);
    expect([u[0], u[1]]).toEqual([1, 2]);
    expect([u[4], u[5], u[6], u[7], f[8], f[9]]).toEqual([0, 4, 3, 0, 1, Math.fround(0.1)]);
    expect([u[12], u[13], u[14], u[15], f[16], f[17]]).toEqual([1, 2, 9, 2 ** 23, 2, 0.25]);
    expect(f[18]).toBeCloseTo(1 - 0.5 ** 2, 6);
    expect(f[19]).toBeCloseTo(Math.sqrt(1 - 0.75 ** 2), 6);
    expect(() => membersBytes([], opt, { active: [], steps: [], dropoutOn: false })).toThrow(/1 to 64/);
  });
});
