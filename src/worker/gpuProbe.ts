// The page's WebGPU probe for the status panel: adapter, key limits and a kernel self-test, run in a
// short-lived worker so the page itself never loads GPU code. Training uses its own worker's device.

import type { AdapterSummary, GpuUnavailable } from '../engine/gpu/device';
import type { SelfTestResult } from '../engine/gpu/selfTest';

export type GpuProbeResult =
  | { state: 'available'; summary: AdapterSummary; selfTest: SelfTestResult | { error: string } }
  | { state: 'unavailable'; error: GpuUnavailable };

/** Runs the probe in a fresh worker (terminated when it answers). Resolves, never rejects. */
export function probeGpuInWorker(): Promise<GpuProbeResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./gpuProbe.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gpu-probe',
    });
    const finish = (result: GpuProbeResult) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<GpuProbeResult>) => finish(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      finish({
        state: 'unavailable',
        error: { kind: 'no-webgpu', message: `The WebGPU probe stopped: ${event.message}` },
      });
    };
  });
}
