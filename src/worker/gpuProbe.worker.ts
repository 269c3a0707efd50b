// The WebGPU probe's worker: acquires a device, runs the Adam kernel self-test, releases the device
// and posts one GpuProbeResult.

/// <reference lib="webworker" />
import { acquireGpu } from '../engine/gpu/device';
import { runAdamSelfTest, type SelfTestResult } from '../engine/gpu/selfTest';
import type { GpuProbeResult } from './gpuProbe';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function probe(): Promise<GpuProbeResult> {
  const status = await acquireGpu();
  if (!status.ok) return { state: 'unavailable', error: status.error };
  let selfTest: SelfTestResult | { error: string };
  try {
    selfTest = await runAdamSelfTest(status.gpu.device);
  } catch (err) {
    selfTest = { error: String(err) };
  }
  status.gpu.device.destroy();
  return { state: 'available', summary: status.gpu.summary, selfTest };
}

probe().then((result) => scope.postMessage(result));
