// Compiles each (shader, entry point, override constants) once per device. Kernel wrappers are created
// per model and per batch shape, so the cache keeps re-creating a workspace cheap.
import { resolveIncludes } from './shaderIncludes';

const modules = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();
const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

export interface KernelSource {
  /** File name, for labels and cache keys. */
  name: string;
  /** WGSL; `// #include "…"` lines name the libraries it needs (see shaderIncludes.ts). */
  code: string;
}

export function computePipeline(
  device: GPUDevice,
  source: KernelSource,
  entryPoint: string,
  constants: Record<string, number>,
): GPUComputePipeline {
  let byKey = pipelines.get(device);
  if (!byKey) pipelines.set(device, (byKey = new Map()));
  const key = `${source.name}:${entryPoint}:${JSON.stringify(constants)}`;
  let pipeline = byKey.get(key);
  if (!pipeline) {
    pipeline = device.createComputePipeline({
      label: entryPoint,
      layout: 'auto',
      compute: { module: shaderModule(device, source), entryPoint, constants },
    });
    byKey.set(key, pipeline);
  }
  return pipeline;
}

function shaderModule(device: GPUDevice, source: KernelSource): GPUShaderModule {
  let byName = modules.get(device);
  if (!byName) modules.set(device, (byName = new Map()));
  let module = byName.get(source.name);
  if (!module) {
    module = device.createShaderModule({ label: source.name, code: resolveIncludes(source.code) });
    byName.set(source.name, module);
  }
  return module;
}

/** Bind group 0 of `pipeline` with the buffers in binding order. */
export function bindBuffers(device: GPUDevice, pipeline: GPUComputePipeline, buffers: GPUBuffer[]) {
  return device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/**
 * One recorded kernel launch: pipeline, bind group and grid, ready to be replayed every step. The grid's z is
 * the member axis of a batched model (shaders/members.wgsl): one slice of workgroups per member.
 */
export interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  grid: [number, number, number];
  /** Buffers the dispatch created for itself (its Shape uniform); destroyed with it. */
  owned?: GPUBuffer[];
}

export function destroyDispatch(dispatch: Dispatch): void {
  for (const buffer of dispatch.owned ?? []) buffer.destroy();
}

export function recordDispatch(pass: GPUComputePassEncoder, dispatch: Dispatch): void {
  pass.setPipeline(dispatch.pipeline);
  pass.setBindGroup(0, dispatch.bindGroup);
  pass.dispatchWorkgroups(dispatch.grid[0], dispatch.grid[1], dispatch.grid[2]);
}
