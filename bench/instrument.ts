// Counts WebGPU API calls by wrapping the WebGPU prototypes of the current realm, so the count
// is independent of what an engine says about itself and works the same for any WebGPU user on
// the page (our engine, TensorFlow.js). Used by the benchmark; the app does not install it.

export interface GpuCallCounts {
  /** GPUComputePassEncoder.dispatchWorkgroups + dispatchWorkgroupsIndirect calls. */
  dispatches: number;
  /** GPUQueue.submit calls. */
  submits: number;
  /** Command buffers handed to GPUQueue.submit (one submit may carry several). */
  commandBuffers: number;
  /** GPUQueue.writeBuffer calls (uploads that need no command buffer). */
  writeBuffers: number;
}

export interface GpuCallCounter {
  /** Counts since installation; subtract two snapshots to count a span. */
  snapshot(): GpuCallCounts;
}

const INSTALLED = Symbol.for('forecast-lab.gpu-call-counter');

type Scope = Record<string | symbol, unknown>;

function zero(): GpuCallCounts {
  return { dispatches: 0, submits: 0, commandBuffers: 0, writeBuffers: 0 };
}

/** Subtracts `before` from `after`, field by field. */
export function countsBetween(before: GpuCallCounts, after: GpuCallCounts): GpuCallCounts {
  return {
    dispatches: after.dispatches - before.dispatches,
    submits: after.submits - before.submits,
    commandBuffers: after.commandBuffers - before.commandBuffers,
    writeBuffers: after.writeBuffers - before.writeBuffers,
  };
}

/**
 * Wraps the counting methods on the realm's WebGPU prototypes (once; later calls return the same
 * counter). Returns null where the realm has no WebGPU interfaces.
 */
export function installGpuCallCounter(scope: object = globalThis): GpuCallCounter | null {
  const realm = scope as Scope;
  const existing = realm[INSTALLED] as GpuCallCounter | undefined;
  if (existing) return existing;
  const passClass = realm.GPUComputePassEncoder as { prototype: Record<string, unknown> } | undefined;
  const queueClass = realm.GPUQueue as { prototype: Record<string, unknown> } | undefined;
  if (!passClass || !queueClass) return null;

  const counts = zero();
  const wrap = (proto: Record<string, unknown>, method: string, count: (args: unknown[]) => void) => {
    const original = proto[method];
    if (typeof original !== 'function') return;
    proto[method] = function counted(this: unknown, ...args: unknown[]) {
      count(args);
      return original.apply(this, args);
    };
  };
  wrap(passClass.prototype, 'dispatchWorkgroups', () => counts.dispatches++);
  wrap(passClass.prototype, 'dispatchWorkgroupsIndirect', () => counts.dispatches++);
  wrap(queueClass.prototype, 'submit', (args) => {
    counts.submits++;
    const buffers = args[0];
    counts.commandBuffers += Array.isArray(buffers) ? buffers.length : 0;
  });
  wrap(queueClass.prototype, 'writeBuffer', () => counts.writeBuffers++);

  const counter: GpuCallCounter = { snapshot: () => ({ ...counts }) };
  realm[INSTALLED] = counter;
  return counter;
}
