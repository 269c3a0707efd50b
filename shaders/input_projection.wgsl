// input_projection: the input half of every gate for all time steps of one layer in one GEMM,
//   xproj[t, b, n] = b_ih[n] + Σ_k x̃[t, b, k] · W_ih[n, k]
// where x̃ is the layer's input: the batch for layer 0, or the layer below's hidden states times its
// dropout mask (PyTorch drops the output of every layer but the last, in training only).
//
// Buffers (M = T·B rows, N = G·H columns, K = IN):
//   src    read. SOURCE = 0: the batch input x (B, T, IN), batch-major as uploaded;
//                SOURCE = 1: the layer below's h (T+1, B, IN), rows 1..T (row 0 is h_0 = 0)
//   params read: W_ih (N, IN) at W_OFF, b_ih (N) at B_OFF (PyTorch layout)
//   xproj  (T, B, N) overwritten
//   members uniform: each member's step (selects the dropout stream) and dropout settings, and whether dropout is on
// Workgroup: WG threads along x; each thread owns an 8 × 8 block of xproj (8 rows m, 8 columns n, held in
// sixteen named vec4 accumulators), so the dispatch is ceil(M/8)·ceil(N/8) threads over a 1-D or 2-D grid.
// Per k a thread loads 16 values for 64 multiply-adds; loads dominate on CPU-emulated GPUs.
// Members (shaders/members.wgsl): global_invocation_id.z is the member; each buffer is per member, member m's
// part starting at m × its length (params: P), and the dropout seed, rate and step are the member's own.
// CPU twin: src/engine/reference/gemms.ts inputProjection
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
  B_OFF: u32,
  SOURCE: u32,
  LAYER_BELOW: u32,
  P: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> xproj: array<f32>;
@group(0) @binding(3) var<uniform> members: Members;
@group(0) @binding(4) var<uniform> shape: Shape;

// This member (set first thing by the entry point).
var<private> member: u32;

// Offset of row m's first input in src (m = t·B + b, time-major) for this member.
fn row_base(m: u32) -> u32 {
  if (shape.SOURCE == 0u) {
    return ((member * shape.B + m % shape.B) * shape.T + m / shape.B) * shape.IN;
  }
  return (member * (shape.M + shape.B) + m + shape.B) * shape.IN;
}

// Dropout multiplier of input element k of row m (1 when dropout is off or the source is the batch).
fn keep(m: u32, k: u32) -> f32 {
  let settings = members.each[member];
  let stream = (settings.step << 8u) | shape.LAYER_BELOW;
  return dropout_scale(settings.seed, stream, m * shape.IN + k, settings.drop_threshold, settings.keep_scale);
}

// Eight consecutive indices from i0, clamped to limit − 1 (as two vec4u).
fn eight(i0: u32, limit: u32) -> array<vec4u, 2> {
  let last = vec4u(limit - 1u);
  return array<vec4u, 2>(
    min(vec4u(i0, i0 + 1u, i0 + 2u, i0 + 3u), last),
    min(vec4u(i0 + 4u, i0 + 5u, i0 + 6u, i0 + 7u), last),
  );
}

// The 8 × 8 block: row r of the block is lo_r (columns n0..n0+3) and hi_r (n0+4..n0+7). Named variables,
// not a private array: arrays indexed at run time are slow on CPU-emulated GPUs.
struct Block {
  lo0: vec4f, lo1: vec4f, lo2: vec4f, lo3: vec4f, lo4: vec4f, lo5: vec4f, lo6: vec4f, lo7: vec4f,
  hi0: vec4f, hi1: vec4f, hi2: vec4f, hi3: vec4f, hi4: vec4f, hi5: vec4f, hi6: vec4f, hi7: vec4f,
}

// fma rather than a separate product and sum: one rounding, and measured faster on SwiftShader.
fn accumulate(acc: ptr<function, Block>, x_lo: vec4f, x_hi: vec4f, w_lo: vec4f, w_hi: vec4f) {
  (*acc).lo0 = fma(w_lo, vec4f(x_lo.x), (*acc).lo0);
  (*acc).hi0 = fma(w_hi, vec4f(x_lo.x), (*acc).hi0);
  (*acc).lo1 = fma(w_lo, vec4f(x_lo.y), (*acc).lo1);
  (*acc).hi1 = fma(w_hi, vec4f(x_lo.y), (*acc).hi1);
  (*acc).lo2 = fma(w_lo, vec4f(x_lo.z), (*acc).lo2);
  (*acc).hi2 = fma(w_hi, vec4f(x_lo.z), (*acc).hi2);
  (*acc).lo3 = fma(w_lo, vec4f(x_lo.w), (*acc).lo3);
  (*acc).hi3 = fma(w_hi, vec4f(x_lo.w), (*acc).hi3);
  (*acc).lo4 = fma(w_lo, vec4f(x_hi.x), (*acc).lo4);
  (*acc).hi4 = fma(w_hi, vec4f(x_hi.x), (*acc).hi4);
  (*acc).lo5 = fma(w_lo, vec4f(x_hi.y), (*acc).lo5);
  (*acc).hi5 = fma(w_hi, vec4f(x_hi.y), (*acc).hi5);
  (*acc).lo6 = fma(w_lo, vec4f(x_hi.z), (*acc).lo6);
  (*acc).hi6 = fma(w_hi, vec4f(x_hi.z), (*acc).hi6);
  (*acc).lo7 = fma(w_lo, vec4f(x_hi.w), (*acc).lo7);
  (*acc).hi7 = fma(w_hi, vec4f(x_hi.w), (*acc).hi7);
}

@compute @workgroup_size(WG)
fn input_projection(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  member = gid.z;
  if (members.each[member].runs == 0u) {
    return;
  }
  let col_blocks = (shape.N + 7u) / 8u;
  let row_blocks = (shape.M + 7u) / 8u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * col_blocks) {
    return;
  }
  let m0 = (id / col_blocks) * 8u;
  let n0 = (id % col_blocks) * 8u;
  // Rows and columns past the edge are clamped for loading (always in bounds) and skipped on store.
  let m = eight(m0, shape.M);
  let n = eight(n0, shape.N);
  let a_lo = vec4u(row_base(m[0].x), row_base(m[0].y), row_base(m[0].z), row_base(m[0].w));
  let a_hi = vec4u(row_base(m[1].x), row_base(m[1].y), row_base(m[1].z), row_base(m[1].w));
  let w_lo_rows = vec4u(member * shape.P + shape.W_OFF) + n[0] * shape.IN;
  let w_hi_rows = vec4u(member * shape.P + shape.W_OFF) + n[1] * shape.IN;
  let b = vec4u(member * shape.P + shape.B_OFF);
  let bias_lo = vec4f(params[b.x + n[0].x], params[b.y + n[0].y], params[b.z + n[0].z], params[b.w + n[0].w]);
  let bias_hi = vec4f(params[b.x + n[1].x], params[b.y + n[1].y], params[b.z + n[1].z], params[b.w + n[1].w]);
  var acc = Block(
    bias_lo, bias_lo, bias_lo, bias_lo, bias_lo, bias_lo, bias_lo, bias_lo,
    bias_hi, bias_hi, bias_hi, bias_hi, bias_hi, bias_hi, bias_hi, bias_hi,
  );
  // Two loops rather than a test inside one: a branch in the loop body costs a CPU-emulated GPU as much as the
  // multiply-adds (measured 2× on SwiftShader).
  if (shape.SOURCE == 1u && members.each[member].drop_threshold != 0u && members.dropout_on != 0u) {
    for (var k = 0u; k < shape.IN; k++) {
      let w_lo = vec4f(params[w_lo_rows.x + k], params[w_lo_rows.y + k], params[w_lo_rows.z + k], params[w_lo_rows.w + k]);
      let w_hi = vec4f(params[w_hi_rows.x + k], params[w_hi_rows.y + k], params[w_hi_rows.z + k], params[w_hi_rows.w + k]);
      let keep_lo = vec4f(keep(m[0].x, k), keep(m[0].y, k), keep(m[0].z, k), keep(m[0].w, k));
      let keep_hi = vec4f(keep(m[1].x, k), keep(m[1].y, k), keep(m[1].z, k), keep(m[1].w, k));
      let x_lo = vec4f(src[a_lo.x + k], src[a_lo.y + k], src[a_lo.z + k], src[a_lo.w + k]) * keep_lo;
      let x_hi = vec4f(src[a_hi.x + k], src[a_hi.y + k], src[a_hi.z + k], src[a_hi.w + k]) * keep_hi;
      accumulate(&acc, x_lo, x_hi, w_lo, w_hi);
    }
  } else {
    for (var k = 0u; k < shape.IN; k++) {
      let w_lo = vec4f(params[w_lo_rows.x + k], params[w_lo_rows.y + k], params[w_lo_rows.z + k], params[w_lo_rows.w + k]);
      let w_hi = vec4f(params[w_hi_rows.x + k], params[w_hi_rows.y + k], params[w_hi_rows.z + k], params[w_hi_rows.w + k]);
      let x_lo = vec4f(src[a_lo.x + k], src[a_lo.y + k], src[a_lo.z + k], src[a_lo.w + k]);
      let x_hi = vec4f(src[a_hi.x + k], src[a_hi.y + k], src[a_hi.z + k], src[a_hi.w + k]);
      accumulate(&acc, x_lo, x_hi, w_lo, w_hi);
    }
  }
  store(m0, n0, acc.lo0, acc.hi0);
  store(m0 + 1u, n0, acc.lo1, acc.hi1);
  store(m0 + 2u, n0, acc.lo2, acc.hi2);
  store(m0 + 3u, n0, acc.lo3, acc.hi3);
  store(m0 + 4u, n0, acc.lo4, acc.hi4);
  store(m0 + 5u, n0, acc.lo5, acc.hi5);
  store(m0 + 6u, n0, acc.lo6, acc.hi6);
  store(m0 + 7u, n0, acc.lo7, acc.hi7);
}

// Writes the eight columns from n0 of row m, skipping what lies past the edge of xproj.
fn store(m: u32, n0: u32, lo: vec4f, hi: vec4f) {
  if (m >= shape.M) {
    return;
  }
  let values = array<f32, 8>(lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w);
  let base = (member * shape.M + m) * shape.N;
  for (var c = 0u; c < 8u; c++) {
    if (n0 + c < shape.N) {
      xproj[base + n0 + c] = values[c];
    }
  }
}
