// gru_forward_step / gru_backward_step: the per-time-step fallback of gru_forward.wgsl / gru_backward.wgsl,
// for shapes whose batch tile does not fit one workgroup. Same maths and buffers; one dispatch per t, thread
// per (b, j) over the whole batch; h_{t−1} and the step t+1 gradients are read back from storage (a dispatch
// sees the previous one's writes). The step index arrives in a small uniform, one slice per t.
//
// Forward buffers (overwritten): h (T+1, B, H), gates (T, B, 3H), hn (T, B, H); reads params, xproj (T, B, 3H).
// Backward buffers (overwritten): dgates_in, dgates_hid (T, B, 3H), carry (B, H) = dh_t ⊙ z handed from step t
// to step t−1; reads params, h, gates, hn, dh (T, B, H). Backward steps must be recorded for t = T−1 down to 0.
//
// Members (shaders/members.wgsl): global_invocation_id.z is the member; its parameters start at member · P,
// its rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows, and its
// carry after member · B · H values.
// CPU twin: src/engine/reference/gru.ts gruForward, gruBackward
// Parity test: tests/gpu/recurrence.test.ts

// #include "members.wgsl"
// #include "member_rows.wgsl"

override H: u32;
override T: u32;
override B: u32;
override W_HH: u32;
override B_HH: u32 = 0u;
override P: u32;         // parameters per member
override WG: u32;

struct Step {
  t: u32,
}

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 3H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;  // (T, B, 3H)
@group(0) @binding(4) var<storage, read_write> hn: array<f32>;     // (T, B, H)
@group(0) @binding(5) var<uniform> step: Step;

@group(0) @binding(0) var<storage, read> b_params: array<f32>;
@group(0) @binding(1) var<storage, read> b_h: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> b_gates: array<f32>;             // (T, B, 3H)
@group(0) @binding(3) var<storage, read> b_hn: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read> b_dh: array<f32>;                // (T, B, H)
@group(0) @binding(5) var<storage, read_write> dgates_in: array<f32>;     // (T, B, 3H)
@group(0) @binding(6) var<storage, read_write> dgates_hid: array<f32>;    // (T, B, 3H)
@group(0) @binding(7) var<storage, read_write> carry: array<f32>;         // (members, B, H)
@group(0) @binding(8) var<uniform> b_step: Step;
// Both entry points read the members uniform at binding 9 (after the backward's carry and step slice).
@group(0) @binding(9) var<uniform> members: Members;

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

@compute @workgroup_size(WG)
fn gru_forward_step(@builtin(global_invocation_id) gid: vec3u) {
  let idx = gid.x;  // b·H + j
  if (idx >= B * H) {
    return;
  }
  let member = gid.z;
  if (!enter_member(member, P, T, B)) {
    return;
  }
  let t = step.t;
  let j = idx % H;
  let b = idx / H;
  let G = 3u * H;
  let bh = p_base + B_HH + j;
  var a = vec3f(params[bh], params[bh + H], params[bh + 2u * H]);
  var h_prev = 0.0;
  if (t == 0u) {
    h[rows_h * H + idx] = 0.0;  // h[0]; nobody reads it during this dispatch
  } else {
    let hrow = (rows_h + t * B + b) * H;  // h[t] row b = h_{t−1}
    h_prev = h[hrow + j];
    let row_r = p_base + W_HH + j * H;
    for (var k = 0u; k < H; k++) {
      a += vec3f(params[row_r + k], params[row_r + H * H + k], params[row_r + 2u * H * H + k]) * h[hrow + k];
    }
  }
  let xo = (rows_t + t * B + b) * G + j;
  let r = sigmoid(xproj[xo] + a.x);
  let z = sigmoid(xproj[xo + H] + a.y);
  let n = tanh_safe(xproj[xo + 2u * H] + r * a.z);
  h[(rows_h + (t + 1u) * B) * H + idx] = (1.0 - z) * n + z * h_prev;
  gates[xo] = r;
  gates[xo + H] = z;
  gates[xo + 2u * H] = n;
  hn[(rows_t + t * B) * H + idx] = a.z;
}

@compute @workgroup_size(WG)
fn gru_backward_step(@builtin(global_invocation_id) gid: vec3u) {
  let idx = gid.x;  // b·H + j
  if (idx >= B * H) {
    return;
  }
  let member = gid.z;
  if (!enter_member(member, P, T, B)) {
    return;
  }
  let t = b_step.t;
  let j = idx % H;
  let b = idx / H;
  let G = 3u * H;
  var dh_rec = 0.0;
  if (t + 1u < T) {
    // dh_rec = dh_{t+1} ⊙ z_{t+1} + Σ_r dgates_hid_{t+1}[b, r] · W_hh[r, j]
    let drow = (rows_t + (t + 1u) * B + b) * G;
    var acc = vec3f(0.0);
    var w = p_base + W_HH + j;
    for (var k = 0u; k < H; k++) {
      acc += vec3f(dgates_hid[drow + k], dgates_hid[drow + H + k], dgates_hid[drow + 2u * H + k]) *
        vec3f(b_params[w], b_params[w + H * H], b_params[w + 2u * H * H]);
      w += H;
    }
    dh_rec = carry[member * B * H + idx] + acc.x + acc.y + acc.z;
  }
  let go = (rows_t + t * B + b) * G + j;
  let r = b_gates[go];
  let z = b_gates[go + H];
  let n = b_gates[go + 2u * H];
  let ho = (rows_t + t * B) * H + idx;
  let dh_t = b_dh[ho] + dh_rec;
  let dn = dh_t * (1.0 - z) * (1.0 - n * n);
  let dz = dh_t * (b_h[(rows_h + t * B) * H + idx] - n) * z * (1.0 - z);  // row t of h is h_{t−1}
  let dr = dn * b_hn[ho] * r * (1.0 - r);
  carry[member * B * H + idx] = dh_t * z;
  dgates_in[go] = dr;
  dgates_in[go + H] = dz;
  dgates_in[go + 2u * H] = dn;
  dgates_hid[go] = dr;
  dgates_hid[go + H] = dz;
  dgates_hid[go + 2u * H] = dn * r;
}
