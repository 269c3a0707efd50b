import { create } from 'webgpu';
import { acquireGpu, type GpuContext } from '../../src/engine/gpu/device';

// Dawn's GPU object must outlive every device made from it: collecting it aborts the process.
const nodeGpu = create([]);
let context: Promise<GpuContext> | undefined;

/**
 * The one device every GPU test shares. Fails loudly — never skips — when no adapter is found,
 * with the environment the Node WebGPU binding needs to find SwiftShader.
 */
export function testGpu(): Promise<GpuContext> {
  context ??= (async () => {
    const status = await acquireGpu(nodeGpu);
    if (!status.ok) {
      throw new Error(
        `GPU tests need a WebGPU adapter and found none (${status.error.kind}: ${status.error.message}). ` +
          "Run them through `npm test` (scripts/gpu-env.sh sets VK_ICD_FILENAMES to Chromium's SwiftShader, " +
          `currently ${process.env.VK_ICD_FILENAMES ?? 'unset'}) after Debian's chromium is installed.`,
      );
    }
    status.gpu.device.addEventListener('uncapturederror', (event) => {
      throw new Error(`uncaptured WebGPU error: ${(event as GPUUncapturedErrorEvent).error.message}`);
    });
    return status.gpu;
  })();
  return context;
}

/** A device of its own, for tests that destroy it or provoke errors (the shared one must survive). */
export async function freshTestGpu(): Promise<GpuContext> {
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(`no WebGPU adapter for a fresh device: ${status.error.message}`);
  return status.gpu;
}
