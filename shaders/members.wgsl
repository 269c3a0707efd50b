// members: the member axis every engine kernel shares. Not a kernel: a library of declarations, put in
// place of `// #include "members.wgsl"` (src/engine/gpu/shaderIncludes.ts).
//
// A batched model holds its members — models of one shape that differ in seed, dropout and learning rate —
// back to back in every buffer: member m's part of a buffer starts at m × that buffer's per-member length.
// Every dispatch runs its grid once per member along z (workgroup_id.z = member), so a step of all the
// members costs the dispatches of one. A single model is the batched model of one member.
//
// The Members uniform is written before every submit (src/engine/gpu/members.ts writes it byte for byte):
// which members take part, and each one's step and settings. A member that does not take part returns at
// once from every kernel, so its buffers keep their values.
// CPU twin: src/engine/gpu/members.ts membersBytes
// Parity test: tests/unit/shaderShapes.test.ts, tests/gpu/batched.test.ts

const MAX_MEMBERS: u32 = 64u;
// Floats of the stats buffer per member (STATS.floats in src/engine/gpu/head.ts).
const STATS_PER_MEMBER: u32 = 4u;

struct Member {
  runs: u32,                    // 1 when the member takes part in this submit
  step: u32,                    // the member's optimiser step (selects its dropout stream)
  seed: u32,                    // dropout seed
  drop_threshold: u32,          // ceil(p · 2²⁴) for dropout p; 0 without dropout
  keep_scale: f32,              // 1 / (1 − p)
  lr: f32,                      // learning rate
  bias_correction1: f32,        // Adam: 1 − β1^step
  bias_correction2_sqrt: f32,   // Adam: sqrt(1 − β2^step)
}

struct Members {
  dropout_on: u32,              // 1 in a training step; 0 in evaluation and prediction
  count: u32,                   // members in the batched model
  pad0: u32,
  pad1: u32,
  each: array<Member, MAX_MEMBERS>,
}
