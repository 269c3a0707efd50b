// gru_backward: backpropagation through time of one GRU layer in ONE reverse dispatch. Produces the
// pre-activation gate gradients for every t; the engine's GEMMs turn them into dW_ih, dW_hh, db and dX.
// For t = T−1 … 0, with dh_rec the gradient reaching h_t from step t+1 (0 at t = T−1):
//   dh_t = dh[t] + dh_rec
//   dn = dh_t ⊙ (1 − z) ⊙ (1 − n²)      dz = dh_t ⊙ (h_{t−1} − n) ⊙ z(1−z)      dr = dn ⊙ hn ⊙ r(1−r)
//   input side  [dr, dz, dn]            hidden side [dr, dz, dn ⊙ r]   (n = tanh(xn + r ⊙ hn))
//   dh_rec ← dh_t ⊙ z + W_hhᵀ · hidden side
//
// Buffers (all overwritten, nothing accumulated):
//   params      (…)          read: W_hh (3H, H) row-major at W_HH
//   h           (T+1, B, H)  read: hidden states from gru_forward
//   gates       (T, B, 3H)   read: activated r, z, n from gru_forward
//   hn          (T, B, H)    read: W_hn·h_{t−1} + b_hn from gru_forward
//   dh          (T, B, H)    read: dLoss/dh_t from above (head or the layer above)
//   dgates_in   (T, B, 3H)   written: dr_pre, dz_pre, dn_pre
//   dgates_hid  (T, B, 3H)   written: dr_pre, dz_pre, dn_pre ⊙ r
//
// Layout mirrors gru_forward: thread (bl, j) owns unit j of batch row bl and carries dh_rec in a register.
// The tile's hidden-side gradients go to workgroup memory (ping-pong, one barrier per step), then each thread
// forms its own W_hhᵀ term from a column of W_hh, read coalesced across threads.
//
// Members (shaders/members.wgsl): workgroup_id.z is the member; its parameters start at member · P and its
// rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows.
// CPU twin: src/engine/reference/gru.ts gruBackward
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
override WG: u32;        // threads per workgroup, TILE_B · H
override DG_SLOTS: u32;  // floats of dg_tile, 2 · TILE_B · 3H

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> h: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> gates: array<f32>;             // (T, B, 3H)
@group(0) @binding(3) var<storage, read> hn: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read> dh: array<f32>;                // (T, B, H)
@group(0) @binding(5) var<storage, read_write> dgates_in: array<f32>;   // (T, B, 3H)
@group(0) @binding(6) var<storage, read_write> dgates_hid: array<f32>;  // (T, B, 3H)
@group(0) @binding(7) var<uniform> members: Members;

var<workgroup> dg_tile: array<f32, DG_SLOTS>;  // (2, TILE_B, 3H) ping-pong: this step's hidden-side gradients

@compute @workgroup_size(WG)
fn gru_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let j = lid % H;
  let bl = lid / H;
  let b = wg.x * TILE_B + bl;
  let in_batch = b < B;
  let G = 3u * H;
  let slot = TILE_B * G;

  var dh_rec = 0.0;
  for (var s = 0u; s < T; s++) {
    let t = T - 1u - s;
    let tile = (s & 1u) * slot + bl * G;
    var direct = 0.0;  // dh_t ⊙ z: the part of dh_{t−1} that skips W_hh
    if (in_batch) {
      let go = (rows_t + t * B + b) * G + j;
      let r = gates[go];
      let z = gates[go + H];
      let n = gates[go + 2u * H];
      let ho = (rows_t + t * B + b) * H + j;  // row (t, b) of (T, B, H)
      let h_prev = h[(rows_h + t * B + b) * H + j];  // row t of h (T+1, B, H) is h_{t−1}
      let dh_t = dh[ho] + dh_rec;
      let dn = dh_t * (1.0 - z) * (1.0 - n * n);
      let dz = dh_t * (h_prev - n) * z * (1.0 - z);
      let dr = dn * hn[ho] * r * (1.0 - r);
      let dhn = dn * r;
      direct = dh_t * z;
      dg_tile[tile + j] = dr;
      dg_tile[tile + H + j] = dz;
      dg_tile[tile + 2u * H + j] = dhn;
      dgates_in[go] = dr;
      dgates_in[go + H] = dz;
      dgates_in[go + 2u * H] = dn;
      dgates_hid[go] = dr;
      dgates_hid[go + H] = dz;
      dgates_hid[go + 2u * H] = dhn;
    }
    workgroupBarrier();
    if (in_batch && t > 0u) {
      // Column j of W_hh (3H, H): element (r, j) at W_HH + r·H + j.
      var acc = vec3f(0.0);
      var w = p_base + W_HH + j;
      for (var k = 0u; k < H; k++) {
        acc += vec3f(dg_tile[tile + k], dg_tile[tile + H + k], dg_tile[tile + 2u * H + k]) *
          vec3f(params[w], params[w + H * H], params[w + 2u * H * H]);
        w += H;
      }
      dh_rec = direct + acc.x + acc.y + acc.z;
    }
  }
}
