import type { GpuProbe } from './useGpuStatus';

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GiB`;
  if (bytes >= 1 << 20) return `${Math.round(bytes / (1 << 20))} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

export function GpuStatusPanel({ probe }: { probe: GpuProbe }) {
  if (probe.state === 'checking') {
    return (
      <section className="gpu-status" aria-label="WebGPU status" aria-busy="true">
        Checking for WebGPU…
      </section>
    );
  }
  if (probe.state === 'unavailable') {
    return (
      <section className="gpu-status gpu-status--off" aria-label="WebGPU status" role="status">
        <strong>WebGPU unavailable: training will use the CPU engine.</strong>{' '}
        <span className="muted">{probe.error.message}</span>
      </section>
    );
  }
  const { summary, selfTest } = probe;
  const limits = summary.limits;
  return (
    <section className="gpu-status gpu-status--on" aria-label="WebGPU status" role="status">
      <strong>WebGPU available</strong> <span>{summary.description}</span>
      {summary.isFallbackAdapter && <span className="muted"> (software adapter)</span>}
      <dl className="limits">
        <dt>Workgroup memory</dt>
        <dd>{formatBytes(limits.maxComputeWorkgroupStorageSize)}</dd>
        <dt>Invocations / workgroup</dt>
        <dd>{limits.maxComputeInvocationsPerWorkgroup}</dd>
        <dt>Storage binding</dt>
        <dd>{formatBytes(limits.maxStorageBufferBindingSize)}</dd>
      </dl>
      <p className="self-test">
        {'error' in selfTest
          ? `Kernel self-test failed to run: ${selfTest.error}`
          : selfTest.passed
            ? `Kernel self-test passed (max relative error ${selfTest.maxRelError.toExponential(1)} over ${selfTest.n} values)`
            : `Kernel self-test FAILED: max relative error ${selfTest.maxRelError.toExponential(2)} exceeds ${selfTest.tolerance}. Training will use the CPU engine.`}
      </p>
    </section>
  );
}
