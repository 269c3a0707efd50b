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

// Dropout multiplier of input element k of row m (only called when dropout is on).
fn keep(m: u32, k: u32) -> f32 {
  let stream = (step.step << 8u) | LAYER_BELOW;
  return dropout_scale(SEED, stream, m * IN + k, DROP_THRESHOLD, KEEP_SCALE);
}

// Four consecutive gate gradients (rows j0..j0+3, clamped at N − 1) of row m.
fn gates_in(m: u32, j: vec4u) -> vec4f {
  let base = m * N;
  return vec4f(dgates_in[base + j.x], dgates_in[base + j.y], dgates_in[base + j.z], dgates_in[base + j.w]);
}

fn gates_hid(m: u32, j: vec4u) -> vec4f {
  let base = m * N;
  return vec4f(dgates_hid[base + j.x], dgates_hid[base + j.y], dgates_hid[base + j.z], dgates_hid[base + j.w]);
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
  // Gate rows and operand columns past the edge are clamped for loading and skipped on store.
  let j = min(vec4u(j0, j0 + 1u, j0 + 2u, j0 + 3u), vec4u(N - 1u));
  // acc_c: column c of the block, one lane per gate row j0 + r. Named accumulators, not a private
  // array: arrays indexed at run time are slow on CPU-emulated GPUs.
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);

  if (block < IN_BLOCKS) {
    let k0 = block * 4u;
    let k = min(vec4u(k0, k0 + 1u, k0 + 2u, k0 + 3u), vec4u(IN - 1u));
    let masked = SOURCE == 1u && DROP_THRESHOLD != 0u && step.dropout_on != 0u;
    for (var t = 0u; t < T; t++) {
      for (var b = 0u; b < B; b++) {
        let m = t * B + b;
        var base = (m + B) * IN; // SOURCE 1: row t+1 of the layer below's h
        if (SOURCE == 0u) {
          base = (b * T + t) * IN;
        }
        var x = vec4f(src[base + k.x], src[base + k.y], src[base + k.z], src[base + k.w]);
        if (masked) {
          x *= vec4f(keep(m, k.x), keep(m, k.y), keep(m, k.z), keep(m, k.w));
        }
        let g = gates_in(m, j);
        acc0 += g * x.x;
        acc1 += g * x.y;
        acc2 += g * x.z;
        acc3 += g * x.w;
      }
    }
    store_block(W_IH_OFF, IN, j0, k0, acc0, acc1, acc2, acc3);
  } else if (block < IN_BLOCKS + H_BLOCKS) {
    let k0 = (block - IN_BLOCKS) * 4u;
    let k = min(vec4u(k0, k0 + 1u, k0 + 2u, k0 + 3u), vec4u(H - 1u));
    for (var m = 0u; m < M; m++) {
      let base = m * H; // row t of h is h_{t−1} for time step t
      let hp = vec4f(h[base + k.x], h[base + k.y], h[base + k.z], h[base + k.w]);
      let g = gates_hid(m, j);
      acc0 += g * hp.x;
      acc1 += g * hp.y;
      acc2 += g * hp.z;
      acc3 += g * hp.w;
    }
    store_block(W_HH_OFF, H, j0, k0, acc0, acc1, acc2, acc3);
  } else {
    for (var m = 0u; m < M; m++) {
      acc0 += gates_in(m, j);
      acc1 += gates_hid(m, j);
    }
    for (var r = 0u; r < 4u; r++) {
      if (j0 + r < N) {
        grads[B_IH_OFF + j0 + r] = acc0[r];
        grads[B_HH_OFF + j0 + r] = acc1[r];
      }
    }
  }
}

// Stores the 4 × 4 block (rows j0.., columns k0..) of a (N, cols) gradient at offset, inside its bounds.
fn store_block(offset: u32, cols: u32, j0: u32, k0: u32, c0: vec4f, c1: vec4f, c2: vec4f, c3: vec4f) {
  for (var r = 0u; r < 4u; r++) {
    if (j0 + r < N) {
      let row = offset + (j0 + r) * cols + k0;
      grads[row] = c0[r];
      if (k0 + 1u < cols) {
        grads[row + 1u] = c1[r];
      }
      if (k0 + 2u < cols) {
        grads[row + 2u] = c2[r];
      }
      if (k0 + 3u < cols) {
        grads[row + 3u] = c3[r];
      }
    }
  }
}
