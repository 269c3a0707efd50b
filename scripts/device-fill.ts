// How much of the adapter one small dispatch already keeps busy: the premise of training models together.
// A kernel of nothing but register multiply-adds (16 independent chains per invocation, no memory traffic but
// one store) runs on 1, 2, 4, … workgroups of 64 invocations, with and without a workgroup barrier per outer
// iteration (the recurrence kernels synchronise every time step). On a GPU the rate grows with the workgroups
// until its many cores are full, so K small models in one dispatch cost little more than one; where one
// workgroup already reaches most of the best rate, K models cost about K times one. Not a test: figures for
// the README. Usage: source scripts/gpu-env.sh && node scripts/device-fill.mjs [max workgroups = 64]
import { create, globals } from 'webgpu';
import { acquireGpu } from '../src/engine/gpu/device';

Object.assign(globalThis, globals);
// Dawn's GPU object must outlive every device made from it: collecting it aborts the process.
const nodeGpu = create([]);

const WORKGROUP = 64;
const CHAINS = 4; // vec4 accumulators per invocation: 16 independent multiply-add chains
const OUTER = 64;
const INNER = 64;
/** Multiply-adds of one invocation (each vec4 fma is four). */
const MACS_PER_INVOCATION = OUTER * INNER * CHAINS * 4;

function kernel(barrier: boolean): string {
  const chains = Array.from({ length: CHAINS }, (_, i) => i);
  return `
@group(0) @binding(0) var<storage, read_write> sink: array<vec4f>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  ${chains.map((i) => `var a${i} = vec4f(f32(gid.x + ${i}u), 1.0, 2.0, 3.0);`).join('\n  ')}
  let m = vec4f(0.999, 0.998, 0.997, 0.996);
  let c = vec4f(0.001);
  for (var o = 0u; o < ${OUTER}u; o++) {
    for (var i = 0u; i < ${INNER}u; i++) {
      ${chains.map((i) => `a${i} = fma(a${i}, m, c);`).join('\n      ')}
    }
    ${barrier ? 'workgroupBarrier();' : ''}
  }
  sink[gid.y * groups.x * ${WORKGROUP}u + gid.x] = ${chains.map((i) => `a${i}`).join(' + ')};
}`;
}

/** Median ms of `reps` submits of one dispatch of `workgroups` workgroups, after one to compile and warm. */
async function timeDispatch(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  bindGroup: GPUBindGroup,
  workgroups: number,
  reps: number,
): Promise<number> {
  const once = async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(1, workgroups);
    pass.end();
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  await once();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) times.push(await once());
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** Args: [max workgroups = 64] [reps = 7]. */
export async function main(args: string[]): Promise<void> {
  const maxWorkgroups = Number(args[0] ?? 64);
  const reps = Number(args[1] ?? 7);
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(status.error.message);
  const { device } = status.gpu;
  console.log(
    `adapter: ${status.gpu.summary.description}; ${WORKGROUP} invocations per workgroup, median of ${reps}`,
  );
  const sink = device.createBuffer({
    size: maxWorkgroups * WORKGROUP * 16,
    usage: GPUBufferUsage.STORAGE,
  });
  for (const barrier of [false, true]) {
    const module = device.createShaderModule({ code: kernel(barrier) });
    const pipeline = await device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: sink } }],
    });
    const rates: { workgroups: number; ms: number; rate: number }[] = [];
    for (let workgroups = 1; workgroups <= maxWorkgroups; workgroups *= 2) {
      const ms = await timeDispatch(device, pipeline, bindGroup, workgroups, reps);
      rates.push({ workgroups, ms, rate: (workgroups * WORKGROUP * MACS_PER_INVOCATION) / ms / 1e6 });
    }
    const best = Math.max(...rates.map((r) => r.rate));
    console.log(barrier ? '\nwith a workgroup barrier per 64 iterations' : '\nno barrier');
    console.log('workgroups     ms   billion multiply-adds/s   share of the best');
    for (const r of rates) {
      console.log(
        `${String(r.workgroups).padStart(10)} ${r.ms.toFixed(2).padStart(6)} ${r.rate.toFixed(2).padStart(25)} ${`${((100 * r.rate) / best).toFixed(0)}%`.padStart(19)}`,
      );
    }
  }
}
