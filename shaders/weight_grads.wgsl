// weight_grads: every parameter gradient of one recurrent layer in one dispatch, summed over all
// T·B rows from the pre-activation gate gradients the backward recurrence wrote:
//   dW_ih[j, k] = Σ_m dgates_in[m, j] · x̃[m, k]       dW_hh[j, k] = Σ_m dgates_hid[m, j] · h[t, b, k]  (h_{t−1})
//   db_ih[j]    = Σ_m dgates_in[m, j]                  db_hh[j]    = Σ_m dgates_hid[m, j]
// with m = t·B + b and x̃ the layer's (dropped-out) input exactly as input_projection read it.
// The four results form one virtual (N, IN + H + 2) matrix: column blocks [0, IN) → dW_ih,
// [IN, IN + H) → dW_hh, and one last block holding the two bias columns.
//
// Buffers (M = T·B, N = G·H):
//   src         read: the layer's input, as in input_projection (SOURCE 0: x (B, T, IN); 1: h below (T+1, B, IN))
//   h           read: this layer's h (T+1, B, H); rows 0..T−1 are h_{t−1}
//   dgates_in   read (T, B, N)
//   dgates_hid  read (T, B, N) (the same buffer as dgates_in for the LSTM)
//   grads       overwritten at W_IH_OFF (N, IN), W_HH_OFF (N, H), B_IH_OFF (N), B_HH_OFF (N); nothing else touched
//   members     uniform: each member's step (dropout stream) and dropout settings, and whether dropout is on
// Workgroup: WG threads along x; each thread owns 8 rows j × 8 columns of the virtual matrix (rows past N:
// nothing stored) and loops
// over all M rows (no cross-thread reduction, so no atomics and no barriers). 8 × 8 rather than 4 × 4:
// per row m it loads 16 values for 64 multiply-adds instead of 8 for 16, and loads dominate on CPU.
// Members (shaders/members.wgsl): global_invocation_id.z is the member; each buffer is per member, member m's
// part starting at m × its length (grads: P), and the dropout seed, rate and step are the member's own.
// CPU twin: src/engine/reference/gemms.ts weightGrads
// Parity test: tests/gpu/gemm.test.ts

// #include "hash_uniform.wgsl"
// #include "members.wgsl"

override WG: u32;

// Sizes and tensor offsets of this dispatch (per member: see members.wgsl): a uniform written once when the
// dispatch is built (field order = the TS list in src/engine/gpu/shapes.ts), so one compiled pipeline
// serves every layer, batch shape and model.
struct Shape {
  T: u32,
  B: u32,
  M: u32,
  IN: u32,
  H: u32,
  N: u32,
  W_IH_OFF: u32,
  W_HH_OFF: u32,
  B_IH_OFF: u32,
  B_HH_OFF: u32,
  SOURCE: u32,
  LAYER_BELOW: u32,
  P: u32,
  IN_BLOCKS: u32,
  H_BLOCKS: u32,
  COL_BLOCKS: u32,
  ROW_SLOTS: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> h: array<f32>;
@group(0) @binding(2) var<storage, read> dgates_in: array<f32>;
@group(0) @binding(3) var<storage, read> dgates_hid: array<f32>;
@group(0) @binding(4) var<storage, read_write> grads: array<f32>;
@group(0) @binding(5) var<uniform> members: Members;
@group(0) @binding(6) var<uniform> shape: Shape;

// This member (set first thing by the entry point).
var<private> member: u32;

// Dropout multiplier of input element k of row m (only called when dropout is on).
fn keep(m: u32, k: u32) -> f32 {
  let settings = members.each[member];
  let stream = (settings.step << 8u) | shape.LAYER_BELOW;
  return dropout_scale(settings.seed, stream, m * shape.IN + k, settings.drop_threshold, settings.keep_scale);
}

// Four consecutive gate gradients (rows j, already clamped to N − 1) of row `row` of the whole buffer (the
// member's first row + m).
fn gates_in(row: u32, j: vec4u) -> vec4f {
  let base = row * shape.N;
  return vec4f(dgates_in[base + j.x], dgates_in[base + j.y], dgates_in[base + j.z], dgates_in[base + j.w]);
}

fn gates_hid(row: u32, j: vec4u) -> vec4f {
  let base = row * shape.N;
  return vec4f(dgates_hid[base + j.x], dgates_hid[base + j.y], dgates_hid[base + j.z], dgates_hid[base + j.w]);
}

// Eight consecutive column indices from k0, clamped to limit − 1 (as two vec4u).
fn columns(k0: u32, limit: u32) -> array<vec4u, 2> {
  let last = vec4u(limit - 1u);
  return array<vec4u, 2>(
    min(vec4u(k0, k0 + 1u, k0 + 2u, k0 + 3u), last),
    min(vec4u(k0 + 4u, k0 + 5u, k0 + 6u, k0 + 7u), last),
  );
}

// The 8 × 8 block in registers: column c of the block is lo_c (gate rows j0..j0+3) and hi_c (j0+4..j0+7).
// Named variables, not a private array: arrays indexed at run time are slow on CPU-emulated GPUs.
struct Block {
  lo0: vec4f, lo1: vec4f, lo2: vec4f, lo3: vec4f, lo4: vec4f, lo5: vec4f, lo6: vec4f, lo7: vec4f,
  hi0: vec4f, hi1: vec4f, hi2: vec4f, hi3: vec4f, hi4: vec4f, hi5: vec4f, hi6: vec4f, hi7: vec4f,
}

// acc += g ⊗ x for gate rows (g_lo, g_hi) and operand columns (x_lo, x_hi).
// fma rather than a separate product and sum: one rounding, and measured faster on SwiftShader.
fn accumulate(acc: ptr<function, Block>, g_lo: vec4f, g_hi: vec4f, x_lo: vec4f, x_hi: vec4f) {
  (*acc).lo0 = fma(g_lo, vec4f(x_lo.x), (*acc).lo0);
  (*acc).lo1 = fma(g_lo, vec4f(x_lo.y), (*acc).lo1);
  (*acc).lo2 = fma(g_lo, vec4f(x_lo.z), (*acc).lo2);
  (*acc).lo3 = fma(g_lo, vec4f(x_lo.w), (*acc).lo3);
  (*acc).lo4 = fma(g_lo, vec4f(x_hi.x), (*acc).lo4);
  (*acc).lo5 = fma(g_lo, vec4f(x_hi.y), (*acc).lo5);
  (*acc).lo6 = fma(g_lo, vec4f(x_hi.z), (*acc).lo6);
  (*acc).lo7 = fma(g_lo, vec4f(x_hi.w), (*acc).lo7);
  (*acc).hi0 = fma(g_hi, vec4f(x_lo.x), (*acc).hi0);
  (*acc).hi1 = fma(g_hi, vec4f(x_lo.y), (*acc).hi1);
  (*acc).hi2 = fma(g_hi, vec4f(x_lo.z), (*acc).hi2);
  (*acc).hi3 = fma(g_hi, vec4f(x_lo.w), (*acc).hi3);
  (*acc).hi4 = fma(g_hi, vec4f(x_hi.x), (*acc).hi4);
  (*acc).hi5 = fma(g_hi, vec4f(x_hi.y), (*acc).hi5);
  (*acc).hi6 = fma(g_hi, vec4f(x_hi.z), (*acc).hi6);
  (*acc).hi7 = fma(g_hi, vec4f(x_hi.w), (*acc).hi7);
}

@compute @workgroup_size(WG)
fn weight_grads(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  member = gid.z;
  if (members.each[member].runs == 0u) {
    return;
  }
  let p_base = member * shape.P;
  // The member's first row of dgates (T, B, N) and of h (T+1, B, H), kept in locals for the loops.
  let g_rows = member * shape.M;
  let h_rows = member * (shape.M + shape.B);
  // Consecutive threads take consecutive row blocks of one column block, and each column block has ROW_SLOTS,
  // ⌈N/8⌉ rounded up to a multiple of 4 (slots past N compute on clamped rows and store nothing), so the 4 lanes
  // a CPU-emulated GPU runs together never split between the three branches below: a split group would run both
  // loops over M.
  let id = gid.x + gid.y * groups.x * WG;
  if (id >= shape.ROW_SLOTS * shape.COL_BLOCKS) {
    return;
  }
  let j0 = (id % shape.ROW_SLOTS) * 8u;
  let block = id / shape.ROW_SLOTS;
  // Gate rows and operand columns past the edge are clamped for loading and skipped on store.
  let j = columns(j0, shape.N);
  var acc: Block;

  if (block < shape.IN_BLOCKS) {
    let k0 = block * 8u;
    let k = columns(k0, shape.IN);
    // Row m = t·B + b of x̃ starts at t·stride_t + b·stride_b + first: SOURCE 0 reads x (B, T, IN), SOURCE 1
    // row t+1 of the layer below's h (T+1, B, IN). Branch-free and with the dropout test outside the loops: a
    // branch in a loop body costs a CPU-emulated GPU as much as the multiply-adds (measured 2× on SwiftShader).
    let batch_source = shape.SOURCE == 0u;
    let stride_t = select(shape.B * shape.IN, shape.IN, batch_source);
    let stride_b = select(shape.IN, shape.T * shape.IN, batch_source);
    let member_src = member * select((shape.M + shape.B) * shape.IN, shape.M * shape.IN, batch_source);
    let first = member_src + select(shape.B * shape.IN, 0u, batch_source);
    if (shape.SOURCE == 1u && members.each[member].drop_threshold != 0u && members.dropout_on != 0u) {
      for (var t = 0u; t < shape.T; t++) {
        for (var b = 0u; b < shape.B; b++) {
          let m = t * shape.B + b;
          let base = first + t * stride_t + b * stride_b;
          let keep_lo = vec4f(keep(m, k[0].x), keep(m, k[0].y), keep(m, k[0].z), keep(m, k[0].w));
          let keep_hi = vec4f(keep(m, k[1].x), keep(m, k[1].y), keep(m, k[1].z), keep(m, k[1].w));
          let x_lo = vec4f(src[base + k[0].x], src[base + k[0].y], src[base + k[0].z], src[base + k[0].w]) * keep_lo;
          let x_hi = vec4f(src[base + k[1].x], src[base + k[1].y], src[base + k[1].z], src[base + k[1].w]) * keep_hi;
          accumulate(&acc, gates_in(g_rows + m, j[0]), gates_in(g_rows + m, j[1]), x_lo, x_hi);
        }
      }
    } else {
      for (var t = 0u; t < shape.T; t++) {
        for (var b = 0u; b < shape.B; b++) {
          let m = t * shape.B + b;
          let base = first + t * stride_t + b * stride_b;
          let x_lo = vec4f(src[base + k[0].x], src[base + k[0].y], src[base + k[0].z], src[base + k[0].w]);
          let x_hi = vec4f(src[base + k[1].x], src[base + k[1].y], src[base + k[1].z], src[base + k[1].w]);
          accumulate(&acc, gates_in(g_rows + m, j[0]), gates_in(g_rows + m, j[1]), x_lo, x_hi);
        }
      }
    }
    store_block(p_base + shape.W_IH_OFF, shape.IN, j0, k0, acc);
  } else if (block < shape.IN_BLOCKS + shape.H_BLOCKS) {
    let k0 = (block - shape.IN_BLOCKS) * 8u;
    let k = columns(k0, shape.H);
    for (var m = 0u; m < shape.M; m++) {
      let base = (h_rows + m) * shape.H; // row t of h is h_{t−1} for time step t
      let x_lo = vec4f(h[base + k[0].x], h[base + k[0].y], h[base + k[0].z], h[base + k[0].w]);
      let x_hi = vec4f(h[base + k[1].x], h[base + k[1].y], h[base + k[1].z], h[base + k[1].w]);
      accumulate(&acc, gates_hid(g_rows + m, j[0]), gates_hid(g_rows + m, j[1]), x_lo, x_hi);
    }
    store_block(p_base + shape.W_HH_OFF, shape.H, j0, k0, acc);
  } else {
    for (var m = 0u; m < shape.M; m++) {
      acc.lo0 += gates_in(g_rows + m, j[0]);
      acc.hi0 += gates_in(g_rows + m, j[1]);
      acc.lo1 += gates_hid(g_rows + m, j[0]);
      acc.hi1 += gates_hid(g_rows + m, j[1]);
    }
    for (var r = 0u; r < 4u; r++) {
      if (j0 + r < shape.N) {
        grads[p_base + shape.B_IH_OFF + j0 + r] = acc.lo0[r];
        grads[p_base + shape.B_HH_OFF + j0 + r] = acc.lo1[r];
      }
      if (j0 + 4u + r < shape.N) {
        grads[p_base + shape.B_IH_OFF + j0 + 4u + r] = acc.hi0[r];
        grads[p_base + shape.B_HH_OFF + j0 + 4u + r] = acc.hi1[r];
      }
    }
  }
}

// Stores the 8 × 8 block (rows j0.., columns k0..) of an (N, cols) gradient at offset, inside its bounds.
fn store_block(offset: u32, cols: u32, j0: u32, k0: u32, acc: Block) {
  store_rows(offset, cols, j0, k0, acc.lo0, acc.lo1, acc.lo2, acc.lo3, acc.lo4, acc.lo5, acc.lo6, acc.lo7);
  store_rows(offset, cols, j0 + 4u, k0, acc.hi0, acc.hi1, acc.hi2, acc.hi3, acc.hi4, acc.hi5, acc.hi6, acc.hi7);
}

// Four gate rows from j0 (one per lane) × eight columns from k0.
fn store_rows(
  offset: u32, cols: u32, j0: u32, k0: u32,
  c0: vec4f, c1: vec4f, c2: vec4f, c3: vec4f, c4: vec4f, c5: vec4f, c6: vec4f, c7: vec4f,
) {
  for (var r = 0u; r < 4u; r++) {
    if (j0 + r < shape.N) {
      let row = offset + (j0 + r) * cols + k0;
      let values = array<f32, 8>(c0[r], c1[r], c2[r], c3[r], c4[r], c5[r], c6[r], c7[r]);
      for (var c = 0u; c < 8u; c++) {
        if (k0 + c < cols) {
          grads[row + c] = values[c];
        }
      }
    }
  }
}
