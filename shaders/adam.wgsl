// adam_update: one Adam step over the flat parameter vector (torch.optim.Adam semantics;
// weight_decay is L2 added to the gradient, not AdamW).
//
// Buffers (N = number of parameters):
//   params     (N)  read_write, overwritten with the updated values
//   grads      (N)  read
//   m, v       (N)  read_write, first and second moments, overwritten
//   grad_scale (1)  read: global-norm clipping factor applied to every gradient (1 when clipping is off)
//   hyper           uniform: the settings all members share
//   members         uniform: each member's learning rate and bias corrections (they depend on its step)
// Workgroup: WG threads, one element per invocation; the grid may be 2-D when N / WG exceeds 65535.
// Members (shaders/members.wgsl): global_invocation_id.z is the member; each buffer is per member (N values,
// grad_scale STATS_PER_MEMBER), and the learning rate and step are the member's own.
// CPU twin: src/engine/reference/optimizers.ts adamUpdate
// Parity test: tests/gpu/adam.test.ts, tests/gpu/optimizer.test.ts

// #include "members.wgsl"

override WG: u32;

struct Hyper {
  beta1: f32,
  beta2: f32,
  eps: f32,
  weight_decay: f32,
  n: u32,
}

@group(0) @binding(0) var<storage, read_write> params: array<f32>;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<storage, read> grad_scale: array<f32>;
@group(0) @binding(5) var<uniform> hyper: Hyper;
@group(0) @binding(6) var<uniform> members: Members;

@compute @workgroup_size(WG)
fn adam_update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let local = gid.x + gid.y * groups.x * WG;
  if (local >= hyper.n || members.each[gid.z].runs == 0u) {
    return;
  }
  let member = gid.z;
  let settings = members.each[member];
  let i = member * hyper.n + local;
  let scale = grad_scale[member * STATS_PER_MEMBER];
  let p = params[i];
  let g = grads[i] * scale + hyper.weight_decay * p;
  let m_new = hyper.beta1 * m[i] + (1.0 - hyper.beta1) * g;
  let v_new = hyper.beta2 * v[i] + (1.0 - hyper.beta2) * g * g;
  m[i] = m_new;
  v[i] = v_new;
  let denom = sqrt(v_new) / settings.bias_correction2_sqrt + hyper.eps;
  params[i] = p - (settings.lr / settings.bias_correction1) * m_new / denom;
}
