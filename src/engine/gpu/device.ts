// Obtains a WebGPU adapter and device the same way in the browser (navigator.gpu) and in Node
// (the `webgpu` package's GPU object passed in), and turns every way of failing into a typed value.

export type GpuUnavailable =
  | { kind: 'no-webgpu'; message: string }
  | { kind: 'no-adapter'; message: string }
  | { kind: 'device-request-failed'; message: string };

/** The limits the engine sizes its kernels from. */
export interface KeyLimits {
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxStorageBufferBindingSize: number;
  maxStorageBuffersPerShaderStage: number;
  maxComputeWorkgroupsPerDimension: number;
  maxBufferSize: number;
}

export interface AdapterSummary {
  description: string;
  vendor: string;
  architecture: string;
  isFallbackAdapter: boolean;
  limits: KeyLimits;
}

export interface GpuContext {
  adapter: GPUAdapter;
  device: GPUDevice;
  summary: AdapterSummary;
}

export type GpuStatus = { ok: true; gpu: GpuContext } | { ok: false; error: GpuUnavailable };

const LIMIT_NAMES: (keyof KeyLimits)[] = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
  'maxBufferSize',
];

function defaultGpu(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu;
}

export function summariseAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info;
  const limits = {} as KeyLimits;
  for (const name of LIMIT_NAMES) limits[name] = Number(adapter.limits[name]);
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  return {
    description: parts.length > 0 ? [...new Set(parts)].join(' · ') : 'unnamed WebGPU adapter',
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter),
    limits,
  };
}

/**
 * Requests an adapter and a device with the adapter's own maxima for the limits the engine uses,
 * so kernel tile sizes can be chosen from `summary.limits`.
 */
export async function acquireGpu(gpu: GPU | undefined = defaultGpu()): Promise<GpuStatus> {
  if (!gpu) {
    return {
      ok: false,
      error: { kind: 'no-webgpu', message: 'WebGPU is not available in this browser.' },
    };
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, error: { kind: 'no-adapter', message: `No WebGPU adapter: ${String(err)}` } };
  }
  if (!adapter) {
    return {
      ok: false,
      error: { kind: 'no-adapter', message: 'WebGPU is present but no GPU adapter was found.' },
    };
  }
  const summary = summariseAdapter(adapter);
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMIT_NAMES) requiredLimits[name] = summary.limits[name];
  try {
    const device = await adapter.requestDevice({ requiredLimits });
    return { ok: true, gpu: { adapter, device, summary } };
  } catch (err) {
    return {
      ok: false,
      error: { kind: 'device-request-failed', message: `The GPU refused to create a device: ${String(err)}` },
    };
  }
}
