// member_rows: where one member's parts lie in the shared buffers of a recurrence kernel. Not a kernel: a
// library, put in place of `// #include "member_rows.wgsl"` after `// #include "members.wgsl"`; the kernel
// declares the `members` uniform it reads.
//
// Member m's parameters start at m · P; its rows of a (T, B, ·) buffer after m · T · B rows, and of a
// (T+1, B, ·) buffer after m · (T+1) · B rows.
// CPU twin: src/engine/reference/cpuModel.ts CpuModel (one per member)
// Parity test: tests/gpu/batched.test.ts

var<private> p_base: u32;  // member · P: its parameters
var<private> rows_t: u32;  // member · T · B: its first row of the (T, B, ·) buffers
var<private> rows_h: u32;  // member · (T+1) · B: its first row of the (T+1, B, ·) buffers

// Sets this member's parts; false when it takes no part in this submit (the kernel then returns at once).
fn enter_member(member: u32, p: u32, t: u32, b: u32) -> bool {
  p_base = member * p;
  rows_t = member * t * b;
  rows_h = member * (t + 1u) * b;
  return members.each[member].runs != 0u;
}
