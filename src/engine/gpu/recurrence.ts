// The recurrent part of one LSTM or GRU layer on the GPU, forward and backward through time.
// The engine supplies the input projection xproj = x·W_ihᵀ + b_ih for all t (one GEMM) and turns the gate
// gradients produced here into weight gradients and dX (GEMMs); this module owns only the sequential part.
//
// Two paths with one interface:
//   fused    — one dispatch per direction: each workgroup owns a batch tile and loops over t itself,
//              a block of 4 batch rows × 4 hidden units per thread
//              (shaders/{lstm,gru}_{forward,backward}_blocked.wgsl) or, for small batches, one row and unit
//              (shaders/{lstm,gru}_{forward,backward}.wgsl);
//   per-step — one dispatch per time step and direction, for shapes the fused tile cannot hold
//              (shaders/{lstm,gru}_step.wgsl).
// See planRecurrence for the rule that picks between them.
import gruBackwardSource from '../../../shaders/gru_backward.wgsl?raw';
import gruBackwardBlockedSource from '../../../shaders/gru_backward_blocked.wgsl?raw';
import gruForwardSource from '../../../shaders/gru_forward.wgsl?raw';
import gruForwardBlockedSource from '../../../shaders/gru_forward_blocked.wgsl?raw';
import lstmBackwardSource from '../../../shaders/lstm_backward.wgsl?raw';
import lstmBackwardBlockedSource from '../../../shaders/lstm_backward_blocked.wgsl?raw';
import lstmForwardSource from '../../../shaders/lstm_forward.wgsl?raw';
import lstmForwardBlockedSource from '../../../shaders/lstm_forward_blocked.wgsl?raw';
import type { CellKind } from '../types';
import { bindBuffers, computePipeline } from './pipelines';
import { recurrenceBuffers } from './recurrenceBuffers';
import {
  fusedOverrides,
  planRecurrence,
  type RecurrenceDims,
  type RecurrencePlan,
  type RecurrencePlanOptions,
} from './recurrencePlan';
import { createPerStepRecurrence } from './recurrenceStep';
import type { RecurrenceBindings, RecurrenceKernel } from './recurrenceTypes';

export type {
  RecurrenceDims,
  RecurrenceLayout,
  RecurrencePath,
  RecurrencePlanOptions,
} from './recurrencePlan';
export { planRecurrence } from './recurrencePlan';
export type { RecurrenceBindings, RecurrenceKernel } from './recurrenceTypes';

export type RecurrenceOptions = RecurrencePlanOptions;

// The two thread layouts of the fused path (see planRecurrence).
const FUSED_SOURCES = {
  lstm: {
    rows1: { forward: lstmForwardSource, backward: lstmBackwardSource },
    blocked: { forward: lstmForwardBlockedSource, backward: lstmBackwardBlockedSource },
  },
  gru: {
    rows1: { forward: gruForwardSource, backward: gruBackwardSource },
    blocked: { forward: gruForwardBlockedSource, backward: gruBackwardBlockedSource },
  },
};

export function createRecurrence(
  device: GPUDevice,
  cell: CellKind,
  dims: RecurrenceDims,
  bindings: RecurrenceBindings,
  options: RecurrenceOptions = {},
): RecurrenceKernel {
  checkBindings(cell, bindings);
  const plan = planRecurrence(device.limits, cell, dims, options);
  if (plan.path === 'per-step') return createPerStepRecurrence(device, cell, dims, bindings, plan.reason);
  return createFusedRecurrence(device, cell, dims, bindings, plan);
}

function checkBindings(cell: CellKind, bindings: RecurrenceBindings): void {
  if (cell === 'lstm' && !bindings.c) throw new Error('an LSTM recurrence needs the c buffer');
  if (cell === 'gru' && !bindings.hn) throw new Error('a GRU recurrence needs the hn buffer');
  if (cell === 'gru' && bindings.dgatesHid === bindings.dgatesIn) {
    throw new Error('a GRU recurrence needs separate dgatesIn and dgatesHid buffers (their n blocks differ)');
  }
}

function createFusedRecurrence(
  device: GPUDevice,
  cell: CellKind,
  dims: RecurrenceDims,
  bindings: RecurrenceBindings,
  plan: RecurrencePlan,
): RecurrenceKernel {
  const sizes = fusedOverrides(cell, dims, plan);
  const offsets = { W_HH: bindings.wHhOffset, P: bindings.paramsPerMember };
  const members = bindings.memberCount;
  const buffers = recurrenceBuffers(device, cell, bindings);
  const layout = plan.layout ?? 'rows1';
  const source = FUSED_SOURCES[cell][layout];
  const suffix = layout === 'rows1' ? '.wgsl' : '_blocked.wgsl';
  const forward = computePipeline(
    device,
    { name: `${cell}_forward${suffix}`, code: source.forward },
    `${cell}_forward`,
    { ...sizes.forward, ...offsets, B_HH: bindings.bHhOffset },
  );
  const backward = computePipeline(
    device,
    { name: `${cell}_backward${suffix}`, code: source.backward },
    `${cell}_backward`,
    cell === 'lstm'
      ? { ...sizes.backward, ...offsets, WRITE_HID: buffers.sharedGradients ? 0 : 1 }
      : { ...sizes.backward, ...offsets },
  );
  const forwardGroup = bindBuffers(device, forward, buffers.forward);
  const backwardGroup = bindBuffers(device, backward, buffers.backward);
  return {
    path: 'fused',
    reason: plan.reason,
    dispatchesForward: 1,
    dispatchesBackward: 1,
    recordForward(pass) {
      pass.setPipeline(forward);
      pass.setBindGroup(0, forwardGroup);
      pass.dispatchWorkgroups(plan.workgroups, 1, members);
    },
    recordBackward(pass) {
      pass.setPipeline(backward);
      pass.setBindGroup(0, backwardGroup);
      pass.dispatchWorkgroups(plan.workgroups, 1, members);
    },
    destroy() {
      for (const buffer of buffers.owned) buffer.destroy();
    },
  };
}
