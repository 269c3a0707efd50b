// How the cost of a training round grows with the number of same-shape models trained together, two ways:
// K separate GpuModels on one Scheduler (one submit per round, but each model with its own dispatches: how
// the tuning sweep trained them before batching), and K members of one batched model (`createGpuModels`:
// one set of dispatches and one submit per round, whatever K). Each beside one model. Not a test: figures
// for the README. Dispatches and submits are counted by wrapping the WebGPU prototypes (bench/instrument.ts),
// independently of what the engine reports.
import { create, globals } from 'webgpu';
import { countsBetween, installGpuCallCounter } from '../bench/instrument';
import { acquireGpu, type GpuContext } from '../src/engine/gpu/device';
import { createGpuModel, createGpuModels, type GpuModel } from '../src/engine/gpu/model';
import { Scheduler } from '../src/engine/gpu/scheduler';
import { mulberry32 } from '../src/engine/random';
import { initParams } from '../src/engine/reference/model';
import { type Batch, type CellKind, DEFAULT_OPTIMIZER, type ModelConfig } from '../src/engine/types';

Object.assign(globalThis, globals);
// Dawn's GPU object must outlive every device made from it: collecting it aborts the process.
const nodeGpu = create([]);
const counter = installGpuCallCounter();

const WORKLOADS = [
  { id: 'W3', T: 16, F: 1, L: 1, H: 32, B: 32 },
  { id: 'W1', T: 32, F: 1, L: 2, H: 64, B: 64 },
];

type Workload = (typeof WORKLOADS)[number];
type Layout = 'one' | 'separate' | 'batched';

function modelConfig(w: Workload, cell: CellKind, seed: number): ModelConfig {
  return { cell, inputSize: w.F, hiddenSize: w.H, numLayers: w.L, outputSize: 1, dropout: 0, seed };
}

/** `count` models with seeds 0 … count - 1, as one model, separate models on one scheduler, or one batched model. */
function createModels(gpu: GpuContext, w: Workload, cell: CellKind, count: number, layout: Layout) {
  const configs = Array.from({ length: count }, (_, seed) => modelConfig(w, cell, seed));
  if (layout === 'batched') {
    return createGpuModels(
      gpu,
      configs,
      configs.map(() => DEFAULT_OPTIMIZER),
      configs.map((c) => initParams(c)),
    );
  }
  const scheduler = new Scheduler(gpu.device);
  return Promise.all(
    configs.map((c) => createGpuModel(gpu, c, DEFAULT_OPTIMIZER, initParams(c), { scheduler })),
  );
}

/** Best of 3 × `rounds` rounds (every model steps on `batch`), with WebGPU calls counted per round. */
async function timeRounds(models: GpuModel[], batch: Batch, rounds: number) {
  const round = () => Promise.all(models.map((m) => m.trainStep(batch)));
  await round(); // compile
  const before = counter?.snapshot();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    for (let i = 0; i < rounds; i++) await round();
    best = Math.min(best, (performance.now() - start) / rounds);
  }
  const counts = counter && before ? countsBetween(before, counter.snapshot()) : null;
  return {
    ms: best,
    dispatches: counts ? counts.dispatches / (3 * rounds) : null,
    submits: counts ? counts.submits / (3 * rounds) : null,
  };
}

function num(value: number | null, digits: number, width: number): string {
  return (value === null ? '—' : value.toFixed(digits)).padStart(width);
}

/** Args: [rounds = 10] [K = 8]. */
export async function main(args: string[]) {
  const rounds = Number(args[0] ?? 10);
  const K = Number(args[1] ?? 8);
  const status = await acquireGpu(nodeGpu);
  if (!status.ok) throw new Error(status.error.message);
  const gpu = status.gpu;
  if (!counter) console.log('(no WebGPU prototypes to wrap: dispatches and submits are not counted)');
  console.log(`adapter: ${gpu.summary.description}; ${rounds} rounds per figure, best of 3`);
  console.log(
    'workload cell  models  layout    ms/round  ×one model  dispatches/round  submits/round  engine-reported',
  );
  for (const w of WORKLOADS) {
    for (const cell of ['lstm', 'gru'] as CellKind[]) {
      const rand = mulberry32(7);
      const batch: Batch = {
        x: Float32Array.from({ length: w.B * w.T * w.F }, () => rand() * 2 - 1), // (B, T, F)
        y: Float32Array.from({ length: w.B }, () => rand() * 2 - 1), // (B, 1)
        batchSize: w.B,
        timeSteps: w.T,
      };
      let one = 0;
      const runs: [number, Layout][] = [
        [1, 'one'],
        [K, 'separate'],
        [K, 'batched'],
      ];
      for (const [count, layout] of runs) {
        let models: GpuModel[];
        try {
          models = await createModels(gpu, w, cell, count, layout);
        } catch (err) {
          console.log(
            `${w.id.padEnd(8)} ${cell.padEnd(5)} ${String(count).padStart(6)}  ${layout.padEnd(8)}  ${String(err)}`,
          );
          continue;
        }
        const timed = await timeRounds(models, batch, rounds);
        if (layout === 'one') one = timed.ms;
        // Separate models each report their own dispatches; batched members each report the joint step's.
        const reported =
          layout === 'batched'
            ? models[0].info.dispatchesPerStep
            : models.reduce((n, m) => n + m.info.dispatchesPerStep, 0);
        console.log(
          `${w.id.padEnd(8)} ${cell.padEnd(5)} ${String(count).padStart(6)}  ${layout.padEnd(8)}  ${num(timed.ms, 1, 8)}  ${num(timed.ms / one, 2, 10)}  ${num(timed.dispatches, 0, 16)}  ${num(timed.submits, 1, 13)}  ${String(reported).padStart(15)}`,
        );
        for (const m of models) m.dispose();
      }
    }
  }
}
