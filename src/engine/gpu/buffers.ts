// Small helpers for storage buffers and readback shared by every kernel wrapper.

// WebGPU usage and map-mode flags by their spec values, so importing this module never touches
// GPUBufferUsage (undefined in a browser without WebGPU, where the CPU engine still loads).
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
export const MAP_READ_MODE = 0x1;
export const STORAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

export function storageBuffer(
  device: GPUDevice,
  label: string,
  data: Float32Array | Uint32Array | number,
): GPUBuffer {
  const byteLength = typeof data === 'number' ? data * 4 : data.byteLength;
  const buffer = device.createBuffer({ label, size: Math.max(16, align4(byteLength)), usage: STORAGE });
  if (typeof data !== 'number') device.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
  return buffer;
}

export function uniformBuffer(device: GPUDevice, label: string, byteLength: number): GPUBuffer {
  return device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(byteLength / 16) * 16),
    usage: USAGE.UNIFORM | USAGE.COPY_DST,
  });
}

/** Copies `floats` f32 values from `source` into a fresh mappable buffer and reads them (one submit). */
export async function readFloats(device: GPUDevice, source: GPUBuffer, floats: number, offsetFloats = 0) {
  const staging = device.createBuffer({
    label: 'readback',
    size: align4(floats * 4),
    usage: USAGE.MAP_READ | USAGE.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, offsetFloats * 4, staging, 0, floats * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(MAP_READ_MODE);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

/** Splits a 1-D workgroup count over x and y so neither exceeds the per-dimension limit. */
export function grid1d(workgroups: number, maxPerDimension: number): [number, number] {
  if (workgroups <= maxPerDimension) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / maxPerDimension);
  return [Math.ceil(workgroups / y), y];
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
