import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOAT_FIELDS, SHAPE_FIELDS } from '../../src/engine/gpu/shapes';

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
