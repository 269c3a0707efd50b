// dense_mse: the dense head, the MSE loss and their backward, fused in one single-workgroup dispatch.
//   pred[b, o]  = head.bias[o] + Σ_k h_top[T, b, k] · head.weight[o, k]
//   loss        = Σ (pred − y)² / (B·O)                  dpred = 2 (pred − y) / (B·O)
//   dW[o, k]    = Σ_b dpred[b, o] · h_top[T, b, k]       db[o] = Σ_b dpred[b, o]
//   dh_top[T−1, b, k] = Σ_o dpred[b, o] · head.weight[o, k]
// Phases are separated by storageBarrier (pred is written, then read back by other threads).
//
// Buffers:
//   h_top  read (T+1, B, H): the top layer's hidden states; only row T (the last step) is used
//   params read: head.weight (O, H) at W_OFF, head.bias (O) at B_OFF
//   y      read (B, O)
//   pred   (B, O) overwritten
//   grads  overwritten at W_OFF (O, H) and B_OFF (O) (the head's slots of the flat gradient vector)
//   dh_top (T, B, H): row T−1 overwritten; rows 0..T−2 are never written (the engine zeroes them once)
//   stats  (4): stats[LOSS_INDEX] overwritten with the loss
// Workgroup: one workgroup of WG threads (a power of two) that strides over every loop.
// Members (shaders/members.wgsl): workgroup_id.z is the member; each buffer above is per member, member m's part
// starting at m × its length (params and grads: P; stats: STATS_PER_MEMBER).
// CPU twin: src/engine/reference/dense.ts denseForward, mseLoss, mseBackward, denseBackward
// Parity test: tests/gpu/head.test.ts

// #include "members.wgsl"

override WG: u32;

// Sizes and tensor offsets of this dispatch (per member: see members.wgsl): a uniform written once when the
// dispatch is built (field order = the TS list in src/engine/gpu/shapes.ts), so one compiled pipeline
// serves every layer, batch shape and model.
struct Shape {
  T: u32,
  B: u32,
  H: u32,
  O: u32,
  W_OFF: u32,
  B_OFF: u32,
  LOSS_INDEX: u32,
  P: u32,
}

@group(0) @binding(0) var<storage, read> h_top: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> pred: array<f32>;
@group(0) @binding(4) var<storage, read_write> grads: array<f32>;
@group(0) @binding(5) var<storage, read_write> dh_top: array<f32>;
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;
@group(0) @binding(7) var<uniform> shape: Shape;
@group(0) @binding(8) var<uniform> members: Members;

// This member's first prediction and target (set first thing by the entry point).
var<private> out_base: u32;

var<workgroup> partial: array<f32, WG>;

fn dpred_at(i: u32) -> f32 {
  return 2.0 * (pred[out_base + i] - y[out_base + i]) / f32(shape.B * shape.O);
}

@compute @workgroup_size(WG)
fn dense_mse(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let member = wg.z;
  if (members.each[member].runs == 0u) {
    return;
  }
  out_base = member * shape.B * shape.O;
  let w_off = member * shape.P + shape.W_OFF;
  let b_off = member * shape.P + shape.B_OFF;
  let last = (member * (shape.T + 1u) + shape.T) * shape.B * shape.H; // offset of row T in this member's h_top
  var squares = 0.0;
  for (var i = lid; i < shape.B * shape.O; i += WG) {
    let b = i / shape.O;
    let o = i % shape.O;
    var sum = params[b_off + o];
    for (var k = 0u; k < shape.H; k++) {
      sum += h_top[last + b * shape.H + k] * params[w_off + o * shape.H + k];
    }
    pred[out_base + i] = sum;
    let e = sum - y[out_base + i];
    squares += e * e;
  }
  partial[lid] = squares;
  storageBarrier();
  workgroupBarrier();

  for (var i = lid; i < shape.O * shape.H; i += WG) {
    let o = i / shape.H;
    let k = i % shape.H;
    var sum = 0.0;
    for (var b = 0u; b < shape.B; b++) {
      sum += dpred_at(b * shape.O + o) * h_top[last + b * shape.H + k];
    }
    grads[w_off + i] = sum;
  }
  for (var o = lid; o < shape.O; o += WG) {
    var sum = 0.0;
    for (var b = 0u; b < shape.B; b++) {
      sum += dpred_at(b * shape.O + o);
    }
    grads[b_off + o] = sum;
  }
  let dh_last = (member * shape.T + shape.T - 1u) * shape.B * shape.H;
  for (var i = lid; i < shape.B * shape.H; i += WG) {
    let b = i / shape.H;
    let k = i % shape.H;
    var sum = 0.0;
    for (var o = 0u; o < shape.O; o++) {
      sum += dpred_at(b * shape.O + o) * params[w_off + o * shape.H + k];
    }
    dh_top[dh_last + i] = sum;
  }

  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      partial[lid] += partial[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    stats[member * STATS_PER_MEMBER + shape.LOSS_INDEX] = partial[0] / f32(shape.B * shape.O);
  }
}
