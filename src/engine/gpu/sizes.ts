// Workgroup sizes for every engine kernel, chosen once from the device's limits and injected into the
// shaders as `override WG`; dispatch grids are computed from the same numbers.

export interface KernelSizes {
  /** Threads per workgroup for the GEMM-like kernels (each thread owns a GEMM_BLOCK² output block). */
  gemm: number;
  /** Threads of the single-workgroup reductions (head + loss, gradient norm): a power of two. */
  reduce: number;
  /** Threads per workgroup of the elementwise optimiser kernels. */
  elementwise: number;
  maxWorkgroupsPerDimension: number;
}

/** Output elements per GEMM thread along each axis: fixed by the shaders' sixteen named vec4 accumulators. */
export const GEMM_BLOCK = 8;

export function kernelSizes(limits: GPUSupportedLimits): KernelSizes {
  const maxThreads = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  // The reductions keep one f32 per thread in workgroup memory.
  const reduceCap = Math.min(256, maxThreads, Math.floor(limits.maxComputeWorkgroupStorageSize / 4));
  return {
    gemm: Math.min(64, maxThreads),
    reduce: 2 ** Math.floor(Math.log2(reduceCap)),
    elementwise: Math.min(64, maxThreads),
    maxWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
  };
}

/** Dropout override constants shared by the kernels that draw masks (see shaders/hash_uniform.wgsl). */
export function dropoutConstants(seed: number, p: number): Record<string, number> {
  return {
    SEED: seed >>> 0,
    DROP_THRESHOLD: p > 0 ? Math.ceil(p * 2 ** 24) : 0,
    KEEP_SCALE: p > 0 ? 1 / (1 - p) : 1,
  };
}
