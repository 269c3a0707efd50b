// Times each kernel stage of our WebGPU training step on its own, in Node through the `webgpu`
// package (Dawn) on whatever Vulkan driver scripts/gpu-env.sh points at (SwiftShader here), to see
// which kernel dominates a step. With `--members K`, K same-shape models batched into one (every stage then
// runs all K members in its one dispatch). Not part of `npm test`.
// Run: source scripts/gpu-env.sh && node bench/profile-kernels.mjs [--only W1] [--reps 3] [--members 8]
import { create } from 'webgpu';
import { acquireGpu } from '../src/engine/gpu/device';
import { createGpuModels } from '../src/engine/gpu/model';
import { type Dispatch, recordDispatch } from '../src/engine/gpu/pipelines';
import type { CellKind } from '../src/engine/types';
import { DEFAULT_OPTIMIZER } from '../src/engine/types';
import { syntheticBatches } from './page/data';
import workloads from './workloads.json';

const nodeGpu = create([]);

interface Timed {
  name: string;
  record(pass: GPUComputePassEncoder): void;
}

/** Median and minimum ms of `reps` submits of the stage alone. */
async function timeStage(
  device: GPUDevice,
  stage: Timed,
  reps: number,
): Promise<{ median: number; min: number }> {
  const run = async (n: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let i = 0; i < n; i++) stage.record(pass);
    pass.end();
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  await run(1);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) times.push(await run(1));
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0] };
}

export async function main(args: string[]): Promise<void> {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
  const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 3;
  const K = args.includes('--members') ? Number(args[args.indexOf('--members') + 1]) : 1;
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(`${status.error.kind}: ${status.error.message}`);
  const gpu = status.gpu;
  console.log(`adapter: ${gpu.summary.description}`);
  for (const w of workloads.workloads) {
    if (only && !only.includes(w.id)) continue;
    for (const cell of workloads.cells as CellKind[]) {
      const config = {
        cell,
        inputSize: w.F,
        hiddenSize: w.H,
        numLayers: w.layers,
        outputSize: 1,
        dropout: 0,
        seed: workloads.seed,
      };
      const configs = Array.from({ length: K }, (_, k) => ({ ...config, seed: config.seed + k }));
      const models = await createGpuModels(
        gpu,
        configs,
        configs.map(() => DEFAULT_OPTIMIZER),
      );
      const model = models[0];
      const [batch] = syntheticBatches(w, workloads.seed, 1);
      const step = () => Promise.all(models.map((m) => m.trainStep(batch)));
      const t0 = performance.now();
      await step();
      const first = performance.now() - t0;
      const steps: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t1 = performance.now();
        await step();
        steps.push(performance.now() - t1);
      }
      steps.sort((a, b) => a - b);
      const whole = steps[steps.length >> 1];
      const ws = await model.workspace(w.T, w.batch);
      const internals = (
        model as unknown as {
          batched: { norm: Dispatch; optimizerKernel: { record(pass: GPUComputePassEncoder): void } };
        }
      ).batched;
      const stages: Timed[] = [
        ...ws.forward,
        ...ws.backward,
        { name: 'grad_norm', record: (pass) => recordDispatch(pass, internals.norm) },
        { name: 'optimizer', record: (pass) => internals.optimizerKernel.record(pass) },
      ];
      const empty = (await timeStage(gpu.device, { name: 'empty', record: () => {} }, reps)).median;
      let sum = 0;
      const lines: string[] = [];
      for (const stage of stages) {
        const { median, min } = await timeStage(gpu.device, stage, reps);
        sum += median - empty;
        lines.push(`  ${stage.name.padEnd(26)} ${median.toFixed(2).padStart(9)} ms (min ${min.toFixed(2)})`);
      }
      console.log(
        `${w.id} ${cell}${K > 1 ? ` ×${K}` : ''}: whole step ${whole.toFixed(1)} ms (median of ${reps}; first ${first.toFixed(0)} ms), ` +
          `stages alone sum ${sum.toFixed(1)} ms over an empty submit of ${empty.toFixed(2)} ms; path ${model.info.path}`,
      );
      console.log(lines.join('\n'));
      for (const m of models) m.dispose();
    }
  }
}
