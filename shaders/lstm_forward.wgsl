// lstm_forward: the whole recurrence of one LSTM layer in ONE dispatch (PyTorch nn.LSTM, gates i, f, g, o):
//   a = xproj_t + W_hh·h_{t−1} + b_hh     i, f, o = σ(a_i, a_f, a_o)   g = tanh(a_g)
//   c_t = f ⊙ c_{t−1} + i ⊙ g               h_t = o ⊙ tanh(c_t)
// The input side x_t·W_ihᵀ + b_ih for every t arrives precomputed in xproj (one GEMM over all t).
//
// Buffers (all overwritten, nothing accumulated):
//   params (…)          read: flat parameter vector; W_hh (4H, H) row-major at W_HH, b_hh (4H) at B_HH
//   xproj  (T, B, 4H)   read
//   h      (T+1, B, H)  written, h[0] = 0
//   c      (T+1, B, H)  written, c[0] = 0
//   gates  (T, B, 4H)   written: activated i, f, g, o (kept for backward)
//
// Layout: a workgroup owns TILE_B batch rows and loops over t itself; thread (bl, j) owns hidden unit j of
// row bl (TILE_B·H threads), so c_t stays in a register. h_{t−1} of the tile lives in workgroup memory,
// ping-ponged between two slots so each step needs a single barrier. Each thread streams its four W_hh
// rows contiguously while h is read as a broadcast. Rows past B (last tile) run the loop idle so every
// thread reaches every barrier.
//
// Members (shaders/members.wgsl): workgroup_id.z is the member; its parameters start at member · P and its
// rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows.
// CPU twin: src/engine/reference/lstm.ts lstmForward
// Parity test: tests/gpu/recurrence.test.ts

// #include "members.wgsl"
// #include "member_rows.wgsl"

// Set by src/engine/gpu/recurrence.ts, the sizes by fusedOverrides (recurrencePlan.ts): none is computed here.
override H: u32;         // hidden units
override T: u32;         // time steps
override B: u32;         // batch rows
override TILE_B: u32;    // batch rows per workgroup
override W_HH: u32;      // element offset of weight_hh in params
override B_HH: u32;      // element offset of bias_hh in params
override P: u32;         // parameters per member
override WG: u32;        // threads per workgroup, TILE_B · H
override H_SLOTS: u32;   // floats of h_tile, 2 · TILE_B · H

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 4H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> c: array<f32>;      // (T+1, B, H)
@group(0) @binding(4) var<storage, read_write> gates: array<f32>;  // (T, B, 4H)
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
fn lstm_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let j = lid % H;
  let bl = lid / H;
  let b = wg.x * TILE_B + bl;
  let in_batch = b < B;
  let G = 4u * H;
  let slot = TILE_B * H;

  // Rows i, f, g, o of W_hh for unit j, each H contiguous floats.
  let row_i = p_base + W_HH + j * H;
  let row_f = row_i + H * H;
  let row_g = row_f + H * H;
  let row_o = row_g + H * H;
  var bias = vec4f(0.0);
  var c_reg = 0.0;
  if (in_batch) {
    let bh = p_base + B_HH + j;
    bias = vec4f(params[bh], params[bh + H], params[bh + 2u * H], params[bh + 3u * H]);
    h[(rows_h + b) * H + j] = 0.0;
    c[(rows_h + b) * H + j] = 0.0;
  }
  h_tile[lid] = 0.0;
  workgroupBarrier();

  for (var t = 0u; t < T; t++) {
    let cur = (t & 1u) * slot + bl * H;   // h_{t−1} of row bl
    let nxt = slot - (t & 1u) * slot + bl * H;
    if (in_batch) {
      let xo = (rows_t + t * B + b) * G + j;
      var a = bias + vec4f(xproj[xo], xproj[xo + H], xproj[xo + 2u * H], xproj[xo + 3u * H]);
      for (var k = 0u; k < H; k++) {
        let hk = h_tile[cur + k];
        a += vec4f(params[row_i + k], params[row_f + k], params[row_g + k], params[row_o + k]) * hk;
      }
      let i = sigmoid(a.x);
      let f = sigmoid(a.y);
      let g = tanh_safe(a.z);
      let o = sigmoid(a.w);
      c_reg = f * c_reg + i * g;
      let h_new = o * tanh_safe(c_reg);
      h_tile[nxt + j] = h_new;
      let ho = (rows_h + (t + 1u) * B + b) * H + j;
      h[ho] = h_new;
      c[ho] = c_reg;
      let go = (rows_t + t * B + b) * G + j;
      gates[go] = i;
      gates[go + H] = f;
      gates[go + 2u * H] = g;
      gates[go + 3u * H] = o;
    }
    workgroupBarrier();
  }
}
