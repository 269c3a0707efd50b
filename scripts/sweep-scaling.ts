// How the cost of a training round grows with the number of same-shape models trained together, as the
// tuning sweep trains them today: K GpuModels on one Scheduler, so one submit per round but each model with
// its own dispatches. Not a test: figures for the README and for the batched-kernel work still to do.
import { create, globals } from 'webgpu';
import { acquireGpu } from '../src/engine/gpu/device';
import { createGpuModel } from '../src/engine/gpu/model';
import { Scheduler } from '../src/engine/gpu/scheduler';
import { mulberry32 } from '../src/engine/random';
import { initParams } from '../src/engine/reference/model';
import { type CellKind, DEFAULT_OPTIMIZER, type ModelConfig } from '../src/engine/types';

Object.assign(globalThis, globals);
// Dawn's GPU object must outlive every device made from it: collecting it aborts the process.
const nodeGpu = create([]);

const WORKLOADS = [
  { id: 'W3', T: 16, F: 1, L: 1, H: 32, B: 32 },
  { id: 'W1', T: 32, F: 1, L: 2, H: 64, B: 64 },
];

/** Args: [rounds = 10] [K = 8]. */
export async function main(args: string[]) {
  const rounds = Number(args[0] ?? 10);
  const K = Number(args[1] ?? 8);
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(status.error.message);
  const gpu = status.gpu;
  console.log(`adapter: ${gpu.summary.description}; ${rounds} rounds per figure, best of 3`);
  console.log('workload cell  models  ms/round  ×one model  dispatches/round  submits/round');
  for (const w of WORKLOADS) {
    for (const cell of ['lstm', 'gru'] as CellKind[]) {
      const rand = mulberry32(7);
      const batch = {
        x: Float32Array.from({ length: w.B * w.T * w.F }, () => rand() * 2 - 1),
        y: Float32Array.from({ length: w.B }, () => rand() * 2 - 1),
        batchSize: w.B,
        timeSteps: w.T,
      };
      let one = 0;
      for (const count of [1, K]) {
        const scheduler = new Scheduler(gpu.device);
        const models = await Promise.all(
          Array.from({ length: count }, (_, seed) => {
            const config: ModelConfig = {
              cell,
              inputSize: w.F,
              hiddenSize: w.H,
              numLayers: w.L,
              outputSize: 1,
              dropout: 0,
              seed,
            };
            return createGpuModel(gpu, config, DEFAULT_OPTIMIZER, initParams(config), { scheduler });
          }),
        );
        const round = () => Promise.all(models.map((m) => m.trainStep(batch)));
        await round(); // compile
        let best = Number.POSITIVE_INFINITY;
        for (let r = 0; r < 3; r++) {
          const start = performance.now();
          for (let i = 0; i < rounds; i++) await round();
          best = Math.min(best, (performance.now() - start) / rounds);
        }
        if (count === 1) one = best;
        const submits = scheduler.submits;
        const dispatches = models.reduce((n, m) => n + m.info.dispatchesPerStep, 0);
        console.log(
          `${w.id.padEnd(8)} ${cell.padEnd(5)} ${String(count).padStart(6)}  ${best.toFixed(1).padStart(8)}  ${(best / one).toFixed(2).padStart(10)}  ${String(dispatches).padStart(16)}  ${(submits / (1 + 3 * rounds)).toFixed(1).padStart(13)}`,
        );
        for (const m of models) m.dispose();
      }
    }
  }
}
