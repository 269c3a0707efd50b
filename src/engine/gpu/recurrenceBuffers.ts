// The buffers the fused and per-step recurrence kernels bind, in binding order, shared by both paths
// (their WGSL files declare the same bindings, the members uniform last; the per-step kernels bind it at 9, after
// their step slice and the backward's carry).
import type { CellKind } from '../types';
import { storageBuffer } from './buffers';
import type { RecurrenceBindings } from './recurrenceTypes';

export interface RecurrenceBufferLists {
  forward: GPUBuffer[];
  backward: GPUBuffer[];
  /** The LSTM got one buffer for both gradient sides: the kernels skip their dgates_hid writes (WRITE_HID 0). */
  sharedGradients: boolean;
  /** Buffers created here, destroyed with the kernel. */
  owned: GPUBuffer[];
}

export function recurrenceBuffers(
  device: GPUDevice,
  cell: CellKind,
  bindings: RecurrenceBindings,
): RecurrenceBufferLists {
  // An LSTM may receive one buffer for both gradient sides: bind a dummy as dgates_hid and skip those writes,
  // so no dispatch has two writable bindings aliasing one buffer.
  const sharedGradients = bindings.dgatesHid === bindings.dgatesIn;
  const dummy = sharedGradients ? storageBuffer(device, 'recurrence unused dgates_hid', 4) : undefined;
  const dgatesHid = dummy ?? bindings.dgatesHid;
  const { params, xproj, h, gates, dh, dgatesIn, members } = bindings;
  const c = bindings.c as GPUBuffer;
  const hn = bindings.hn as GPUBuffer;
  return cell === 'lstm'
    ? {
        forward: [params, xproj, h, c, gates, members],
        backward: [params, c, gates, dh, dgatesIn, dgatesHid, members],
        sharedGradients,
        owned: dummy ? [dummy] : [],
      }
    : {
        forward: [params, xproj, h, gates, hn, members],
        backward: [params, h, gates, hn, dh, dgatesIn, dgatesHid, members],
        sharedGradients,
        owned: dummy ? [dummy] : [],
      };
}
