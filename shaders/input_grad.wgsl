// input_grad: the gradient flowing from a layer into the layer below, for all time steps at once,
//   dh_below[t, b, k] = mask[t, b, k] · Σ_j dgates_in[t, b, j] · W_ih[j, k]
// where mask is the dropout multiplier the forward pass applied to the layer below's output
// (1 when dropout is off). Only layers k ≥ 1 run it: the batch input needs no gradient.
//
// Buffers (M = T·B rows, IN = the layer below's H columns, N = G·H reduction):
//   dgates_in read (T, B, N)
//   params    read: W_ih (N, IN) at W_OFF
//   dh_below  (T, B, IN) overwritten (every element): it is the layer below's whole upstream gradient
//   step      uniform: optimiser step (dropout stream) and whether dropout is on
// Workgroup: WG threads along x; each thread owns a 4 × 4 block (4 rows m, 4 columns k).

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
  LAYER_BELOW: u32,
  SEED: u32,
  DROP_THRESHOLD: u32,
  KEEP_SCALE: f32,
}

struct Step {
  step: u32,
  dropout_on: u32,
}

@group(0) @binding(0) var<storage, read> dgates_in: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> dh_below: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;
@group(0) @binding(4) var<uniform> shape: Shape;

@compute @workgroup_size(WG)
fn input_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let col_blocks = (shape.IN + 3u) / 4u;
  let row_blocks = (shape.M + 3u) / 4u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * col_blocks) {
    return;
  }
  let m0 = (id / col_blocks) * 4u;
  let k0 = (id % col_blocks) * 4u;
  // Edge rows/columns are clamped for loading and skipped on store; named accumulators (not a
  // private array) keep everything in registers on CPU-emulated GPUs.
  let g0 = m0 * shape.N;
  let g1 = min(m0 + 1u, shape.M - 1u) * shape.N;
  let g2 = min(m0 + 2u, shape.M - 1u) * shape.N;
  let g3 = min(m0 + 3u, shape.M - 1u) * shape.N;
  let c1 = min(k0 + 1u, shape.IN - 1u);
  let c2 = min(k0 + 2u, shape.IN - 1u);
  let c3 = min(k0 + 3u, shape.IN - 1u);
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var j = 0u; j < shape.N; j++) {
    let row = shape.W_OFF + j * shape.IN;
    let w = vec4f(params[row + k0], params[row + c1], params[row + c2], params[row + c3]);
    acc0 += dgates_in[g0 + j] * w;
    acc1 += dgates_in[g1 + j] * w;
    acc2 += dgates_in[g2 + j] * w;
    acc3 += dgates_in[g3 + j] * w;
  }
  store(m0, k0, acc0);
  if (m0 + 1u < shape.M) {
    store(m0 + 1u, k0, acc1);
  }
  if (m0 + 2u < shape.M) {
    store(m0 + 2u, k0, acc2);
  }
  if (m0 + 3u < shape.M) {
    store(m0 + 3u, k0, acc3);
  }
}

// Writes up to four columns of row m, each times the dropout multiplier the forward pass used.
fn store(m: u32, k0: u32, value: vec4f) {
  let masked = step.dropout_on != 0u && shape.DROP_THRESHOLD != 0u;
  let stream = (step.step << 8u) | shape.LAYER_BELOW;
  for (var c = 0u; c < 4u; c++) {
    let k = k0 + c;
    if (k < shape.IN) {
      let index = m * shape.IN + k;
      var v = value[c];
      if (masked) {
        v *= dropout_scale(shape.SEED, stream, index, shape.DROP_THRESHOLD, shape.KEEP_SCALE);
      }
      dh_below[index] = v;
    }
  }
}
