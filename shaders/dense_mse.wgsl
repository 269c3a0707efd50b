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

override WG: u32 = 256;
override T: u32;
override B: u32;
override H: u32;
override O: u32;
override W_OFF: u32;
override B_OFF: u32;
override LOSS_INDEX: u32;

@group(0) @binding(0) var<storage, read> h_top: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> pred: array<f32>;
@group(0) @binding(4) var<storage, read_write> grads: array<f32>;
@group(0) @binding(5) var<storage, read_write> dh_top: array<f32>;
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;

var<workgroup> partial: array<f32, WG>;

fn dpred_at(i: u32) -> f32 {
  return 2.0 * (pred[i] - y[i]) / f32(B * O);
}

@compute @workgroup_size(WG)
fn dense_mse(@builtin(local_invocation_index) lid: u32) {
  let last = T * B * H; // offset of row T in h_top
  var squares = 0.0;
  for (var i = lid; i < B * O; i += WG) {
    let b = i / O;
    let o = i % O;
    var sum = params[B_OFF + o];
    for (var k = 0u; k < H; k++) {
      sum += h_top[last + b * H + k] * params[W_OFF + o * H + k];
    }
    pred[i] = sum;
    let e = sum - y[i];
    squares += e * e;
  }
  partial[lid] = squares;
  storageBarrier();
  workgroupBarrier();

  for (var i = lid; i < O * H; i += WG) {
    let o = i / H;
    let k = i % H;
    var sum = 0.0;
    for (var b = 0u; b < B; b++) {
      sum += dpred_at(b * O + o) * h_top[last + b * H + k];
    }
    grads[W_OFF + i] = sum;
  }
  for (var o = lid; o < O; o += WG) {
    var sum = 0.0;
    for (var b = 0u; b < B; b++) {
      sum += dpred_at(b * O + o);
    }
    grads[B_OFF + o] = sum;
  }
  let dh_last = (T - 1u) * B * H;
  for (var i = lid; i < B * H; i += WG) {
    let b = i / H;
    let k = i % H;
    var sum = 0.0;
    for (var o = 0u; o < O; o++) {
      sum += dpred_at(b * O + o) * params[W_OFF + o * H + k];
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
    stats[LOSS_INDEX] = partial[0] / f32(B * O);
  }
}
