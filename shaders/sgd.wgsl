// sgd_update: one SGD step over the flat parameter vector (torch.optim.SGD semantics with momentum,
// dampening 0, no Nesterov; weight_decay is L2 added to the gradient).
//   g = grads·scale + wd·p;  buf = g on the first step, else momentum·buf + g (when momentum ≠ 0);  p -= lr·buf
//
// Buffers (N = number of parameters):
//   params     (N) read_write, overwritten
//   grads      (N) read
//   momentum   (N) read_write, the momentum buffer, overwritten (untouched when momentum = 0)
//   grad_scale (≥1) read: grad_scale[0] is the clipping factor (1 when clipping is off)
//   hyper      uniform: the settings all members share
//   members    uniform: each member's learning rate and step (step 1 starts the momentum buffer)
// Workgroup: WG threads, one element per invocation; 2-D grid when N / WG exceeds the per-dimension limit.
// Members (shaders/members.wgsl): global_invocation_id.z is the member; each buffer is per member (N values,
// grad_scale STATS_PER_MEMBER), and the learning rate and step are the member's own.
// CPU twin: src/engine/reference/optimizers.ts sgdUpdate
// Parity test: tests/gpu/optimizer.test.ts

// #include "members.wgsl"

override WG: u32;

struct Hyper {
  momentum: f32,
  weight_decay: f32,
  n: u32,
}

@group(0) @binding(0) var<storage, read_write> params: array<f32>;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> momentum: array<f32>;
@group(0) @binding(3) var<storage, read> grad_scale: array<f32>;
@group(0) @binding(4) var<uniform> hyper: Hyper;
@group(0) @binding(5) var<uniform> members: Members;

@compute @workgroup_size(WG)
fn sgd_update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let local = gid.x + gid.y * groups.x * WG;
  if (local >= hyper.n || members.each[gid.z].runs == 0u) {
    return;
  }
  let member = gid.z;
  let settings = members.each[member];
  let i = member * hyper.n + local;
  let scale = grad_scale[member * STATS_PER_MEMBER];
  let p = params[i];
  var g = grads[i] * scale + hyper.weight_decay * p;
  if (hyper.momentum != 0.0) {
    if (settings.step == 1u) {  // the momentum buffer starts as the gradient itself
      momentum[i] = g;
    } else {
      momentum[i] = hyper.momentum * momentum[i] + g;
    }
    g = momentum[i];
  }
  params[i] = p - settings.lr * g;
}
