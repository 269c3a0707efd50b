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
override T: u32;
override B: u32;
override IN: u32;
override N: u32;
override W_OFF: u32;
override B_OFF: u32;
override SOURCE: u32;        // 0: batch x (B, T, IN); 1: hidden state of the layer below (T+1, B, IN)
override LAYER_BELOW: u32;   // layer whose output is dropped (SOURCE = 1): picks the dropout stream
override SEED: u32;
override DROP_THRESHOLD: u32; // ceil(p · 2²⁴); 0 keeps everything
override KEEP_SCALE: f32;     // 1 / (1 − p)
override M: u32 = T * B;

struct Step {
  step: u32,
  dropout_on: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> xproj: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

// x̃[m, k] for the time-major row m = t·B + b.
fn input_at(m: u32, k: u32) -> f32 {
  let t = m / B;
  let b = m % B;
  if (SOURCE == 0u) {
    return src[(b * T + t) * IN + k];
  }
  let value = src[(m + B) * IN + k];
  if (step.dropout_on == 0u || DROP_THRESHOLD == 0u) {
    return value;
  }
  let stream = (step.step << 8u) | LAYER_BELOW;
  return value * dropout_scale(SEED, stream, m * IN + k, DROP_THRESHOLD, KEEP_SCALE);
}

@compute @workgroup_size(WG)
fn input_projection(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let col_blocks = (N + 3u) / 4u;
  let row_blocks = (M + 3u) / 4u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * col_blocks) {
    return;
  }
  let m0 = (id / col_blocks) * 4u;
  let n0 = (id % col_blocks) * 4u;
  let rows = min(4u, M - m0);
  var acc: array<vec4f, 4>;
  var bias = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) {
    if (n0 + c < N) {
      bias[c] = params[B_OFF + n0 + c];
    }
  }
  for (var r = 0u; r < 4u; r++) {
    acc[r] = bias;
  }
  for (var k = 0u; k < IN; k++) {
    var w = vec4f(0.0);
    for (var c = 0u; c < 4u; c++) {
      if (n0 + c < N) {
        w[c] = params[W_OFF + (n0 + c) * IN + k];
      }
    }
    for (var r = 0u; r < rows; r++) {
      acc[r] += input_at(m0 + r, k) * w;
    }
  }
  for (var r = 0u; r < rows; r++) {
    for (var c = 0u; c < 4u; c++) {
      if (n0 + c < N) {
        xproj[(m0 + r) * N + n0 + c] = acc[r][c];
      }
    }
  }
}
