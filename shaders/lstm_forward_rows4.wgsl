// lstm_forward_rows4: lstm_forward.wgsl with four batch rows per thread and no workgroup memory. Same maths,
// buffers and bindings.
// - Each weight W_hh[r, k] loaded from storage feeds four rows' products instead of one: a step needs 4 + 4 loads
//   per 16 multiply-adds instead of 5 per 4. On a CPU-emulated GPU (SwiftShader), where every per-lane load is a
//   bounds-checked gather, loads are the cost (measured 2–3× faster for W1).
// - h_{t−1} is read back from the h output itself, made visible to the workgroup by storageBarrier(); each
//   workgroup only reads the rows it wrote. Workgroup memory is avoided because SwiftShader's pipeline compile
//   time grows with it (about 1 s per 1000 floats, zero-initialisation), which would stall the first step.
// Thread (q, j) owns unit j of tile rows 4q … 4q+3; TILE_B is a multiple of 4. Rows past B (last tile) compute
// on a real row's data and store nothing.
//
// Buffers (all overwritten, nothing accumulated):
//   params (…)          read: flat parameter vector; W_hh (4H, H) row-major at W_HH, b_hh (4H) at B_HH
//   xproj  (T, B, 4H)   read
//   h      (T+1, B, H)  written (and read back within the workgroup), h[0] = 0
//   c      (T+1, B, H)  written, c[0] = 0
//   gates  (T, B, 4H)   written: activated i, f, g, o

override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override B_HH: u32;
override WG: u32 = TILE_B / 4u * H;

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 4H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> c: array<f32>;      // (T+1, B, H)
@group(0) @binding(4) var<storage, read_write> gates: array<f32>;  // (T, B, 4H)

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

// Gate maths for one (row, unit) from the pre-activations a; stores h_t, c_t, gates; returns c_t.
fn cell_update(a_hid: vec4f, c_prev: f32, t: u32, b: u32, j: u32) -> f32 {
  let rb = min(b, B - 1u);
  let xo = (t * B + rb) * 4u * H + j;
  let a = a_hid + vec4f(xproj[xo], xproj[xo + H], xproj[xo + 2u * H], xproj[xo + 3u * H]);
  let i = sigmoid(a.x);
  let f = sigmoid(a.y);
  let g = tanh_safe(a.z);
  let o = sigmoid(a.w);
  let c_new = f * c_prev + i * g;
  if (b < B) {
    let ho = ((t + 1u) * B + b) * H + j;
    h[ho] = o * tanh_safe(c_new);
    c[ho] = c_new;
    gates[xo] = i;
    gates[xo + H] = f;
    gates[xo + 2u * H] = g;
    gates[xo + 3u * H] = o;
  }
  return c_new;
}

@compute @workgroup_size(WG)
fn lstm_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let j = lid % H;
  let q = lid / H;
  let b0 = wg.x * TILE_B + 4u * q;  // this thread's rows: b0 … b0+3
  // Rows read for h_{t−1}; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * H;
  let r1 = min(b0 + 1u, B - 1u) * H;
  let r2 = min(b0 + 2u, B - 1u) * H;
  let r3 = min(b0 + 3u, B - 1u) * H;

  let row_i = W_HH + j * H;
  let row_f = row_i + H * H;
  let row_g = row_f + H * H;
  let row_o = row_g + H * H;
  let bias = vec4f(params[B_HH + j], params[B_HH + H + j], params[B_HH + 2u * H + j], params[B_HH + 3u * H + j]);
  var c0 = 0.0;
  var c1 = 0.0;
  var c2 = 0.0;
  var c3 = 0.0;
  for (var r = 0u; r < 4u; r++) {
    if (b0 + r < B) {
      h[(b0 + r) * H + j] = 0.0;
      c[(b0 + r) * H + j] = 0.0;
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
      let w = vec4f(params[row_i + k], params[row_f + k], params[row_g + k], params[row_o + k]);
      a0 += w * h[hp + r0 + k];
      a1 += w * h[hp + r1 + k];
      a2 += w * h[hp + r2 + k];
      a3 += w * h[hp + r3 + k];
    }
    c0 = cell_update(a0, c0, t, b0, j);
    c1 = cell_update(a1, c1, t, b0 + 1u, j);
    c2 = cell_update(a2, c2, t, b0 + 2u, j);
    c3 = cell_update(a3, c3, t, b0 + 3u, j);
    storageBarrier();
  }
}
