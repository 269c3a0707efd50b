// gru_forward_blocked: the whole forward recurrence of one GRU layer in one dispatch (the maths, buffers and
// bindings of gru_forward.wgsl), each thread computing a block of 4 batch rows × 4 hidden units. Per k a thread
// loads 4 values of h_{t−1} and the 3 gate weights of each of its 4 units, 16 loads, for 48 multiply-adds (one
// unit of 4 rows: 7 loads for 12); see lstm_forward_blocked.wgsl for why loads are the cost.
// Thread (q, u) owns units u, u + HQ, u + 2·HQ, u + 3·HQ (HQ = ⌈H/4⌉) of tile rows 4q … 4q+3; units past H and
// rows past B compute on clamped data and store nothing. h_{t−1} is read back from the h output after
// storageBarrier(), each workgroup only its own rows.
//
// Buffers (all overwritten, nothing accumulated):
//   params (…)          read: flat parameter vector; W_hh (3H, H) row-major at W_HH, b_hh (3H) at B_HH
//   xproj  (T, B, 3H)   read
//   h      (T+1, B, H)  written (and read back within the workgroup), h[0] = 0
//   gates  (T, B, 3H)   written: activated r, z, n
//   hn     (T, B, H)    written: W_hn·h_{t−1} + b_hn
//
// Members (shaders/members.wgsl): workgroup_id.z is the member; its parameters start at member · P and its
// rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows.
// CPU twin: src/engine/reference/gru.ts gruForward
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
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 3H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;  // (T, B, 3H)
@group(0) @binding(4) var<storage, read_write> hn: array<f32>;     // (T, B, H)
@group(0) @binding(5) var<uniform> members: Members;

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

// The three gate weights (r, z, n) of unit j (clamped to H − 1) against h_{t−1}[k].
fn weights(j: u32, k: u32) -> vec3f {
  let w = p_base + W_HH + min(j, H - 1u) * H + k;
  return vec3f(params[w], params[w + H * H], params[w + 2u * H * H]);
}

// a + w · hᵀ: column r of a holds the hidden-side pre-activations of row r (fma: see lstm_forward_blocked.wgsl).
fn outer_add(a: mat4x3f, w: vec3f, hv: vec4f) -> mat4x3f {
  return mat4x3f(fma(w, vec3f(hv.x), a[0]), fma(w, vec3f(hv.y), a[1]), fma(w, vec3f(hv.z), a[2]), fma(w, vec3f(hv.w), a[3]));
}

fn bias_rows(j: u32) -> mat4x3f {
  let jc = p_base + B_HH + min(j, H - 1u);
  let b = vec3f(params[jc], params[jc + H], params[jc + 2u * H]);
  return mat4x3f(b, b, b, b);
}

// Gate maths for one (row, unit) from a = W_hh·h_{t−1} + b_hh; stores h_t, gates, hn.
fn cell_update(a: vec3f, t: u32, b: u32, j: u32) {
  let rb = min(b, B - 1u);
  let jc = min(j, H - 1u);
  let xo = (rows_t + t * B + rb) * 3u * H + jc;
  let r = sigmoid(xproj[xo] + a.x);
  let z = sigmoid(xproj[xo + H] + a.y);
  let n = tanh_safe(xproj[xo + 2u * H] + r * a.z);
  let ho = (rows_h + t * B + rb) * H + jc;  // row t of h (T+1, B, H) is h_{t−1}
  if (b < B && j < H) {
    h[ho + B * H] = (1.0 - z) * n + z * h[ho];
    gates[xo] = r;
    gates[xo + H] = z;
    gates[xo + 2u * H] = n;
    hn[(rows_t + t * B + rb) * H + jc] = a.z;
  }
}

fn update_unit(a: mat4x3f, t: u32, b0: u32, j: u32) {
  cell_update(a[0], t, b0, j);
  cell_update(a[1], t, b0 + 1u, j);
  cell_update(a[2], t, b0 + 2u, j);
  cell_update(a[3], t, b0 + 3u, j);
}

@compute @workgroup_size(WG)
fn gru_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
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

  let bias0 = bias_rows(j0);
  let bias1 = bias_rows(j1);
  let bias2 = bias_rows(j2);
  let bias3 = bias_rows(j3);
  for (var r = 0u; r < 4u; r++) {
    for (var m = 0u; m < 4u; m++) {
      let j = u + m * HQ;
      if (b0 + r < B && j < H) {
        h[(rows_h + b0 + r) * H + j] = 0.0;
      }
    }
  }
  storageBarrier();

  for (var t = 0u; t < T; t++) {
    let hp = (rows_h + t * B) * H;  // h[t] = h_{t−1}
    var a0 = bias0;
    var a1 = bias1;
    var a2 = bias2;
    var a3 = bias3;
    for (var k = 0u; k < H; k++) {
      let hv = vec4f(h[hp + r0 + k], h[hp + r1 + k], h[hp + r2 + k], h[hp + r3 + k]);
      a0 = outer_add(a0, weights(j0, k), hv);
      a1 = outer_add(a1, weights(j1, k), hv);
      a2 = outer_add(a2, weights(j2, k), hv);
      a3 = outer_add(a3, weights(j3, k), hv);
    }
    update_unit(a0, t, b0, j0);
    update_unit(a1, t, b0, j1);
    update_unit(a2, t, b0, j2);
    update_unit(a3, t, b0, j3);
    storageBarrier();
  }
}
