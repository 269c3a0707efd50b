// gru_backward_rows4: gru_backward.wgsl with four batch rows per thread and no workgroup memory. Same maths,
// buffers and bindings. Each W_hh element loaded for dh_rec serves four rows; the step's hidden-side gradients
// are read back from dgates_hid after storageBarrier() (see lstm_forward_rows4.wgsl for why).
// Thread (q, j) owns unit j of tile rows 4q … 4q+3; TILE_B is a multiple of 4; rows past B store nothing.
//
// Buffers (all overwritten, nothing accumulated):
//   params      (…)          read: W_hh (3H, H) row-major at W_HH
//   h           (T+1, B, H)  read
//   gates       (T, B, 3H)   read: activated r, z, n
//   hn          (T, B, H)    read: W_hn·h_{t−1} + b_hn
//   dh          (T, B, H)    read
//   dgates_in   (T, B, 3H)   written: dr_pre, dz_pre, dn_pre
//   dgates_hid  (T, B, 3H)   written (and read back within the workgroup): dr_pre, dz_pre, dn_pre ⊙ r

override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override WG: u32 = TILE_B / 4u * H;

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> h: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> gates: array<f32>;             // (T, B, 3H)
@group(0) @binding(3) var<storage, read> hn: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read> dh: array<f32>;                // (T, B, H)
@group(0) @binding(5) var<storage, read_write> dgates_in: array<f32>;   // (T, B, 3H)
@group(0) @binding(6) var<storage, read_write> dgates_hid: array<f32>;  // (T, B, 3H)

// Gate gradients of one (row, unit) at step t, stored; returns dh_t ⊙ z, the part of dh_{t−1} that skips W_hh.
fn cell_grad(t: u32, b: u32, j: u32, dh_rec: f32) -> f32 {
  let rb = min(b, B - 1u);
  let go = (t * B + rb) * 3u * H + j;
  let r = gates[go];
  let z = gates[go + H];
  let n = gates[go + 2u * H];
  let ho = (t * B + rb) * H + j;
  let dh_t = dh[ho] + dh_rec;
  let dn = dh_t * (1.0 - z) * (1.0 - n * n);
  let dz = dh_t * (h[ho] - n) * z * (1.0 - z);
  let dr = dn * hn[ho] * r * (1.0 - r);
  if (b < B) {
    dgates_in[go] = dr;
    dgates_in[go + H] = dz;
    dgates_in[go + 2u * H] = dn;
    dgates_hid[go] = dr;
    dgates_hid[go + H] = dz;
    dgates_hid[go + 2u * H] = dn * r;
  }
  return dh_t * z;
}

// Σ_g hidden-side gradients[row, g·H + k] · W_hh[g·H + k, j] for one k, from gradients at d and weights wk.
fn dot_gates(d: u32, wk: vec3f) -> f32 {
  return dot(vec3f(dgates_hid[d], dgates_hid[d + H], dgates_hid[d + 2u * H]), wk);
}

@compute @workgroup_size(WG)
fn gru_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let j = lid % H;
  let q = lid / H;
  let b0 = wg.x * TILE_B + 4u * q;
  // Rows read back; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * 3u * H;
  let r1 = min(b0 + 1u, B - 1u) * 3u * H;
  let r2 = min(b0 + 2u, B - 1u) * 3u * H;
  let r3 = min(b0 + 3u, B - 1u) * 3u * H;

  var dh0 = 0.0;
  var dh1 = 0.0;
  var dh2 = 0.0;
  var dh3 = 0.0;
  for (var s = 0u; s < T; s++) {
    let t = T - 1u - s;
    dh0 = cell_grad(t, b0, j, dh0);
    dh1 = cell_grad(t, b0 + 1u, j, dh1);
    dh2 = cell_grad(t, b0 + 2u, j, dh2);
    dh3 = cell_grad(t, b0 + 3u, j, dh3);
    storageBarrier();
    if (t > 0u) {
      // dh_rec[row, j] = dh_t ⊙ z + column j of W_hh against the hidden-side gradients.
      let dt = t * B * 3u * H;
      var w = W_HH + j;
      for (var k = 0u; k < H; k++) {
        let wk = vec3f(params[w], params[w + H * H], params[w + 2u * H * H]);
        dh0 += dot_gates(dt + r0 + k, wk);
        dh1 += dot_gates(dt + r1 + k, wk);
        dh2 += dot_gates(dt + r2 + k, wk);
        dh3 += dot_gates(dt + r3 + k, wk);
        w += H;
      }
    }
  }
}
