// Training speed of the CPU reference engine (the no-WebGPU fallback) on workloads W1–W3.
// Run: node bench/reference-speed.mjs [--seconds 3] [--only W3]
// Prints ms/step and samples/s per workload and cell. Not part of `npm test`.
// Rates use this process's CPU time (process.cpuUsage), so other programs sharing the machine
// disturb them less than wall-clock time would; the wall-clock rate is printed beside them.
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../src/engine/random';
import { createCpuModel } from '../src/engine/reference/cpuModel';
import { type CellKind, DEFAULT_OPTIMIZER } from '../src/engine/types';
import { noisySine, windowBatch } from './synthetic';
import workloads from './workloads.json';

interface Row {
  workload: string;
  cell: CellKind;
  steps: number;
  msPerStep: number;
  samplesPerSecond: number;
  wallSamplesPerSecond: number;
}

export async function main(args: string[]): Promise<Row[]> {
  const seconds = Number(args[args.indexOf('--seconds') + 1]) || 3;
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
  const rows: Row[] = [];
  for (const w of workloads.workloads) {
    if (only && w.id !== only) continue;
    const series = noisySine({ length: 2000, features: w.F, seed: workloads.seed });
    const rand = mulberry32(workloads.seed);
    const batch = () =>
      windowBatch(
        series,
        w.F,
        w.T,
        1,
        Array.from({ length: w.batch }, () => Math.floor(rand() * (2000 - w.T - 1))),
      );
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
      const model = await createCpuModel(config, DEFAULT_OPTIMIZER);
      model.trainStepNow(batch()); // warm-up: JIT and first allocations
      let steps = 0;
      let cpuMs = 0;
      let wallMs = 0;
      while (cpuMs < seconds * 1000 || steps < 2) {
        const b = batch();
        const wallStart = performance.now();
        const cpuStart = process.cpuUsage();
        model.trainStepNow(b);
        const cpu = process.cpuUsage(cpuStart);
        cpuMs += (cpu.user + cpu.system) / 1000;
        wallMs += performance.now() - wallStart;
        steps++;
      }
      const msPerStep = cpuMs / steps;
      const row = {
        workload: w.id,
        cell,
        steps,
        msPerStep,
        samplesPerSecond: (w.batch * 1000) / msPerStep,
        wallSamplesPerSecond: (w.batch * steps * 1000) / wallMs,
      };
      rows.push(row);
      console.log(
        `${w.id} ${cell.padEnd(4)} T=${w.T} F=${w.F} ${w.layers}×${w.H} B=${w.batch}: ` +
          `${msPerStep.toFixed(1)} CPU ms/step, ${row.samplesPerSecond.toFixed(0)} samples/s ` +
          `(wall clock ${row.wallSamplesPerSecond.toFixed(0)} samples/s, ${steps} steps)`,
      );
    }
  }
  return rows;
}
