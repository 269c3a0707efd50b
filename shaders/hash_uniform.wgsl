// hash_uniform: the WGSL twin of `hashUniform` / `dropoutScale` in src/engine/random.ts, bit for bit.
// Not a kernel: a function library. Kernels that draw dropout masks (input_projection, weight_grads,
// input_grad, dropout_mask) say `// #include "hash_uniform.wgsl"`, and src/engine/gpu/shaderIncludes.ts
// puts this file in place of that line when the pipeline is built.
//
// Uniform u = f32(bits) · 2⁻²⁴ with bits = hash_bits(seed, stream, index) (24 bits). The reference keeps
// an element when u ≥ p; on the GPU the same test is done on integers, bits ≥ ceil(p · 2²⁴), computed
// in TypeScript in float64, so the f32 rounding of p can never flip a decision.
// CPU twin: src/engine/random.ts hashUniform, dropoutScale
// Parity test: tests/gpu/optimizer.test.ts

fn lowbias32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

// The 24 random bits behind hashUniform(seed, stream, index).
fn hash_bits(seed: u32, stream: u32, index: u32) -> u32 {
  var h = lowbias32(seed);
  h = lowbias32(h ^ stream);
  h = lowbias32(h ^ index);
  return h >> 8u;
}

// Inverted-dropout multiplier: 0 when dropped, keep_scale = 1/(1−p) when kept.
fn dropout_scale(seed: u32, stream: u32, index: u32, threshold: u32, keep_scale: f32) -> f32 {
  return select(0.0, keep_scale, hash_bits(seed, stream, index) >= threshold);
}
