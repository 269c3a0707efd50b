// lstm_backward_rows4: lstm_backward.wgsl with four batch rows per thread and no workgroup memory. Same maths,
// buffers and bindings. Each W_hh element loaded for dh_rec serves four rows; the step's gate gradients are read
// back from dgates_in itself after storageBarrier() (see lstm_forward_rows4.wgsl for why no workgroup memory).
// Thread (q, j) owns unit j of tile rows 4q … 4q+3; TILE_B is a multiple of 4; rows past B store nothing.
//
// Buffers (all overwritten, nothing accumulated):
//   params      (…)          read: W_hh (4H, H) row-major at W_HH
//   c           (T+1, B, H)  read
//   gates       (T, B, 4H)   read: activated i, f, g, o
//   dh          (T, B, H)    read
//   dgates_in   (T, B, 4H)   written (and read back within the workgroup): di, df, dg, do (pre-activation)
//   dgates_hid  (T, B, 4H)   written with the same values when WRITE_HID

override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override WRITE_HID: bool = true;
override WG: u32 = TILE_B / 4u * H;

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> c: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> gates: array<f32>;             // (T, B, 4H)
@group(0) @binding(3) var<storage, read> dh: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read_write> dgates_in: array<f32>;   // (T, B, 4H)
@group(0) @binding(5) var<storage, read_write> dgates_hid: array<f32>;  // (T, B, 4H)

// Gate gradients of one (row, unit) at step t, stored; dc is carried in and out. Rows past B store nothing.
fn cell_grad(t: u32, b: u32, j: u32, dh_rec: f32, dc: ptr<function, f32>) {
  let rb = min(b, B - 1u);
  let go = (t * B + rb) * 4u * H + j;
  let i = gates[go];
  let f = gates[go + H];
  let g = gates[go + 2u * H];
  let o = gates[go + 3u * H];
  let ho = (t * B + rb) * H + j;
  let c_prev = c[ho];
  let tc = tanh(clamp(c[ho + B * H], -15.0, 15.0));
  let dh_t = dh[ho] + dh_rec;
  let dc_t = *dc + dh_t * o * (1.0 - tc * tc);
  *dc = dc_t * f;
  if (b < B) {
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
}

// Σ_g dgates[row, g·H + k] · W_hh[g·H + k, j] for one k, from gradients at d and weights wk.
fn dot_gates(d: u32, wk: vec4f) -> f32 {
  return dot(vec4f(dgates_in[d], dgates_in[d + H], dgates_in[d + 2u * H], dgates_in[d + 3u * H]), wk);
}

@compute @workgroup_size(WG)
fn lstm_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let j = lid % H;
  let q = lid / H;
  let b0 = wg.x * TILE_B + 4u * q;
  // Rows read back; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * 4u * H;
  let r1 = min(b0 + 1u, B - 1u) * 4u * H;
  let r2 = min(b0 + 2u, B - 1u) * 4u * H;
  let r3 = min(b0 + 3u, B - 1u) * 4u * H;

  var dc0 = 0.0;
  var dc1 = 0.0;
  var dc2 = 0.0;
  var dc3 = 0.0;
  var dh0 = 0.0;
  var dh1 = 0.0;
  var dh2 = 0.0;
  var dh3 = 0.0;
  for (var s = 0u; s < T; s++) {
    let t = T - 1u - s;
    cell_grad(t, b0, j, dh0, &dc0);
    cell_grad(t, b0 + 1u, j, dh1, &dc1);
    cell_grad(t, b0 + 2u, j, dh2, &dc2);
    cell_grad(t, b0 + 3u, j, dh3, &dc3);
    storageBarrier();
    if (t > 0u) {
      // dh_rec[row, j] = Σ_k Σ_g dgates[row, g·H + k] · W_hh[g·H + k, j]: column j of W_hh.
      let dt = t * B * 4u * H;
      dh0 = 0.0;
      dh1 = 0.0;
      dh2 = 0.0;
      dh3 = 0.0;
      var w = W_HH + j;
      for (var k = 0u; k < H; k++) {
        let wk = vec4f(params[w], params[w + H * H], params[w + 2u * H * H], params[w + 3u * H * H]);
        dh0 += dot_gates(dt + r0 + k, wk);
        dh1 += dot_gates(dt + r1 + k, wk);
        dh2 += dot_gates(dt + r2 + k, wk);
        dh3 += dot_gates(dt + r3 + k, wk);
        w += H;
      }
    }
    // The next step overwrites other rows of dgates only (row t−1), so no second barrier is needed.
  }
}
