import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveIncludes } from '../../src/engine/gpu/shaderIncludes';

describe('WGSL includes', () => {
  test('an include line becomes the library, once; an unknown one is an error', () => {
    const libs = { 'lib.wgsl': 'fn f() -> u32 { return 1u; }' };
    const code = '// kernel\n// #include "lib.wgsl"\n// #include "lib.wgsl"\n@compute fn main() {}';
    expect(resolveIncludes(code, libs)).toBe(
      '// kernel\nfn f() -> u32 { return 1u; }\n\n@compute fn main() {}',
    );
    expect(() => resolveIncludes('// #include "nope.wgsl"', libs)).toThrow('WGSL include "nope.wgsl"');
  });

  test('every kernel that calls the dropout hash says so with an include, and no other does', () => {
    for (const file of readdirSync('shaders').filter(
      (f) => f.endsWith('.wgsl') && f !== 'hash_uniform.wgsl',
    )) {
      const code = readFileSync(`shaders/${file}`, 'utf8');
      const uses = /\b(hash_bits|dropout_scale|lowbias32)\s*\(/.test(code);
      expect(code.includes('// #include "hash_uniform.wgsl"'), file).toBe(uses);
    }
  });

  test('every training kernel has the member axis: it includes members.wgsl and binds the Members uniform', () => {
    const kernels = readdirSync('shaders').filter(
      (f) => f.endsWith('.wgsl') && readFileSync(`shaders/${f}`, 'utf8').includes('@compute'),
    );
    expect(kernels.length).toBeGreaterThanOrEqual(18);
    for (const file of kernels) {
      const code = readFileSync(`shaders/${file}`, 'utf8');
      expect(code.includes('// #include "members.wgsl"'), file).toBe(true);
      expect(/var<uniform> \w*members: Members;/.test(code), file).toBe(true);
      expect(/\.runs == 0u|enter_member\(/.test(code), file).toBe(true);
      expect(code.includes('// #include "member_rows.wgsl"'), file).toBe(code.includes('enter_member('));
    }
  });
});
