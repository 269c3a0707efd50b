// lstm_backward_blocked: the whole backward recurrence of one LSTM layer in one dispatch (the maths, buffers and
// bindings of lstm_backward.wgsl), each thread computing a block of 4 batch rows × 4 hidden units. Per k a thread
// loads the 4 gate gradients of each of its 4 rows and column k of W_hh for each of its 4 units, 32 loads, for 64
// multiply-adds; one unit of 4 rows would load 20 for 16 (see lstm_forward_blocked.wgsl for why loads count).
// Thread (q, u) owns units u, u + HQ, u + 2·HQ, u + 3·HQ (HQ = ⌈H/4⌉) of tile rows 4q … 4q+3; units past H and
// rows past B compute on clamped data and store nothing. The step's gate gradients are read back from dgates_in
// after storageBarrier(), each workgroup only its own rows.
//
// Buffers (all overwritten, nothing accumulated):
//   params      (…)          read: W_hh (4H, H) row-major at W_HH
//   c           (T+1, B, H)  read
//   gates       (T, B, 4H)   read: activated i, f, g, o
//   dh          (T, B, H)    read
//   dgates_in   (T, B, 4H)   written (and read back within the workgroup): di, df, dg, do (pre-activation)
//   dgates_hid  (T, B, 4H)   written with the same values when WRITE_HID
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
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override P: u32;         // parameters per member
override WRITE_HID: bool = true;
override HQ: u32;        // threads across the units, ⌈H/4⌉
override WG: u32;        // threads per workgroup, TILE_B/4 · HQ

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> c: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> gates: array<f32>;             // (T, B, 4H)
@group(0) @binding(3) var<storage, read> dh: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read_write> dgates_in: array<f32>;   // (T, B, 4H)
@group(0) @binding(5) var<storage, read_write> dgates_hid: array<f32>;  // (T, B, 4H)
@group(0) @binding(6) var<uniform> members: Members;

// Gate gradients of one (row, unit) at step t, stored; takes dc_{t+1}·f_{t+1} carried in, returns dc_t·f_t.
fn cell_grad(t: u32, b: u32, j: u32, dh_rec: f32, dc: f32) -> f32 {
  let go = (rows_t + t * B + min(b, B - 1u)) * 4u * H + min(j, H - 1u);
  let i = gates[go];
  let f = gates[go + H];
  let g = gates[go + 2u * H];
  let o = gates[go + 3u * H];
  let row = t * B + min(b, B - 1u);
  let co = (rows_h + row) * H + min(j, H - 1u);  // row t of c (T+1, B, H) is c_{t−1}
  let c_prev = c[co];
  let tc = tanh(clamp(c[co + B * H], -15.0, 15.0));
  let dh_t = dh[(rows_t + row) * H + min(j, H - 1u)] + dh_rec;
  let dc_t = dc + dh_t * o * (1.0 - tc * tc);
  if (b < B && j < H) {
    let d = vec4f(dc_t * g * i * (1.0 - i), dc_t * c_prev * f * (1.0 - f), dc_t * i * (1.0 - g * g), dh_t * tc * o * (1.0 - o));
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
  return dc_t * f;
}

// The four rows of one unit: returns each row's carried dc.
fn grad_unit(t: u32, b0: u32, j: u32, dh_rec: vec4f, dc: vec4f) -> vec4f {
  return vec4f(
    cell_grad(t, b0, j, dh_rec.x, dc.x),
    cell_grad(t, b0 + 1u, j, dh_rec.y, dc.y),
    cell_grad(t, b0 + 2u, j, dh_rec.z, dc.z),
    cell_grad(t, b0 + 3u, j, dh_rec.w, dc.w),
  );
}

// Row k of each gate block of W_hh at column j (clamped to H − 1): W_hh[g·H + k, j] for g = i, f, g, o.
fn weights(j: u32, k: u32) -> vec4f {
  let w = p_base + W_HH + k * H + min(j, H - 1u);
  return vec4f(params[w], params[w + H * H], params[w + 2u * H * H], params[w + 3u * H * H]);
}

// The four gate gradients of the row starting at d, for hidden index k.
fn gate_grads(d: u32) -> vec4f {
  return vec4f(dgates_in[d], dgates_in[d + H], dgates_in[d + 2u * H], dgates_in[d + 3u * H]);
}

@compute @workgroup_size(WG)
fn lstm_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let u = lid % HQ;
  let q = lid / HQ;
  let b0 = wg.x * TILE_B + 4u * q;
  let j0 = u;
  let j1 = u + HQ;
  let j2 = u + 2u * HQ;
  let j3 = u + 3u * HQ;
  // Rows read back; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * 4u * H;
  let r1 = min(b0 + 1u, B - 1u) * 4u * H;
  let r2 = min(b0 + 2u, B - 1u) * 4u * H;
  let r3 = min(b0 + 3u, B - 1u) * 4u * H;

  // Per unit, a vector over the four rows: the carried dc and the recurrent dh.
  var dc0 = vec4f(0.0);
  var dc1 = vec4f(0.0);
  var dc2 = vec4f(0.0);
  var dc3 = vec4f(0.0);
  var dh0 = vec4f(0.0);
  var dh1 = vec4f(0.0);
  var dh2 = vec4f(0.0);
  var dh3 = vec4f(0.0);
  for (var s = 0u; s < T; s++) {
    let t = T - 1u - s;
    dc0 = grad_unit(t, b0, j0, dh0, dc0);
    dc1 = grad_unit(t, b0, j1, dh1, dc1);
    dc2 = grad_unit(t, b0, j2, dh2, dc2);
    dc3 = grad_unit(t, b0, j3, dh3, dc3);
    storageBarrier();
    if (t > 0u) {
      // dh_rec[row, j] = Σ_k Σ_g dgates[row, g·H + k] · W_hh[g·H + k, j]: column j of W_hh.
      let dt = (rows_t + t * B) * 4u * H;
      dh0 = vec4f(0.0);
      dh1 = vec4f(0.0);
      dh2 = vec4f(0.0);
      dh3 = vec4f(0.0);
      for (var k = 0u; k < H; k++) {
        // Column r: the gate gradients of row r.
        let d = mat4x4f(gate_grads(dt + r0 + k), gate_grads(dt + r1 + k), gate_grads(dt + r2 + k), gate_grads(dt + r3 + k));
        dh0 += weights(j0, k) * d;
        dh1 += weights(j1, k) * d;
        dh2 += weights(j2, k) * d;
        dh3 += weights(j3, k) * d;
      }
    }
    // The next step overwrites other rows of dgates only (row t−1), so no second barrier is needed.
  }
}
