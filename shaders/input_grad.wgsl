// input_grad: the gradient flowing from a layer into the layer below, for all time steps at once,
//   dh_below[t, b, k] = mask[t, b, k] · Σ_j dgates_in[t, b, j] · W_ih[j, k]
// where mask is the dropout multiplier the forward pass applied to the layer below's output
// (1 when dropout is off). Only layers k ≥ 1 run it: the batch input needs no gradient.
//
// Buffers (M = T·B rows, IN = the layer below's H columns, N = G·H reduction):
//   dgates_in read (T, B, N)
//   params    read: W_ih (N, IN) at W_OFF
//   dh_below  (T, B, IN) overwritten (every element): it is the layer below's whole upstream gradient
//   members   uniform: each member's step (dropout stream) and dropout settings, and whether dropout is on
// Workgroup: WG threads along x; each thread owns an 8 × 8 block (8 rows m, 8 columns k) in sixteen named
// vec4 accumulators: per j it loads 16 values for 64 multiply-adds (loads dominate on CPU-emulated GPUs).
// Members (shaders/members.wgsl): global_invocation_id.z is the member; each buffer is per member, member m's
// part starting at m × its length (params: P), and the dropout seed, rate and step are the member's own.
// CPU twin: src/engine/reference/gemms.ts inputGrad
// Parity test: tests/gpu/gemm.test.ts

// #include "hash_uniform.wgsl"
// #include "members.wgsl"

override WG: u32;

// Sizes and tensor offsets of this dispatch (per member: see members.wgsl): a uniform written once when the
// dispatch is built (field order = the TS list in src/engine/gpu/shapes.ts), so one compiled pipeline
// serves every layer, batch shape and model.
struct Shape {
  T: u32,
  B: u32,
  M: u32,
  IN: u32,
  N: u32,
  W_OFF: u32,
  LAYER_BELOW: u32,
  P: u32,
}

@group(0) @binding(0) var<storage, read> dgates_in: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> dh_below: array<f32>;
@group(0) @binding(3) var<uniform> members: Members;
@group(0) @binding(4) var<uniform> shape: Shape;

// This member (set first thing by the entry point).
var<private> member: u32;

// Eight consecutive indices from i0, clamped to limit − 1 (as two vec4u).
fn eight(i0: u32, limit: u32) -> array<vec4u, 2> {
  let last = vec4u(limit - 1u);
  return array<vec4u, 2>(
    min(vec4u(i0, i0 + 1u, i0 + 2u, i0 + 3u), last),
    min(vec4u(i0 + 4u, i0 + 5u, i0 + 6u, i0 + 7u), last),
  );
}

// The 8 × 8 block: row r is lo_r (columns k0..k0+3) and hi_r (k0+4..k0+7).
struct Block {
  lo0: vec4f, lo1: vec4f, lo2: vec4f, lo3: vec4f, lo4: vec4f, lo5: vec4f, lo6: vec4f, lo7: vec4f,
  hi0: vec4f, hi1: vec4f, hi2: vec4f, hi3: vec4f, hi4: vec4f, hi5: vec4f, hi6: vec4f, hi7: vec4f,
}

// fma rather than a separate product and sum: one rounding, and measured faster on SwiftShader.
fn accumulate(acc: ptr<function, Block>, g_lo: vec4f, g_hi: vec4f, w_lo: vec4f, w_hi: vec4f) {
  (*acc).lo0 = fma(w_lo, vec4f(g_lo.x), (*acc).lo0);
  (*acc).hi0 = fma(w_hi, vec4f(g_lo.x), (*acc).hi0);
  (*acc).lo1 = fma(w_lo, vec4f(g_lo.y), (*acc).lo1);
  (*acc).hi1 = fma(w_hi, vec4f(g_lo.y), (*acc).hi1);
  (*acc).lo2 = fma(w_lo, vec4f(g_lo.z), (*acc).lo2);
  (*acc).hi2 = fma(w_hi, vec4f(g_lo.z), (*acc).hi2);
  (*acc).lo3 = fma(w_lo, vec4f(g_lo.w), (*acc).lo3);
  (*acc).hi3 = fma(w_hi, vec4f(g_lo.w), (*acc).hi3);
  (*acc).lo4 = fma(w_lo, vec4f(g_hi.x), (*acc).lo4);
  (*acc).hi4 = fma(w_hi, vec4f(g_hi.x), (*acc).hi4);
  (*acc).lo5 = fma(w_lo, vec4f(g_hi.y), (*acc).lo5);
  (*acc).hi5 = fma(w_hi, vec4f(g_hi.y), (*acc).hi5);
  (*acc).lo6 = fma(w_lo, vec4f(g_hi.z), (*acc).lo6);
  (*acc).hi6 = fma(w_hi, vec4f(g_hi.z), (*acc).hi6);
  (*acc).lo7 = fma(w_lo, vec4f(g_hi.w), (*acc).lo7);
  (*acc).hi7 = fma(w_hi, vec4f(g_hi.w), (*acc).hi7);
}

@compute @workgroup_size(WG)
fn input_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  member = gid.z;
  if (members.each[member].runs == 0u) {
    return;
  }
  let col_blocks = (shape.IN + 7u) / 8u;
  let row_blocks = (shape.M + 7u) / 8u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * col_blocks) {
    return;
  }
  let m0 = (id / col_blocks) * 8u;
  let k0 = (id % col_blocks) * 8u;
  // Edge rows and columns are clamped for loading and skipped on store.
  let m = eight(m0, shape.M);
  let k = eight(k0, shape.IN);
  let g_lo_rows = (vec4u(member * shape.M) + m[0]) * shape.N;
  let g_hi_rows = (vec4u(member * shape.M) + m[1]) * shape.N;
  var acc: Block;
  for (var j = 0u; j < shape.N; j++) {
    let row = member * shape.P + shape.W_OFF + j * shape.IN;
    let w_lo = vec4f(params[row + k[0].x], params[row + k[0].y], params[row + k[0].z], params[row + k[0].w]);
    let w_hi = vec4f(params[row + k[1].x], params[row + k[1].y], params[row + k[1].z], params[row + k[1].w]);
    let g_lo = vec4f(dgates_in[g_lo_rows.x + j], dgates_in[g_lo_rows.y + j], dgates_in[g_lo_rows.z + j], dgates_in[g_lo_rows.w + j]);
    let g_hi = vec4f(dgates_in[g_hi_rows.x + j], dgates_in[g_hi_rows.y + j], dgates_in[g_hi_rows.z + j], dgates_in[g_hi_rows.w + j]);
    accumulate(&acc, g_lo, g_hi, w_lo, w_hi);
  }
  store(m0, k0, acc.lo0, acc.hi0);
  store(m0 + 1u, k0, acc.lo1, acc.hi1);
  store(m0 + 2u, k0, acc.lo2, acc.hi2);
  store(m0 + 3u, k0, acc.lo3, acc.hi3);
  store(m0 + 4u, k0, acc.lo4, acc.hi4);
  store(m0 + 5u, k0, acc.lo5, acc.hi5);
  store(m0 + 6u, k0, acc.lo6, acc.hi6);
  store(m0 + 7u, k0, acc.lo7, acc.hi7);
}

// Writes eight columns from k0 of row m (inside the bounds), each times the dropout multiplier the
// forward pass applied to that element of the layer below's output.
fn store(m: u32, k0: u32, lo: vec4f, hi: vec4f) {
  if (m >= shape.M) {
    return;
  }
  let values = array<f32, 8>(lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w);
  let settings = members.each[member];
  let masked = members.dropout_on != 0u && settings.drop_threshold != 0u;
  let stream = (settings.step << 8u) | shape.LAYER_BELOW;
  for (var c = 0u; c < 8u; c++) {
    let k = k0 + c;
    if (k < shape.IN) {
      let index = m * shape.IN + k;
      var v = values[c];
      if (masked) {
        v *= dropout_scale(settings.seed, stream, index, settings.drop_threshold, settings.keep_scale);
      }
      dh_below[member * shape.M * shape.IN + index] = v;
    }
  }
}
