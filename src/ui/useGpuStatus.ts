import { useEffect, useState } from 'react';
import { type AdapterSummary, acquireGpu, type GpuUnavailable } from '../engine/gpu/device';
import { runAdamSelfTest, type SelfTestResult } from '../engine/gpu/selfTest';

export type GpuProbe =
  | { state: 'checking' }
  | { state: 'available'; summary: AdapterSummary; selfTest: SelfTestResult | { error: string } }
  | { state: 'unavailable'; error: GpuUnavailable };

/**
 * Probes WebGPU once for the status panel: adapter, key limits, and a kernel self-test.
 * The probe's device is released afterwards; training uses the worker's own device.
 */
export function useGpuStatus(): GpuProbe {
  const [probe, setProbe] = useState<GpuProbe>({ state: 'checking' });
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const status = await acquireGpu();
      if (!status.ok) {
        if (!cancelled) setProbe({ state: 'unavailable', error: status.error });
        return;
      }
      let selfTest: SelfTestResult | { error: string };
      try {
        selfTest = await runAdamSelfTest(status.gpu.device);
      } catch (err) {
        selfTest = { error: String(err) };
      }
      status.gpu.device.destroy();
      if (!cancelled) setProbe({ state: 'available', summary: status.gpu.summary, selfTest });
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return probe;
}
