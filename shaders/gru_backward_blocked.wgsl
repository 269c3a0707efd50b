// gru_backward_blocked: the whole backward recurrence of one GRU layer in one dispatch (the maths, buffers and
// bindings of gru_backward.wgsl), each thread computing a block of 4 batch rows × 8 hidden units. Per k a thread
// loads the 3 hidden-side gradients of each of its 4 rows and column k of W_hh for each of its 8 units, 36 loads,
// for 96 multiply-adds (4 units: 24 for 48; one unit of 4 rows: 15 for 12); see lstm_forward_blocked.wgsl for why
// loads count. Eight units rather than the forward's four: the backward accumulates one value per (row, unit), not
// one per gate, so the wider block costs few registers (measured 1.2× faster on W2 than four units; the LSTM
// backward measured no gain from it and keeps four).
// Thread (q, u) owns units u + m·HQ, m = 0 … 7 (HQ = ⌈H/8⌉) of tile rows 4q … 4q+3; units past H and rows past B
// compute on clamped data and store nothing. The step's hidden-side gradients are read back from dgates_hid after
// storageBarrier(), each workgroup only its own rows.
//
// Buffers (all overwritten, nothing accumulated):
//   params      (…)          read: W_hh (3H, H) row-major at W_HH
//   h           (T+1, B, H)  read
//   gates       (T, B, 3H)   read: activated r, z, n
//   hn          (T, B, H)    read: W_hn·h_{t−1} + b_hn
//   dh          (T, B, H)    read
//   dgates_in   (T, B, 3H)   written: dr_pre, dz_pre, dn_pre
//   dgates_hid  (T, B, 3H)   written (and read back within the workgroup): dr_pre, dz_pre, dn_pre ⊙ r
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
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override P: u32;         // parameters per member
override HQ: u32;        // threads across the units, ⌈H/8⌉
override WG: u32;        // threads per workgroup, TILE_B/4 · HQ

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> h: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> gates: array<f32>;             // (T, B, 3H)
@group(0) @binding(3) var<storage, read> hn: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read> dh: array<f32>;                // (T, B, H)
@group(0) @binding(5) var<storage, read_write> dgates_in: array<f32>;   // (T, B, 3H)
@group(0) @binding(6) var<storage, read_write> dgates_hid: array<f32>;  // (T, B, 3H)
@group(0) @binding(7) var<uniform> members: Members;

// Gate gradients of one (row, unit) at step t, stored; returns dh_t ⊙ z, the part of dh_{t−1} that skips W_hh.
fn cell_grad(t: u32, b: u32, j: u32, dh_rec: f32) -> f32 {
  let rb = min(b, B - 1u);
  let jc = min(j, H - 1u);
  let go = (rows_t + t * B + rb) * 3u * H + jc;
  let r = gates[go];
  let z = gates[go + H];
  let n = gates[go + 2u * H];
  let ho = (rows_t + t * B + rb) * H + jc;
  let h_prev = h[(rows_h + t * B + rb) * H + jc];  // row t of h (T+1, B, H) is h_{t−1}
  let dh_t = dh[ho] + dh_rec;
  let dn = dh_t * (1.0 - z) * (1.0 - n * n);
  let dz = dh_t * (h_prev - n) * z * (1.0 - z);
  let dr = dn * hn[ho] * r * (1.0 - r);
  if (b < B && j < H) {
    dgates_in[go] = dr;
    dgates_in[go + H] = dz;
    dgates_in[go + 2u * H] = dn;
    dgates_hid[go] = dr;
    dgates_hid[go + H] = dz;
    dgates_hid[go + 2u * H] = dn * r;
  }
  return dh_t * z;
}

// The four rows of one unit: returns each row's dh_t ⊙ z.
fn grad_unit(t: u32, b0: u32, j: u32, dh_rec: vec4f) -> vec4f {
  return vec4f(
    cell_grad(t, b0, j, dh_rec.x),
    cell_grad(t, b0 + 1u, j, dh_rec.y),
    cell_grad(t, b0 + 2u, j, dh_rec.z),
    cell_grad(t, b0 + 3u, j, dh_rec.w),
  );
}

// Row k of each gate block of W_hh at column j (clamped to H − 1): W_hh[g·H + k, j] for g = r, z, n.
fn weights(j: u32, k: u32) -> vec3f {
  let w = p_base + W_HH + k * H + min(j, H - 1u);
  return vec3f(params[w], params[w + H * H], params[w + 2u * H * H]);
}

// The three hidden-side gradients of the row starting at d, for hidden index k.
fn gate_grads(d: u32) -> vec3f {
  return vec3f(dgates_hid[d], dgates_hid[d + H], dgates_hid[d + 2u * H]);
}

@compute @workgroup_size(WG)
fn gru_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let u = lid % HQ;
  let q = lid / HQ;
  let b0 = wg.x * TILE_B + 4u * q;
  // Rows read back; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * 3u * H;
  let r1 = min(b0 + 1u, B - 1u) * 3u * H;
  let r2 = min(b0 + 2u, B - 1u) * 3u * H;
  let r3 = min(b0 + 3u, B - 1u) * 3u * H;

  // The recurrent dh of unit u + m·HQ, a vector over the four rows. The gate maths runs as a loop over m and
  // the k loop on named copies: inlining the gate maths eight times makes SwiftShader's compile take minutes.
  var dh: array<vec4f, 8>;
  for (var s = 0u; s < T; s++) {
    let t = T - 1u - s;
    for (var m = 0u; m < 8u; m++) {
      dh[m] = grad_unit(t, b0, u + m * HQ, dh[m]);
    }
    storageBarrier();
    if (t > 0u) {
      // dh_rec[row, j] = dh_t ⊙ z + column j of W_hh against the hidden-side gradients.
      let dt = (rows_t + t * B) * 3u * H;
      var dh0 = dh[0];
      var dh1 = dh[1];
      var dh2 = dh[2];
      var dh3 = dh[3];
      var dh4 = dh[4];
      var dh5 = dh[5];
      var dh6 = dh[6];
      var dh7 = dh[7];
      for (var k = 0u; k < H; k++) {
        // Column r: the hidden-side gradients of row r.
        let d = mat4x3f(gate_grads(dt + r0 + k), gate_grads(dt + r1 + k), gate_grads(dt + r2 + k), gate_grads(dt + r3 + k));
        dh0 += weights(u, k) * d;
        dh1 += weights(u + HQ, k) * d;
        dh2 += weights(u + 2u * HQ, k) * d;
        dh3 += weights(u + 3u * HQ, k) * d;
        dh4 += weights(u + 4u * HQ, k) * d;
        dh5 += weights(u + 5u * HQ, k) * d;
        dh6 += weights(u + 6u * HQ, k) * d;
        dh7 += weights(u + 7u * HQ, k) * d;
      }
      dh = array<vec4f, 8>(dh0, dh1, dh2, dh3, dh4, dh5, dh6, dh7);
    }
  }
}
