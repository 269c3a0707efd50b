// sgd_update: one SGD step over the flat parameter vector (torch.optim.SGD semantics with momentum,
// dampening 0, no Nesterov; weight_decay is L2 added to the gradient). Twin of sgdUpdate in
// src/engine/reference/optimizers.ts.
//   g = grads·scale + wd·p;  buf = g on the first step, else momentum·buf + g (when momentum ≠ 0);  p -= lr·buf
//
// Buffers (N = number of parameters):
//   params     (N) read_write, overwritten
//   grads      (N) read
//   momentum   (N) read_write, the momentum buffer, overwritten (untouched when momentum = 0)
//   grad_scale (≥1) read: grad_scale[0] is the clipping factor (1 when clipping is off)
//   hyper      uniform, refreshed each step
// Workgroup: WG threads, one element per invocation; 2-D grid when N / WG exceeds the per-dimension limit.

override WG: u32 = 64;

struct Hyper {
  lr: f32,
  momentum: f32,
  weight_decay: f32,
  first_step: u32, // 1 on optimiser step 1: the momentum buffer starts as the gradient itself
  n: u32,
}

@group(0) @binding(0) var<storage, read_write> params: array<f32>;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> momentum: array<f32>;
@group(0) @binding(3) var<storage, read> grad_scale: array<f32>;
@group(0) @binding(4) var<uniform> hyper: Hyper;

@compute @workgroup_size(WG)
fn sgd_update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= hyper.n) {
    return;
  }
  let p = params[i];
  var g = grads[i] * grad_scale[0] + hyper.weight_decay * p;
  if (hyper.momentum != 0.0) {
    if (hyper.first_step != 0u) {
      momentum[i] = g;
    } else {
      momentum[i] = hyper.momentum * momentum[i] + g;
    }
    g = momentum[i];
  }
  params[i] = p - hyper.lr * g;
}
