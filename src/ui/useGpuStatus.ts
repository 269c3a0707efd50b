import { useEffect, useState } from 'react';
import { probeGpu } from '../store/appDeps';
import type { GpuProbeResult } from '../worker/protocol';

export type GpuProbe = { state: 'checking' } | GpuProbeResult;

/** Probes WebGPU once for the status panel, in the training worker (the page never touches the GPU itself). */
export function useGpuStatus(): GpuProbe {
  const [probe, setProbe] = useState<GpuProbe>({ state: 'checking' });
  useEffect(() => {
    let cancelled = false;
    probeGpu().then((result) => {
      if (!cancelled) setProbe(result);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return probe;
}
