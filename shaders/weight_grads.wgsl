// weight_grads: every parameter gradient of one recurrent layer in one dispatch, summed over all
// T·B rows from the pre-activation gate gradients the backward recurrence wrote:
//   dW_ih[j, k] = Σ_m dgates_in[m, j] · x̃[m, k]       dW_hh[j, k] = Σ_m dgates_hid[m, j] · h[t, b, k]  (h_{t−1})
//   db_ih[j]    = Σ_m dgates_in[m, j]                  db_hh[j]    = Σ_m dgates_hid[m, j]
// with m = t·B + b and x̃ the layer's (dropped-out) input exactly as input_projection read it.
// The four results form one virtual (N, IN + H + 2) matrix: column blocks [0, IN) → dW_ih,
// [IN, IN + H) → dW_hh, and one last block holding the two bias columns.
//
// Buffers (M = T·B, N = G·H):
//   src         read: the layer's input, as in input_projection (SOURCE 0: x (B, T, IN); 1: h below (T+1, B, IN))
//   h           read: this layer's h (T+1, B, H); rows 0..T−1 are h_{t−1}
//   dgates_in   read (T, B, N)
//   dgates_hid  read (T, B, N) (the same buffer as dgates_in for the LSTM)
//   grads       overwritten at W_IH_OFF (N, IN), W_HH_OFF (N, H), B_IH_OFF (N), B_HH_OFF (N); nothing else touched
//   step        uniform: optimiser step (dropout stream) and whether dropout is on
// Workgroup: WG threads along x; each thread owns 4 rows j × 4 columns of the virtual matrix and loops
// over all M rows (no cross-thread reduction, so no atomics and no barriers).

override WG: u32 = 64;
override T: u32;
override B: u32;
override IN: u32;
override H: u32;
override N: u32;
override W_IH_OFF: u32;
override W_HH_OFF: u32;
override B_IH_OFF: u32;
override B_HH_OFF: u32;
override SOURCE: u32;
override LAYER_BELOW: u32;
override SEED: u32;
override DROP_THRESHOLD: u32;
override KEEP_SCALE: f32;
override M: u32 = T * B;
override IN_BLOCKS: u32 = (IN + 3u) / 4u;
override H_BLOCKS: u32 = (H + 3u) / 4u;
override COL_BLOCKS: u32 = IN_BLOCKS + H_BLOCKS + 1u;

struct Step {
  step: u32,
  dropout_on: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> h: array<f32>;
@group(0) @binding(2) var<storage, read> dgates_in: array<f32>;
@group(0) @binding(3) var<storage, read> dgates_hid: array<f32>;
@group(0) @binding(4) var<storage, read_write> grads: array<f32>;
@group(0) @binding(5) var<uniform> step: Step;

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

// Four consecutive gate gradients (rows j0..j0+3) of row m; zero past N.
fn gate_grads(from_hidden: bool, m: u32, j0: u32) -> vec4f {
  var g = vec4f(0.0);
  for (var r = 0u; r < 4u; r++) {
    if (j0 + r < N) {
      if (from_hidden) {
        g[r] = dgates_hid[m * N + j0 + r];
      } else {
        g[r] = dgates_in[m * N + j0 + r];
      }
    }
  }
  return g;
}

@compute @workgroup_size(WG)
fn weight_grads(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let row_blocks = (N + 3u) / 4u;
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= row_blocks * COL_BLOCKS) {
    return;
  }
  let j0 = (id / COL_BLOCKS) * 4u;
  let block = id % COL_BLOCKS;
  // acc[c][r]: column c of the block, gate row j0 + r.
  var acc: array<vec4f, 4>;

  if (block < IN_BLOCKS) {
    let k0 = block * 4u;
    for (var m = 0u; m < M; m++) {
      let g = gate_grads(false, m, j0);
      for (var c = 0u; c < 4u; c++) {
        if (k0 + c < IN) {
          acc[c] += g * input_at(m, k0 + c);
        }
      }
    }
    for (var c = 0u; c < 4u; c++) {
      for (var r = 0u; r < 4u; r++) {
        if (k0 + c < IN && j0 + r < N) {
          grads[W_IH_OFF + (j0 + r) * IN + k0 + c] = acc[c][r];
        }
      }
    }
  } else if (block < IN_BLOCKS + H_BLOCKS) {
    let k0 = (block - IN_BLOCKS) * 4u;
    for (var m = 0u; m < M; m++) {
      let g = gate_grads(true, m, j0);
      for (var c = 0u; c < 4u; c++) {
        if (k0 + c < H) {
          acc[c] += g * h[m * H + k0 + c];
        }
      }
    }
    for (var c = 0u; c < 4u; c++) {
      for (var r = 0u; r < 4u; r++) {
        if (k0 + c < H && j0 + r < N) {
          grads[W_HH_OFF + (j0 + r) * H + k0 + c] = acc[c][r];
        }
      }
    }
  } else {
    for (var m = 0u; m < M; m++) {
      acc[0] += gate_grads(false, m, j0);
      acc[1] += gate_grads(true, m, j0);
    }
    for (var r = 0u; r < 4u; r++) {
      if (j0 + r < N) {
        grads[B_IH_OFF + j0 + r] = acc[0][r];
        grads[B_HH_OFF + j0 + r] = acc[1][r];
      }
    }
  }
}
