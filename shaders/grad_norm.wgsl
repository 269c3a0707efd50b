// grad_norm: the global L2 norm of the flat gradient vector and the clipping factor the optimiser
// multiplies every gradient by (torch.nn.utils.clip_grad_norm_ semantics):
//   norm  = sqrt(Σ grads²)
//   scale = min(1, CLIP / (norm + 1e-6)) when CLIP > 0, else 1
//
// Buffers (N = number of parameters):
//   grads read (N)
//   stats (4): stats[0] = scale and stats[1] = norm overwritten (the optimiser reads stats[0])
// Workgroup: one workgroup of WG threads (a power of two); each thread sums a strided slice, then a
// tree reduction in workgroup memory.
// Members (shaders/members.wgsl): workgroup_id.z is the member; grads hold N values per member and stats
// STATS_PER_MEMBER, and each member's norm and scale are its own.
// CPU twin: src/engine/reference/optimizers.ts clipScale
// Parity test: tests/gpu/head.test.ts

// #include "members.wgsl"

override WG: u32;

// Sizes and tensor offsets of this dispatch (per member: see members.wgsl): a uniform written once when the
// dispatch is built (field order = the TS list in src/engine/gpu/shapes.ts), so one compiled pipeline
// serves every layer, batch shape and model.
struct Shape {
  N: u32,
  CLIP: f32,
}

@group(0) @binding(0) var<storage, read> grads: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats: array<f32>;
@group(0) @binding(2) var<uniform> shape: Shape;
@group(0) @binding(3) var<uniform> members: Members;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn grad_norm(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let member = wg.z;
  if (members.each[member].runs == 0u) {
    return;
  }
  let first = member * shape.N;
  var sum = 0.0;
  for (var i = lid; i < shape.N; i += WG) {
    let g = grads[first + i];
    sum += g * g;
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      partial[lid] += partial[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let norm = sqrt(partial[0]);
    let s = member * STATS_PER_MEMBER;
    stats[s + 1u] = norm;
    stats[s] = select(1.0, min(1.0, shape.CLIP / (norm + 1e-6)), shape.CLIP > 0.0);
  }
}
