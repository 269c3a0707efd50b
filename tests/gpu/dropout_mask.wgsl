// dropout_mask: writes the inverted-dropout multipliers and raw hash bits for N consecutive indices of
// one stream. The training step never runs it (the kernels that need a mask draw it inline with
// dropout_scale); it exists so the WGSL hash (shaders/hash_uniform.wgsl) can be checked bit for bit against
// src/engine/random.ts, and so it lives beside its test rather than in shaders/.
//
// Buffers (N = count):
//   bits  (N) u32 overwritten: hash_bits(SEED, STREAM, i)
//   scale (N) f32 overwritten: dropout_scale(SEED, STREAM, i, THRESHOLD, KEEP_SCALE)
// Workgroup: WG threads along x, one index each.
// CPU twin: src/engine/random.ts hashUniform, dropoutScale
// Parity test: tests/gpu/optimizer.test.ts

// #include "hash_uniform.wgsl"

override WG: u32;
override N: u32;
override SEED: u32;
override STREAM: u32;
override THRESHOLD: u32;
override KEEP_SCALE: f32;

@group(0) @binding(0) var<storage, read_write> bits: array<u32>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;

@compute @workgroup_size(WG)
fn dropout_mask(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= N) {
    return;
  }
  bits[i] = hash_bits(SEED, STREAM, i);
  scale[i] = dropout_scale(SEED, STREAM, i, THRESHOLD, KEEP_SCALE);
}
