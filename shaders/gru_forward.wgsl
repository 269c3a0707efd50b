// gru_forward: the whole recurrence of one GRU layer in ONE dispatch (PyTorch nn.GRU, gates r, z, n, with the
// reset gate applied after the hidden matmul):
//   r = σ(xr_t + W_hr·h + b_hr)   z = σ(xz_t + W_hz·h + b_hz)   hn = W_hn·h + b_hn   n = tanh(xn_t + r ⊙ hn)
//   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
// The input side x_t·W_ihᵀ + b_ih for every t arrives precomputed in xproj (one GEMM over all t).
//
// Buffers (all overwritten, nothing accumulated):
//   params (…)          read: flat parameter vector; W_hh (3H, H) row-major at W_HH, b_hh (3H) at B_HH
//   xproj  (T, B, 3H)   read
//   h      (T+1, B, H)  written, h[0] = 0
//   gates  (T, B, 3H)   written: activated r, z, n (kept for backward)
//   hn     (T, B, H)    written: W_hn·h_{t−1} + b_hn (kept for backward)
//
// Layout as lstm_forward: a workgroup owns TILE_B batch rows and loops over t; thread (bl, j) owns unit j of
// row bl; h of the tile lives in workgroup memory, ping-ponged so each step needs a single barrier.
//
// Members (shaders/members.wgsl): workgroup_id.z is the member; its parameters start at member · P and its
// rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows.
// CPU twin: src/engine/reference/gru.ts gruForward
// Parity test: tests/gpu/recurrence.test.ts

// #include "members.wgsl"
// #include "member_rows.wgsl"

// Set by src/engine/gpu/recurrence.ts, the sizes by fusedOverrides (recurrencePlan.ts): none is computed here.
override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;
override W_HH: u32;
override B_HH: u32;
override P: u32;         // parameters per member
override WG: u32;        // threads per workgroup, TILE_B · H
override H_SLOTS: u32;   // floats of h_tile, 2 · TILE_B · H

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 3H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;  // (T, B, 3H)
@group(0) @binding(4) var<storage, read_write> hn: array<f32>;     // (T, B, H)
@group(0) @binding(5) var<uniform> members: Members;

var<workgroup> h_tile: array<f32, H_SLOTS>;  // (2, TILE_B, H) ping-pong: h_{t−1} and h_t of this tile

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

// Clamped so implementations that build tanh from exp never see inf/inf.
fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

@compute @workgroup_size(WG)
fn gru_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let j = lid % H;
  let bl = lid / H;
  let b = wg.x * TILE_B + bl;
  let in_batch = b < B;
  let G = 3u * H;
  let slot = TILE_B * H;

  let row_r = p_base + W_HH + j * H;
  let row_z = row_r + H * H;
  let row_n = row_z + H * H;
  var bias = vec3f(0.0);
  if (in_batch) {
    let bh = p_base + B_HH + j;
    bias = vec3f(params[bh], params[bh + H], params[bh + 2u * H]);
    h[(rows_h + b) * H + j] = 0.0;
  }
  h_tile[lid] = 0.0;
  workgroupBarrier();

  for (var t = 0u; t < T; t++) {
    let cur = (t & 1u) * slot + bl * H;
    let nxt = slot - (t & 1u) * slot + bl * H;
    if (in_batch) {
      var a = bias;  // W_hh·h_{t−1} + b_hh for r, z, n
      for (var k = 0u; k < H; k++) {
        let hk = h_tile[cur + k];
        a += vec3f(params[row_r + k], params[row_z + k], params[row_n + k]) * hk;
      }
      let xo = (rows_t + t * B + b) * G + j;
      let r = sigmoid(xproj[xo] + a.x);
      let z = sigmoid(xproj[xo + H] + a.y);
      let n = tanh_safe(xproj[xo + 2u * H] + r * a.z);
      let h_new = (1.0 - z) * n + z * h_tile[cur + j];
      h_tile[nxt + j] = h_new;
      h[(rows_h + (t + 1u) * B + b) * H + j] = h_new;
      gates[xo] = r;
      gates[xo + H] = z;
      gates[xo + 2u * H] = n;
      hn[(rows_t + t * B + b) * H + j] = a.z;
    }
    workgroupBarrier();
  }
}
