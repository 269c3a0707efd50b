// One model's training step on the WebGPU engine against its multiply-adds (hidden 8 to 64, one layer, window 24,
// batch 32, LSTM and GRU), beside what the tuning estimate's step-cost shape predicts for it
// (STEP_FIXED_MS + STEP_MS_PER_MEGA_MAC × multiply-adds, src/store/tuneSlice.ts). Not a test: how those two
// constants were chosen. Usage: source scripts/gpu-env.sh && node scripts/step-cost.mjs
import { create, globals } from 'webgpu';
import { acquireGpu } from '../src/engine/gpu/device';
import { createGpuModel } from '../src/engine/gpu/model';
import { DEFAULT_OPTIMIZER } from '../src/engine/types';
import { STEP_FIXED_MS, STEP_MS_PER_MEGA_MAC, sampleCost } from '../src/store/tuneSlice';

Object.assign(globalThis, globals);
// Dawn's GPU object must outlive every device made from it: collecting it aborts the process.
const nodeGpu = create([]);

export async function main(): Promise<void> {
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(status.error.message);
  console.log(`adapter: ${status.gpu.summary.description}; median of 21 steps after 2`);
  console.log('cell  hidden  million multiply-adds  ms/step  predicted  predicted ÷ measured');
  const T = 24;
  const B = 32;
  const batch = {
    x: new Float32Array(B * T).fill(0.1),
    y: new Float32Array(B).fill(0.2),
    batchSize: B,
    timeSteps: T,
  };
  for (const cell of ['lstm', 'gru'] as const) {
    for (const hiddenSize of [8, 16, 32, 64]) {
      const config = { cell, inputSize: 1, hiddenSize, numLayers: 1, outputSize: 1, dropout: 0, seed: 1 };
      const model = await createGpuModel(status.gpu, config, DEFAULT_OPTIMIZER);
      for (let i = 0; i < 2; i++) await model.trainStep(batch);
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        await model.trainStep(batch);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const ms = times[10];
      const mega = (B * sampleCost(cell, hiddenSize, 1, 1, T)) / 1e6;
      const predicted = STEP_FIXED_MS + STEP_MS_PER_MEGA_MAC * mega;
      console.log(
        `${cell.padEnd(5)} ${String(hiddenSize).padStart(6)} ${mega.toFixed(2).padStart(22)} ${ms.toFixed(2).padStart(8)} ${predicted.toFixed(2).padStart(10)} ${(predicted / ms).toFixed(2).padStart(21)}`,
      );
      model.dispose();
    }
  }
}
