// Per-dispatch time of the recurrence kernels for the workloads in bench/workloads.json (W1–W3), both cells,
// fused and per-step paths. Not a test: numbers for the README and for choosing between kernel variants.
import { create, globals } from 'webgpu';
import { storageBuffer } from '../src/engine/gpu/buffers';
import { acquireGpu } from '../src/engine/gpu/device';
import { membersUniform, writeMembers } from '../src/engine/gpu/members';
import {
  createRecurrence,
  type RecurrenceKernel,
  type RecurrenceLayout,
  type RecurrencePath,
} from '../src/engine/gpu/recurrence';
import { mulberry32 } from '../src/engine/random';
import { type CellKind, DEFAULT_OPTIMIZER, GATES } from '../src/engine/types';

Object.assign(globalThis, globals);
const nodeGpu = create([]);

const WORKLOADS = [
  { id: 'W1', T: 32, B: 64, H: 64 },
  { id: 'W2', T: 64, B: 256, H: 128 },
  { id: 'W3', T: 16, B: 32, H: 32 },
];

async function timeRecords(
  device: GPUDevice,
  record: (pass: GPUComputePassEncoder) => void,
  repeats: number,
) {
  const run = async (n: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let i = 0; i < n; i++) record(pass);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  await run(1); // compile and warm caches
  // Minimum over rounds: on a shared machine the fastest round is the one least disturbed by other work.
  // CPU time covers the whole process (SwiftShader's worker threads included, spinning too).
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await run(repeats);
    const used = process.cpuUsage(cpuStart);
    wall = Math.min(wall, (performance.now() - start) / repeats);
    cpu = Math.min(cpu, (used.user + used.system) / 1000 / repeats);
  }
  return { wall, cpu };
}

const fmt = (m: { wall: number; cpu: number }) => `${m.wall.toFixed(1)}/${m.cpu.toFixed(1)}`;

/** Args: [repeats = 5] [workload id] [path] [layout: rows1 | blocked] [cell]. */
export async function main(args: string[]) {
  const repeats = Number(args[0] ?? 5);
  const onlyWorkload = args[1];
  const onlyPath = args[2];
  const layout = args[3] as RecurrenceLayout | undefined;
  const onlyCell = args[4];
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(status.error.message);
  const { device, summary } = status.gpu;
  console.log(`adapter: ${summary.description}; ${repeats} repeats per figure`);
  console.log('workload cell path       tile  fwd wall/cpu ms  bwd wall/cpu ms  dispatches f/b');
  for (const w of WORKLOADS) {
    if (onlyWorkload && w.id !== onlyWorkload) continue;
    for (const cell of ['lstm', 'gru'] as CellKind[]) {
      if (onlyCell && cell !== onlyCell) continue;
      for (const forcePath of ['fused', 'per-step'] as RecurrencePath[]) {
        if (onlyPath && forcePath !== onlyPath) continue;
        const { T, B, H } = w;
        const G = GATES[cell] * H;
        const rand = mulberry32(1);
        const rnd = (n: number, s: number) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * s);
        const members = membersUniform(device);
        writeMembers(device, members, [{ seed: 0, dropout: 0, lr: 0 }], DEFAULT_OPTIMIZER, {
          active: [true],
          steps: [1],
          dropoutOn: false,
        });
        const buffers = {
          params: storageBuffer(device, 'params', rnd(G * H + G, 1 / Math.sqrt(H))),
          xproj: storageBuffer(device, 'xproj', rnd(T * B * G, 1)),
          h: storageBuffer(device, 'h', (T + 1) * B * H),
          c: storageBuffer(device, 'c', (T + 1) * B * H),
          hn: storageBuffer(device, 'hn', T * B * H),
          gates: storageBuffer(device, 'gates', T * B * G),
          dh: storageBuffer(device, 'dh', rnd(T * B * H, 1)),
          dgatesIn: storageBuffer(device, 'dgatesIn', T * B * G),
          dgatesHid: storageBuffer(device, 'dgatesHid', T * B * G),
        };
        const kernel: RecurrenceKernel = createRecurrence(
          device,
          cell,
          { T, B, H },
          {
            ...buffers,
            paramsPerMember: 0,
            members,
            memberCount: 1,
            wHhOffset: 0,
            bHhOffset: G * H,
            c: cell === 'lstm' ? buffers.c : undefined,
            hn: cell === 'gru' ? buffers.hn : undefined,
          },
          { forcePath, layout },
        );
        const forward = await timeRecords(device, (pass) => kernel.recordForward(pass), repeats);
        const backward = await timeRecords(device, (pass) => kernel.recordBackward(pass), repeats);
        const tile = kernel.reason.match(/(\d+) batch rows?/)?.[1] ?? '-';
        console.log(
          `${w.id.padEnd(8)} ${cell.padEnd(4)} ${forcePath.padEnd(10)} ${tile.padStart(4)}  ${fmt(forward).padStart(15)}  ${fmt(backward).padStart(15)}  ${kernel.dispatchesForward}/${kernel.dispatchesBackward}`,
        );
        kernel.destroy();
        for (const buffer of Object.values(buffers)) buffer.destroy();
      }
    }
  }
}
