import { useEffect, useState } from 'react';
import { type GpuProbeResult, probeGpuInWorker } from '../worker/gpuProbe';

export type GpuProbe = { state: 'checking' } | GpuProbeResult;

/** Probes WebGPU once for the status panel (in a worker: the page never touches the GPU itself). */
export function useGpuStatus(): GpuProbe {
  const [probe, setProbe] = useState<GpuProbe>({ state: 'checking' });
  useEffect(() => {
    let cancelled = false;
    probeGpuInWorker().then((result) => {
      if (!cancelled) setProbe(result);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return probe;
}
