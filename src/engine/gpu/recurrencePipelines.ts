// Compiled recurrence pipelines, cached per device, WGSL file and override constants: the engine creates one
// recurrence per layer and model, often with identical shapes, and a SwiftShader compile costs tens of ms.

const cache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();
const modules = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();

export function recurrencePipeline(
  device: GPUDevice,
  label: string,
  code: string,
  entryPoint: string,
  constants: Record<string, number>,
): GPUComputePipeline {
  let perDevice = cache.get(device);
  if (!perDevice) cache.set(device, (perDevice = new Map()));
  const key = `${label}:${entryPoint}:${JSON.stringify(constants)}`;
  const cached = perDevice.get(key);
  if (cached) return cached;

  let perDeviceModules = modules.get(device);
  if (!perDeviceModules) modules.set(device, (perDeviceModules = new Map()));
  let module = perDeviceModules.get(label);
  if (!module) perDeviceModules.set(label, (module = device.createShaderModule({ label, code })));

  const pipeline = device.createComputePipeline({
    label: `${entryPoint} ${JSON.stringify(constants)}`,
    layout: 'auto',
    compute: { module, entryPoint, constants },
  });
  perDevice.set(key, pipeline);
  return pipeline;
}

export function bindAll(device: GPUDevice, pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup {
  return device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}
