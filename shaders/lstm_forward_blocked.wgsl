// lstm_forward_blocked: the whole forward recurrence of one LSTM layer in one dispatch (the maths, buffers and
// bindings of lstm_forward.wgsl), each thread computing a block of 4 batch rows × 4 hidden units.
// - Per k a thread loads 4 values of h_{t−1} (its rows) and the 4 gate weights of each of its 4 units, 20 loads,
//   and does 64 multiply-adds with them; one unit of 4 rows would do 16 with 8 loads, one unit of one row 4 with 5.
//   On SwiftShader, where every per-lane load is a bounds-checked gather, loads are the cost that matters; on a
//   GPU the block keeps W_hh and h in registers across 16 products.
// - No workgroup memory: SwiftShader zero-initialises it in generated code, and pipeline compiles grow by about
//   1 s per 1,000 floats of it, which would stall the first training step.
// - Thread (q, u) owns units u, u + HQ, u + 2·HQ, u + 3·HQ (HQ = ⌈H/4⌉, so neighbouring threads touch
//   neighbouring addresses) of tile rows 4q … 4q+3. Units past H and rows past B compute on clamped data and
//   store nothing.
// - h_{t−1} is read back from the h output after storageBarrier(); each workgroup reads only rows it wrote.
//
// Buffers (all overwritten, nothing accumulated):
//   params (…)          read: flat parameter vector; W_hh (4H, H) row-major at W_HH, b_hh (4H) at B_HH
//   xproj  (T, B, 4H)   read
//   h      (T+1, B, H)  written (and read back within the workgroup), h[0] = 0
//   c      (T+1, B, H)  written, c[0] = 0
//   gates  (T, B, 4H)   written: activated i, f, g, o
//
// Members (shaders/members.wgsl): workgroup_id.z is the member; its parameters start at member · P and its
// rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows.
// CPU twin: src/engine/reference/lstm.ts lstmForward
// Parity test: tests/gpu/recurrence.test.ts

// #include "members.wgsl"
// #include "member_rows.wgsl"

// Set by src/engine/gpu/recurrence.ts, the sizes by fusedOverrides (recurrencePlan.ts): none is computed here.
override H: u32;
override T: u32;
override B: u32;
override TILE_B: u32;    // multiple of 4
override W_HH: u32;
override B_HH: u32;
override P: u32;         // parameters per member
override HQ: u32;        // threads across the units, ⌈H/4⌉
override WG: u32;        // threads per workgroup, TILE_B/4 · HQ

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 4H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> c: array<f32>;      // (T+1, B, H)
@group(0) @binding(4) var<storage, read_write> gates: array<f32>;  // (T, B, 4H)
@group(0) @binding(5) var<uniform> members: Members;

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

// The four gate weights (i, f, g, o) of unit j (clamped to H − 1) against h_{t−1}[k].
fn weights(j: u32, k: u32) -> vec4f {
  let w = p_base + W_HH + min(j, H - 1u) * H + k;
  return vec4f(params[w], params[w + H * H], params[w + 2u * H * H], params[w + 3u * H * H]);
}

// a + w · hᵀ: column r of a holds the gate pre-activations of row r. fma rather than a separate product and sum:
// one rounding, and measured about 5% faster on SwiftShader.
fn outer_add(a: mat4x4f, w: vec4f, hv: vec4f) -> mat4x4f {
  return mat4x4f(fma(w, vec4f(hv.x), a[0]), fma(w, vec4f(hv.y), a[1]), fma(w, vec4f(hv.z), a[2]), fma(w, vec4f(hv.w), a[3]));
}

fn bias(j: u32) -> vec4f {
  let jc = p_base + B_HH + min(j, H - 1u);
  return vec4f(params[jc], params[jc + H], params[jc + 2u * H], params[jc + 3u * H]);
}

// Gate maths for one (row, unit) from the hidden-side pre-activations; stores h_t, c_t, gates; returns c_t.
fn cell_update(a_hid: vec4f, c_prev: f32, t: u32, b: u32, j: u32) -> f32 {
  let xo = (rows_t + t * B + min(b, B - 1u)) * 4u * H + min(j, H - 1u);
  let a = a_hid + vec4f(xproj[xo], xproj[xo + H], xproj[xo + 2u * H], xproj[xo + 3u * H]);
  let i = sigmoid(a.x);
  let f = sigmoid(a.y);
  let g = tanh_safe(a.z);
  let o = sigmoid(a.w);
  let c_new = f * c_prev + i * g;
  if (b < B && j < H) {
    let ho = (rows_h + (t + 1u) * B + b) * H + j;
    h[ho] = o * tanh_safe(c_new);
    c[ho] = c_new;
    gates[xo] = i;
    gates[xo + H] = f;
    gates[xo + 2u * H] = g;
    gates[xo + 3u * H] = o;
  }
  return c_new;
}

// The four rows of one unit: returns the new c of each row.
fn update_unit(a: mat4x4f, c_prev: vec4f, t: u32, b0: u32, j: u32) -> vec4f {
  return vec4f(
    cell_update(a[0], c_prev.x, t, b0, j),
    cell_update(a[1], c_prev.y, t, b0 + 1u, j),
    cell_update(a[2], c_prev.z, t, b0 + 2u, j),
    cell_update(a[3], c_prev.w, t, b0 + 3u, j),
  );
}

@compute @workgroup_size(WG)
fn lstm_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (!enter_member(wg.z, P, T, B)) {
    return;
  }
  let u = lid % HQ;
  let q = lid / HQ;
  let b0 = wg.x * TILE_B + 4u * q;  // this thread's rows: b0 … b0+3
  let j0 = u;
  let j1 = u + HQ;
  let j2 = u + 2u * HQ;
  let j3 = u + 3u * HQ;
  // Rows read for h_{t−1}; past B they repeat row B−1 (results unused) so reads stay in bounds.
  let r0 = min(b0, B - 1u) * H;
  let r1 = min(b0 + 1u, B - 1u) * H;
  let r2 = min(b0 + 2u, B - 1u) * H;
  let r3 = min(b0 + 3u, B - 1u) * H;

  let bias0 = bias(j0);
  let bias1 = bias(j1);
  let bias2 = bias(j2);
  let bias3 = bias(j3);
  let bias_rows0 = mat4x4f(bias0, bias0, bias0, bias0);
  let bias_rows1 = mat4x4f(bias1, bias1, bias1, bias1);
  let bias_rows2 = mat4x4f(bias2, bias2, bias2, bias2);
  let bias_rows3 = mat4x4f(bias3, bias3, bias3, bias3);
  var c0 = vec4f(0.0);
  var c1 = vec4f(0.0);
  var c2 = vec4f(0.0);
  var c3 = vec4f(0.0);
  for (var r = 0u; r < 4u; r++) {
    for (var m = 0u; m < 4u; m++) {
      let j = u + m * HQ;
      if (b0 + r < B && j < H) {
        h[(rows_h + b0 + r) * H + j] = 0.0;
        c[(rows_h + b0 + r) * H + j] = 0.0;
      }
    }
  }
  storageBarrier();

  for (var t = 0u; t < T; t++) {
    let hp = (rows_h + t * B) * H;  // h[t] = h_{t−1}
    var a0 = bias_rows0;
    var a1 = bias_rows1;
    var a2 = bias_rows2;
    var a3 = bias_rows3;
    for (var k = 0u; k < H; k++) {
      let hv = vec4f(h[hp + r0 + k], h[hp + r1 + k], h[hp + r2 + k], h[hp + r3 + k]);
      a0 = outer_add(a0, weights(j0, k), hv);
      a1 = outer_add(a1, weights(j1, k), hv);
      a2 = outer_add(a2, weights(j2, k), hv);
      a3 = outer_add(a3, weights(j3, k), hv);
    }
    c0 = update_unit(a0, c0, t, b0, j0);
    c1 = update_unit(a1, c1, t, b0, j1);
    c2 = update_unit(a2, c2, t, b0, j2);
    c3 = update_unit(a3, c3, t, b0, j3);
    storageBarrier();
  }
}
