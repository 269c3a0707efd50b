// The per-time-step recurrence: one dispatch per t and direction (shaders/{lstm,gru}_step.wgsl). Slower than
// the fused kernels (T dispatches instead of one) but with no workgroup-memory or thread-count limit on H.
import gruStepSource from '../../../shaders/gru_step.wgsl?raw';
import lstmStepSource from '../../../shaders/lstm_step.wgsl?raw';
import type { CellKind } from '../types';
import { storageBuffer, USAGE } from './buffers';
import { computePipeline } from './pipelines';
import { recurrenceBuffers } from './recurrenceBuffers';
import type { RecurrenceDims } from './recurrencePlan';
import type { RecurrenceBindings, RecurrenceKernel } from './recurrenceTypes';

/** Where both entry points of the per-step kernels bind the members uniform. */
const MEMBERS_BINDING = 9;

/** Threads per workgroup of the per-step kernels; injected as the override `WG`. */
export const STEP_WORKGROUP = 64;

export function createPerStepRecurrence(
  device: GPUDevice,
  cell: CellKind,
  dims: RecurrenceDims,
  bindings: RecurrenceBindings,
  reason: string,
): RecurrenceKernel {
  const { T, B, H } = dims;
  const workgroups = Math.ceil((B * H) / STEP_WORKGROUP);
  if (workgroups > device.limits.maxComputeWorkgroupsPerDimension) {
    throw new Error(`batch ${B} × hidden ${H} is too large for one dispatch of the per-step recurrence`);
  }
  // Step t lives at byte t·stride of one uniform buffer; each step binds its own slice.
  const stride = Math.max(16, device.limits.minUniformBufferOffsetAlignment);
  const steps = device.createBuffer({
    label: 'recurrence step indices',
    size: T * stride,
    usage: USAGE.UNIFORM | USAGE.COPY_DST,
  });
  const stepData = new Uint32Array((T * stride) / 4);
  for (let t = 0; t < T; t++) stepData[(t * stride) / 4] = t;
  device.queue.writeBuffer(steps, 0, stepData);
  const members = bindings.memberCount;
  const carry = storageBuffer(device, 'recurrence carry (members, B, H)', members * B * H);
  const buffers = recurrenceBuffers(device, cell, bindings);

  const constants = {
    H,
    T,
    B,
    W_HH: bindings.wHhOffset,
    P: bindings.paramsPerMember,
    WG: STEP_WORKGROUP,
  };
  const source = { name: `${cell}_step.wgsl`, code: cell === 'lstm' ? lstmStepSource : gruStepSource };
  const forward = computePipeline(device, source, `${cell}_forward_step`, {
    ...constants,
    B_HH: bindings.bHhOffset,
  });
  const backward = computePipeline(
    device,
    source,
    `${cell}_backward_step`,
    cell === 'lstm' ? { ...constants, WRITE_HID: buffers.sharedGradients ? 0 : 1 } : constants,
  );
  // Bindings: the kernel's buffers, then its step slice; the members uniform at MEMBERS_BINDING.
  const groupsFor = (pipeline: GPUComputePipeline, list: GPUBuffer[]) =>
    Array.from({ length: T }, (_, t) =>
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          ...list.map((buffer, binding) => ({ binding, resource: { buffer } })),
          { binding: list.length, resource: { buffer: steps, offset: t * stride, size: 16 } },
          { binding: MEMBERS_BINDING, resource: { buffer: bindings.members } },
        ],
      }),
    );
  const withoutMembers = (list: GPUBuffer[]) => list.slice(0, -1);
  const forwardGroups = groupsFor(forward, withoutMembers(buffers.forward));
  const backwardGroups = groupsFor(backward, [...withoutMembers(buffers.backward), carry]);

  return {
    path: 'per-step',
    reason,
    dispatchesForward: T,
    dispatchesBackward: T,
    recordForward(pass) {
      pass.setPipeline(forward);
      for (let t = 0; t < T; t++) {
        pass.setBindGroup(0, forwardGroups[t]);
        pass.dispatchWorkgroups(workgroups, 1, members);
      }
    },
    recordBackward(pass) {
      pass.setPipeline(backward);
      for (let t = T - 1; t >= 0; t--) {
        pass.setBindGroup(0, backwardGroups[t]);
        pass.dispatchWorkgroups(workgroups, 1, members);
      }
    },
    destroy() {
      steps.destroy();
      carry.destroy();
      for (const buffer of buffers.owned) buffer.destroy();
    },
  };
}
