// The per-time-step recurrence: one dispatch per t and direction (shaders/{lstm,gru}_step.wgsl). Slower than
// the fused kernels (T dispatches instead of one) but with no workgroup-memory or thread-count limit on H.
import gruStepSource from '../../../shaders/gru_step.wgsl?raw';
import lstmStepSource from '../../../shaders/lstm_step.wgsl?raw';
import type { CellKind } from '../types';
import { STORAGE, USAGE } from './buffers';
import type { RecurrenceBindings, RecurrenceKernel } from './recurrence';
import { recurrencePipeline } from './recurrencePipelines';
import type { RecurrenceDims } from './recurrencePlan';

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
  const carry = device.createBuffer({
    label: 'recurrence carry (B, H)',
    size: Math.max(16, B * H * 4),
    usage: STORAGE,
  });
  const sharedGradients = bindings.dgatesHid === bindings.dgatesIn;
  const dummy = sharedGradients
    ? device.createBuffer({ label: 'recurrence unused dgates_hid', size: 16, usage: STORAGE })
    : undefined;
  const dgatesHid = dummy ?? bindings.dgatesHid;

  const constants = {
    H,
    T,
    B,
    W_HH: bindings.wHhOffset,
    WG: STEP_WORKGROUP,
  };
  const source = cell === 'lstm' ? lstmStepSource : gruStepSource;
  const file = `${cell}_step.wgsl`;
  const forward = recurrencePipeline(device, file, source, `${cell}_forward_step`, {
    ...constants,
    B_HH: bindings.bHhOffset,
  });
  const backward = recurrencePipeline(
    device,
    file,
    source,
    `${cell}_backward_step`,
    cell === 'lstm' ? { ...constants, WRITE_HID: sharedGradients ? 0 : 1 } : constants,
  );
  const forwardBuffers =
    cell === 'lstm'
      ? [bindings.params, bindings.xproj, bindings.h, bindings.c as GPUBuffer, bindings.gates]
      : [bindings.params, bindings.xproj, bindings.h, bindings.gates, bindings.hn as GPUBuffer];
  const backwardBuffers =
    cell === 'lstm'
      ? [
          bindings.params,
          bindings.c as GPUBuffer,
          bindings.gates,
          bindings.dh,
          bindings.dgatesIn,
          dgatesHid,
          carry,
        ]
      : [
          bindings.params,
          bindings.h,
          bindings.gates,
          bindings.hn as GPUBuffer,
          bindings.dh,
          bindings.dgatesIn,
          dgatesHid,
          carry,
        ];
  const groupsFor = (pipeline: GPUComputePipeline, buffers: GPUBuffer[]) =>
    Array.from({ length: T }, (_, t) =>
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          ...buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
          { binding: buffers.length, resource: { buffer: steps, offset: t * stride, size: 16 } },
        ],
      }),
    );
  const forwardGroups = groupsFor(forward, forwardBuffers);
  const backwardGroups = groupsFor(backward, backwardBuffers);

  return {
    path: 'per-step',
    reason,
    dispatchesForward: T,
    dispatchesBackward: T,
    recordForward(pass) {
      pass.setPipeline(forward);
      for (let t = 0; t < T; t++) {
        pass.setBindGroup(0, forwardGroups[t]);
        pass.dispatchWorkgroups(workgroups);
      }
    },
    recordBackward(pass) {
      pass.setPipeline(backward);
      for (let t = T - 1; t >= 0; t--) {
        pass.setBindGroup(0, backwardGroups[t]);
        pass.dispatchWorkgroups(workgroups);
      }
    },
    destroy() {
      steps.destroy();
      carry.destroy();
      dummy?.destroy();
    },
  };
}
