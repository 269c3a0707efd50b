// gru_forward_rows4: gru_forward.wgsl with four batch rows per thread and no workgroup memory. Same maths,
// buffers and bindings. Each weight W_hh[r, k] loaded from storage feeds four rows; h_{t−1} is read back from the
// h output after storageBarrier() (see lstm_forward_rows4.wgsl for why both matter on SwiftShader).
// Thread (q, j) owns unit j of tile rows 4q … 4q+3; TILE_B is a multiple of 4; rows past B store nothing.
//
// Buffers (all overwritten, nothing accumulated):
//   params (…)          read: flat parameter vector; W_hh (3H, H) row-major at W_HH, b_hh (3H) at B_HH
//   xproj  (T, B, 3H)   read
//   h      (T+1, B, H)  written (and read back within the workgroup), h[0] = 0
//   gates  (T, B, 3H)   written: activated r, z, n
//   hn     (T, B, H)    written: W_hn·h_{t−1} + b_hn

override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override B_HH: u32;
override WG: u32 = TILE_B / 4u * H;

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 3H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;  // (T, B, 3H)
@group(0) @binding(4) var<storage, read_write> hn: array<f32>;     // (T, B, H)

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

// Gate maths for one (row, unit) from a = W_hh·h_{t−1} + b_hh; stores h_t, gates, hn. Rows past B store nothing.
fn cell_update(a: vec3f, t: u32, b: u32, j: u32) {
  let rb = min(b, B - 1u);
  let xo = (t * B + rb) * 3u * H + j;
  let r = sigmoid(xproj[xo] + a.x);
  let z = sigmoid(xproj[xo + H] + a.y);
  let n = tanh_safe(xproj[xo + 2u * H] + r * a.z);
  let ho = (t * B + rb) * H + j;
  if (b < B) {
    h[ho + B * H] = (1.0 - z) * n + z * h[ho];
    gates[xo] = r;
    gates[xo + H] = z;
    gates[xo + 2u * H] = n;
    hn[ho] = a.z;
  }
}

@compute @workgroup_size(WG)
fn gru_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let j = lid % H;
  let q = lid / H;
  let b0 = wg.x * TILE_B + 4u * q;  // this thread's rows: b0 … b0+3
  // Rows read for h_{t−1}; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * H;
  let r1 = min(b0 + 1u, B - 1u) * H;
  let r2 = min(b0 + 2u, B - 1u) * H;
  let r3 = min(b0 + 3u, B - 1u) * H;

  let row_r = W_HH + j * H;
  let row_z = row_r + H * H;
  let row_n = row_z + H * H;
  let bias = vec3f(params[B_HH + j], params[B_HH + H + j], params[B_HH + 2u * H + j]);
  for (var r = 0u; r < 4u; r++) {
    if (b0 + r < B) {
      h[(b0 + r) * H + j] = 0.0;
    }
  }
  storageBarrier();

  for (var t = 0u; t < T; t++) {
    let hp = t * B * H;  // h[t] = h_{t−1}
    var a0 = bias;
    var a1 = bias;
    var a2 = bias;
    var a3 = bias;
    for (var k = 0u; k < H; k++) {
      let w = vec3f(params[row_r + k], params[row_z + k], params[row_n + k]);
      a0 += w * h[hp + r0 + k];
      a1 += w * h[hp + r1 + k];
      a2 += w * h[hp + r2 + k];
      a3 += w * h[hp + r3 + k];
    }
    cell_update(a0, t, b0, j);
    cell_update(a1, t, b0 + 1u, j);
    cell_update(a2, t, b0 + 2u, j);
    cell_update(a3, t, b0 + 3u, j);
    storageBarrier();
  }
}
