// lstm_backward: backpropagation through time of one LSTM layer in ONE reverse dispatch. Produces the
// pre-activation gate gradients for every t; the engine's GEMMs turn them into dW_ih, dW_hh, db and dX.
// For t = T−1 … 0, with dh_rec the recurrent gradient from step t+1 (0 at t = T−1):
//   dh_t = dh[t] + dh_rec                    tc = tanh(c_t)
//   dc   = dc_carry + dh_t ⊙ o ⊙ (1 − tc²)   dc_carry ← dc ⊙ f
//   di = dc ⊙ g ⊙ i(1−i)   df = dc ⊙ c_{t−1} ⊙ f(1−f)   dg = dc ⊙ i ⊙ (1−g²)   do = dh_t ⊙ tc ⊙ o(1−o)
//   dh_rec ← W_hhᵀ · [di, df, dg, do]
//
// Buffers (all overwritten, nothing accumulated):
//   params      (…)          read: W_hh (4H, H) row-major at W_HH
//   c           (T+1, B, H)  read: cell states from lstm_forward
//   gates       (T, B, 4H)   read: activated i, f, g, o from lstm_forward
//   dh          (T, B, H)    read: dLoss/dh_t from above (head or the layer above)
//   dgates_in   (T, B, 4H)   written: di, df, dg, do (pre-activation)
//   dgates_hid  (T, B, 4H)   written with the same values when WRITE_HID (skipped when the caller uses one buffer)
//
// Layout mirrors lstm_forward: thread (bl, j) owns unit j of batch row bl and carries dc and dh_rec in
// registers. The tile's gate gradients go to workgroup memory (ping-pong, one barrier per step), then each
// thread forms its own dh_rec[j] = Σ_r dgates[r]·W_hh[r, j] — a column of W_hh, read coalesced across threads.
//
// Members (shaders/members.wgsl): workgroup_id.z is the member; its parameters start at member · P and its
// rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows.
// CPU twin: src/engine/reference/lstm.ts lstmBackward
// Parity test: tests/gpu/recurrence.test.ts

// #include "members.wgsl"
// #include "member_rows.wgsl"

// Set by src/engine/gpu/recurrence.ts, the sizes by fusedOverrides (recurrencePlan.ts): none is computed here.
override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;
override W_HH: u32;
override P: u32;         // parameters per member
override WRITE_HID: bool = true;
override WG: u32;        // threads per workgroup, TILE_B · H
override DG_SLOTS: u32;  // floats of dg_tile, 2 · TILE_B · 4H

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> c: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> gates: array<f32>;             // (T, B, 4H)
@group(0) @binding(3) var<storage, read> dh: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read_write> dgates_in: array<f32>;   // (T, B, 4H)
@group(0) @binding(5) var<storage, read_write> dgates_hid: array<f32>;  // (T, B, 4H)
@group(0) @binding(6) var<uniform> members: Members;

var<workgroup> dg_tile: array<f32, DG_SLOTS>;  // (2, TILE_B, 4H) ping-pong: this step's gate gradients

@compute @workgroup_size(WG)
fn lstm_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let j = lid % H;
  let bl = lid / H;
  let b = wg.x * TILE_B + bl;
  let in_batch = b < B;
  let G = 4u * H;
  let slot = TILE_B * G;

  var dc = 0.0;
  var dh_rec = 0.0;
  for (var s = 0u; s < T; s++) {
    let t = T - 1u - s;
    let tile = (s & 1u) * slot + bl * G;  // this row's 4H gradients in the current slot
    if (in_batch) {
      let go = (rows_t + t * B + b) * G + j;
      let i = gates[go];
      let f = gates[go + H];
      let g = gates[go + 2u * H];
      let o = gates[go + 3u * H];
      let co = (rows_h + t * B + b) * H + j;  // row t of c (T+1, B, H) is c_{t−1}
      let c_prev = c[co];
      let tc = tanh(clamp(c[co + B * H], -15.0, 15.0));
      let dh_t = dh[(rows_t + t * B + b) * H + j] + dh_rec;
      dc += dh_t * o * (1.0 - tc * tc);
      let d = vec4f(dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f), dc * i * (1.0 - g * g), dh_t * tc * o * (1.0 - o));
      dc *= f;
      dg_tile[tile + j] = d.x;
      dg_tile[tile + H + j] = d.y;
      dg_tile[tile + 2u * H + j] = d.z;
      dg_tile[tile + 3u * H + j] = d.w;
      dgates_in[go] = d.x;
      dgates_in[go + H] = d.y;
      dgates_in[go + 2u * H] = d.z;
      dgates_in[go + 3u * H] = d.w;
      if (WRITE_HID) {
        dgates_hid[go] = d.x;
        dgates_hid[go + H] = d.y;
        dgates_hid[go + 2u * H] = d.z;
        dgates_hid[go + 3u * H] = d.w;
      }
    }
    workgroupBarrier();
    if (in_batch && t > 0u) {
      // Column j of W_hh (4H, H): element (r, j) at W_HH + r·H + j, one gate block at a time.
      var acc = vec4f(0.0);
      var w = p_base + W_HH + j;
      for (var k = 0u; k < H; k++) {
        acc += vec4f(dg_tile[tile + k], dg_tile[tile + H + k], dg_tile[tile + 2u * H + k], dg_tile[tile + 3u * H + k]) *
          vec4f(params[w], params[w + H * H], params[w + 2u * H * H], params[w + 3u * H * H]);
        w += H;
      }
      dh_rec = acc.x + acc.y + acc.z + acc.w;
    }
  }
}
