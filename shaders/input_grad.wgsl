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
override T: u32;
override B: u32;
override IN: u32;
override N: u32;
override W_OFF: u32;
override LAYER_BELOW: u32;
override SEED: u32;
override DROP_THRESHOLD: u32;
override KEEP_SCALE: f32;
override M: u32 = T * B;

struct Step {
  step: u32,
  dropout_on: u32,
}

@group(0) @binding(0) var<storage, read> dgates_in: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> dh_below: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(WG)
fn input_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let col_blocks = (IN + 3u) / 4u;
  let row_blocks = (M + 3u) / 4u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * col_blocks) {
    return;
  }
  let m0 = (id / col_blocks) * 4u;
  let k0 = (id % col_blocks) * 4u;
  let rows = min(4u, M - m0);
  var acc: array<vec4f, 4>;
  for (var j = 0u; j < N; j++) {
    var w = vec4f(0.0);
    for (var c = 0u; c < 4u; c++) {
      if (k0 + c < IN) {
        w[c] = params[W_OFF + j * IN + k0 + c];
      }
    }
    for (var r = 0u; r < rows; r++) {
      acc[r] += dgates_in[(m0 + r) * N + j] * w;
    }
  }
  let masked = step.dropout_on != 0u && DROP_THRESHOLD != 0u;
  let stream = (step.step << 8u) | LAYER_BELOW;
  for (var r = 0u; r < rows; r++) {
    for (var c = 0u; c < 4u; c++) {
      if (k0 + c < IN) {
        let index = (m0 + r) * IN + k0 + c;
        var value = acc[r][c];
        if (masked) {
          value *= dropout_scale(SEED, stream, index, DROP_THRESHOLD, KEEP_SCALE);
        }
        dh_below[index] = value;
      }
    }
  }
}
