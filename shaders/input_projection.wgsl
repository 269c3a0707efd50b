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
//   step   uniform: optimiser step (selects the dropout stream) and whether dropout is on
// Workgroup: WG threads along x; each thread owns a 4 × 4 block of xproj (4 rows m, 4 columns n, held in
// four vec4 accumulators), so the dispatch is ceil(M/4)·ceil(N/4) threads over a 1-D or 2-D grid.

override WG: u32 = 64;

// Sizes, tensor offsets and dropout settings of this dispatch: a uniform written once when the
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
  SEED: u32,
  DROP_THRESHOLD: u32,
  KEEP_SCALE: f32,
}

struct Step {
  step: u32,
  dropout_on: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> xproj: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;
@group(0) @binding(4) var<uniform> shape: Shape;

// Offset of row m's first input in src (m = t·B + b, time-major).
fn row_base(m: u32) -> u32 {
  if (shape.SOURCE == 0u) {
    return ((m % shape.B) * shape.T + m / shape.B) * shape.IN;
  }
  return (m + shape.B) * shape.IN;
}

// Dropout multiplier of input element k of row m (1 when dropout is off or the source is the batch).
fn keep(m: u32, k: u32) -> f32 {
  let stream = (step.step << 8u) | shape.LAYER_BELOW;
  return dropout_scale(shape.SEED, stream, m * shape.IN + k, shape.DROP_THRESHOLD, shape.KEEP_SCALE);
}

@compute @workgroup_size(WG)
fn input_projection(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let col_blocks = (shape.N + 3u) / 4u;
  let row_blocks = (shape.M + 3u) / 4u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * col_blocks) {
    return;
  }
  let m0 = (id / col_blocks) * 4u;
  let n0 = (id % col_blocks) * 4u;
  // Rows and columns past the edge are clamped for loading (always in bounds) and skipped on store;
  // the accumulators are four named vec4s because private arrays indexed at run time are slow on
  // CPU-emulated GPUs.
  let m1 = min(m0 + 1u, shape.M - 1u);
  let m2 = min(m0 + 2u, shape.M - 1u);
  let m3 = min(m0 + 3u, shape.M - 1u);
  let a0 = row_base(m0);
  let a1 = row_base(m1);
  let a2 = row_base(m2);
  let a3 = row_base(m3);
  let w0 = shape.W_OFF + n0 * shape.IN;
  let w1 = shape.W_OFF + min(n0 + 1u, shape.N - 1u) * shape.IN;
  let w2 = shape.W_OFF + min(n0 + 2u, shape.N - 1u) * shape.IN;
  let w3 = shape.W_OFF + min(n0 + 3u, shape.N - 1u) * shape.IN;
  let bias = vec4f(
    params[shape.B_OFF + n0],
    params[shape.B_OFF + min(n0 + 1u, shape.N - 1u)],
    params[shape.B_OFF + min(n0 + 2u, shape.N - 1u)],
    params[shape.B_OFF + min(n0 + 3u, shape.N - 1u)],
  );
  var acc0 = bias;
  var acc1 = bias;
  var acc2 = bias;
  var acc3 = bias;
  let masked = shape.SOURCE == 1u && shape.DROP_THRESHOLD != 0u && step.dropout_on != 0u;
  for (var k = 0u; k < shape.IN; k++) {
    let w = vec4f(params[w0 + k], params[w1 + k], params[w2 + k], params[w3 + k]);
    var x = vec4f(src[a0 + k], src[a1 + k], src[a2 + k], src[a3 + k]);
    if (masked) {
      x *= vec4f(keep(m0, k), keep(m1, k), keep(m2, k), keep(m3, k));
    }
    acc0 += x.x * w;
    acc1 += x.y * w;
    acc2 += x.z * w;
    acc3 += x.w * w;
  }
  store(m0, n0, acc0);
  if (m0 + 1u < shape.M) {
    store(m0 + 1u, n0, acc1);
  }
  if (m0 + 2u < shape.M) {
    store(m0 + 2u, n0, acc2);
  }
  if (m0 + 3u < shape.M) {
    store(m0 + 3u, n0, acc3);
  }
}

fn store(m: u32, n0: u32, value: vec4f) {
  let base = m * shape.N + n0;
  xproj[base] = value.x;
  if (n0 + 1u < shape.N) {
    xproj[base + 1u] = value.y;
  }
  if (n0 + 2u < shape.N) {
    xproj[base + 2u] = value.z;
  }
  if (n0 + 3u < shape.N) {
    xproj[base + 3u] = value.w;
  }
}
