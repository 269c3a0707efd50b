// rmsprop_update: one RMSprop step over the flat parameter vector (torch.optim.RMSprop semantics,
// centered = false, momentum = 0; weight_decay is L2 added to the gradient). Twin of rmspropUpdate in
// src/engine/reference/optimizers.ts.
//   g = grads·scale + wd·p;  sq = α·sq + (1 − α)·g²;  p -= lr·g / (sqrt(sq) + ε)
//
// Buffers (N = number of parameters):
//   params     (N) read_write, overwritten
//   grads      (N) read
//   sq         (N) read_write, running mean of squared gradients, overwritten
//   grad_scale (≥1) read: grad_scale[0] is the clipping factor (1 when clipping is off)
//   hyper      uniform
// Workgroup: WG threads, one element per invocation; 2-D grid when N / WG exceeds the per-dimension limit.

override WG: u32 = 64;

struct Hyper {
  lr: f32,
  alpha: f32,
  eps: f32,
  weight_decay: f32,
  n: u32,
}

@group(0) @binding(0) var<storage, read_write> params: array<f32>;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> sq: array<f32>;
@group(0) @binding(3) var<storage, read> grad_scale: array<f32>;
@group(0) @binding(4) var<uniform> hyper: Hyper;

@compute @workgroup_size(WG)
fn rmsprop_update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= hyper.n) {
    return;
  }
  let p = params[i];
  let g = grads[i] * grad_scale[0] + hyper.weight_decay * p;
  let s = hyper.alpha * sq[i] + (1.0 - hyper.alpha) * g * g;
  sq[i] = s;
  params[i] = p - hyper.lr * g / (sqrt(s) + hyper.eps);
}
