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
});
