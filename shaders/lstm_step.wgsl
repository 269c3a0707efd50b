// lstm_forward_step / lstm_backward_step: the per-time-step fallback of lstm_forward.wgsl / lstm_backward.wgsl,
// for shapes whose batch tile does not fit one workgroup. Same maths and buffers; one dispatch per t, thread
// per (b, j) over the whole batch; h_{t−1} and the step t+1 gradients are read back from storage (a dispatch
// sees the previous one's writes). The step index arrives in a small uniform, one slice per t.
//
// Forward buffers (overwritten): h (T+1, B, H), c (T+1, B, H), gates (T, B, 4H); reads params, xproj (T, B, 4H).
// Backward buffers (overwritten): dgates_in, dgates_hid (T, B, 4H), carry (B, H) = dc ⊙ f handed from step t
// to step t−1; reads params, c, gates, dh (T, B, H). Backward steps must be recorded for t = T−1 down to 0.
//
// Members (shaders/members.wgsl): global_invocation_id.z is the member; its parameters start at member · P,
// its rows of the (T, B, ·) and (T+1, B, ·) buffers after member · T · B and member · (T+1) · B rows, and its
// carry after member · B · H values.
// CPU twin: src/engine/reference/lstm.ts lstmForward, lstmBackward
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
override WRITE_HID: bool = true;

struct Step {
  t: u32,
}

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> xproj: array<f32>;        // (T, B, 4H)
@group(0) @binding(2) var<storage, read_write> h: array<f32>;      // (T+1, B, H)
@group(0) @binding(3) var<storage, read_write> c: array<f32>;      // (T+1, B, H)
@group(0) @binding(4) var<storage, read_write> gates: array<f32>;  // (T, B, 4H)
@group(0) @binding(5) var<uniform> step: Step;

@group(0) @binding(0) var<storage, read> b_params: array<f32>;
@group(0) @binding(1) var<storage, read> b_c: array<f32>;                 // (T+1, B, H)
@group(0) @binding(2) var<storage, read> b_gates: array<f32>;             // (T, B, 4H)
@group(0) @binding(3) var<storage, read> b_dh: array<f32>;                // (T, B, H)
@group(0) @binding(4) var<storage, read_write> dgates_in: array<f32>;     // (T, B, 4H)
@group(0) @binding(5) var<storage, read_write> dgates_hid: array<f32>;    // (T, B, 4H)
@group(0) @binding(6) var<storage, read_write> carry: array<f32>;         // (members, B, H)
@group(0) @binding(7) var<uniform> b_step: Step;
// Both entry points read the members uniform at binding 9 (after the backward's carry and step slice).
@group(0) @binding(9) var<uniform> members: Members;

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -15.0, 15.0));
}

@compute @workgroup_size(WG)
fn lstm_forward_step(@builtin(global_invocation_id) gid: vec3u) {
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
  let G = 4u * H;
  let xo = (rows_t + t * B + b) * G + j;
  let bh = p_base + B_HH + j;
  var a = vec4f(params[bh], params[bh + H], params[bh + 2u * H], params[bh + 3u * H]) +
    vec4f(xproj[xo], xproj[xo + H], xproj[xo + 2u * H], xproj[xo + 3u * H]);
  var c_prev = 0.0;
  if (t == 0u) {
    h[rows_h * H + idx] = 0.0;  // h[0] and c[0]; nobody reads them during this dispatch
    c[rows_h * H + idx] = 0.0;
  } else {
    c_prev = c[(rows_h + t * B) * H + idx];
    let hrow = (rows_h + t * B + b) * H;  // h[t] row b = h_{t−1}
    let row_i = p_base + W_HH + j * H;
    for (var k = 0u; k < H; k++) {
      a += vec4f(params[row_i + k], params[row_i + H * H + k], params[row_i + 2u * H * H + k], params[row_i + 3u * H * H + k]) *
        h[hrow + k];
    }
  }
  let i = sigmoid(a.x);
  let f = sigmoid(a.y);
  let g = tanh_safe(a.z);
  let o = sigmoid(a.w);
  let c_new = f * c_prev + i * g;
  let ho = (rows_h + (t + 1u) * B) * H + idx;
  c[ho] = c_new;
  h[ho] = o * tanh_safe(c_new);
  gates[xo] = i;
  gates[xo + H] = f;
  gates[xo + 2u * H] = g;
  gates[xo + 3u * H] = o;
}

@compute @workgroup_size(WG)
fn lstm_backward_step(@builtin(global_invocation_id) gid: vec3u) {
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
  let G = 4u * H;
  var dh_rec = 0.0;
  var dc = 0.0;
  if (t + 1u < T) {
    dc = carry[member * B * H + idx];
    // dh_rec = Σ_r dgates_{t+1}[b, r] · W_hh[r, j]
    let drow = (rows_t + (t + 1u) * B + b) * G;
    var acc = vec4f(0.0);
    var w = p_base + W_HH + j;
    for (var k = 0u; k < H; k++) {
      acc += vec4f(dgates_in[drow + k], dgates_in[drow + H + k], dgates_in[drow + 2u * H + k], dgates_in[drow + 3u * H + k]) *
        vec4f(b_params[w], b_params[w + H * H], b_params[w + 2u * H * H], b_params[w + 3u * H * H]);
      w += H;
    }
    dh_rec = acc.x + acc.y + acc.z + acc.w;
  }
  let go = (rows_t + t * B + b) * G + j;
  let i = b_gates[go];
  let f = b_gates[go + H];
  let g = b_gates[go + 2u * H];
  let o = b_gates[go + 3u * H];
  let co = (rows_h + t * B) * H + idx;  // row t of c (T+1, B, H) is c_{t−1}
  let c_prev = b_c[co];
  let tc = tanh_safe(b_c[co + B * H]);
  let dh_t = b_dh[(rows_t + t * B) * H + idx] + dh_rec;
  dc += dh_t * o * (1.0 - tc * tc);
  let d = vec4f(dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f), dc * i * (1.0 - g * g), dh_t * tc * o * (1.0 - o));
  carry[member * B * H + idx] = dc * f;
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
