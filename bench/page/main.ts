// The benchmark page: exposes `window.forecastBench.run(options)` to the driver (bench/driver.ts),
// which calls it once and receives every row. Progress goes to the console as "[bench] …" lines.
import { acquireGpu, type GpuContext } from '../../src/engine/gpu/device';
import type { Batch } from '../../src/engine/types';
import { installGpuCallCounter } from '../instrument';
import type {
  BenchOptions,
  CellName,
  EngineName,
  PageResults,
  TimingOptions,
  Workload,
  WorkloadFile,
} from '../protocol';
import { BATCHED, ENGINES, WEBGPU_ENGINES } from '../protocol';
import workloadFile from '../workloads.json';
import { syntheticBatches } from './data';
import {
  createOursBatchedSession,
  createOursCpuSession,
  createOursGpuSession,
  OURS_BATCHED_LOSS_READBACK,
  OURS_LOSS_READBACK,
} from './oursEngine';
import { predictStepMs, runOrder } from './plan';
import type { SessionOrSkip, SessionRequest } from './session';
import { createTfjsSession, TFJS_GRU_NOTE, TFJS_LOSS_READBACK, TFJS_VERSION } from './tfjsEngine';
import { timeCell } from './timing';

// Installed before any engine touches WebGPU; counts every WebGPU user on the page alike.
const counter = installGpuCallCounter();
const spec = workloadFile as WorkloadFile;
const BATCHES_PER_WORKLOAD = 4;

/** A readable message from a thrown value (the engines throw typed errors with a `message`). */
function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) {
    const kind = 'kind' in err ? `${String(err.kind)}: ` : '';
    return `${kind}${String(err.message)}`;
  }
  return String(err);
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
  const out = document.getElementById('log');
  if (out) out.textContent += `${message}\n`;
}

async function openSession(
  engine: EngineName,
  gpu: GpuContext | null,
  request: SessionRequest,
): Promise<SessionOrSkip> {
  switch (engine) {
    case 'ours-webgpu':
      return createOursGpuSession(gpu, request);
    case 'ours-webgpu-x8':
      return createOursBatchedSession(gpu, request);
    case 'ours-cpu':
      return createOursCpuSession(request);
    case 'tfjs-webgpu':
      return createTfjsSession('webgpu', request);
    case 'tfjs-wasm':
      return createTfjsSession('wasm', request);
    case 'tfjs-cpu':
      return createTfjsSession('cpu', request);
  }
}

async function run(options: BenchOptions): Promise<PageResults> {
  const status = await acquireGpu();
  const gpu = status.ok ? status.gpu : null;
  if (!status.ok) log(`no WebGPU for our engine: ${status.error.message}`);
  const results: PageResults = {
    browser: navigator.userAgent,
    adapter: gpu ? { ...gpu.summary } : null,
    rows: [],
    details: [],
    skipped: [],
    lossReadback: {
      ours: OURS_LOSS_READBACK,
      oursBatched: OURS_BATCHED_LOSS_READBACK,
      tfjs: TFJS_LOSS_READBACK,
      gru: TFJS_GRU_NOTE,
    },
    tfjsVersion: TFJS_VERSION,
  };
  const started = performance.now();
  // The last measurement of each engine and cell, to predict its cost on the next (larger) workload.
  const measured = new Map<string, { workload: Workload; msPerStep: number }>();
  const selected = spec.workloads.filter((w) => options.workloads.includes(w.id));
  const batchCache = new Map<string, Batch[]>();
  const batchesFor = (workload: Workload) => {
    let batches = batchCache.get(workload.id);
    if (!batches)
      batchCache.set(workload.id, (batches = syntheticBatches(workload, spec.seed, BATCHES_PER_WORKLOAD)));
    return batches;
  };
  for (const { workload, cell, engine } of runOrder(selected, options.cells, options.engines)) {
    const batches = batchesFor(workload);
    const where = `${workload.id} ${cell} ${engine}`;
    const timing: TimingOptions = { ...options.timing, ...options.timingOverrides?.[engine] };
    const request: SessionRequest = {
      workload,
      cell,
      batches,
      optimizer: spec.optimizer,
      seed: spec.seed,
    };
    const skip = (reason: string) => {
      log(`${where}: skipped — ${reason}`);
      results.skipped.push({ workload: workload.id, cell, engine, reason });
    };
    const known = measured.get(`${engine}/${cell}`);
    const left = options.totalBudgetMs - (performance.now() - started);
    if (known && options.totalBudgetMs > 0) {
      // At least one warm-up and one timed step must fit in what is left of the run's budget.
      const predicted = predictStepMs(known, workload, cell);
      if (2 * predicted > left) {
        skip(
          `predicted ${(predicted / 1000).toFixed(1)} s/step from ${(known.msPerStep / 1000).toFixed(2)} s/step on ` +
            `${known.workload.id}; two steps would not fit in the ${(Math.max(0, left) / 1000).toFixed(0)} s left of the run's budget`,
        );
        continue;
      }
    } else if (options.totalBudgetMs > 0 && left <= 0) {
      skip("the run's time budget is spent");
      continue;
    }
    let opened: SessionOrSkip;
    try {
      opened = await openSession(engine, gpu, request);
    } catch (err) {
      skip(`could not build the model: ${errorText(err)}`);
      continue;
    }
    if (!opened.ok) {
      skip(opened.reason);
      continue;
    }
    const { session } = opened;
    try {
      const timed = await timeCell(() => session.step(), timing, counter);
      if (!timed.ok) {
        skip(timed.reason);
        continue;
      }
      measured.set(`${engine}/${cell}`, { workload, msPerStep: timed.msPerStep });
      const perStep = WEBGPU_ENGINES.includes(engine) ? timed.perStep : null;
      const models = engine === BATCHED.engine ? BATCHED.models : 1;
      results.rows.push({
        workload: workload.id,
        cell,
        engine,
        msPerStep: timed.msPerStep,
        samplesPerSec: (models * workload.batch * 1000) / timed.msPerStep,
        dispatchesPerStep: perStep ? perStep.dispatches : null,
        submitsPerStep: perStep ? perStep.submits : null,
      });
      results.details.push({
        workload: workload.id,
        cell,
        engine,
        repeatsMs: timed.repeatsMs,
        stepsPerRepeat: timed.stepsPerRepeat,
        warmupMs: timed.warmupMs,
        lastLoss: timed.lastLoss,
        commandBuffersPerStep: perStep ? perStep.commandBuffers : null,
        writeBuffersPerStep: perStep ? perStep.writeBuffers : null,
        engineNote: session.note,
      });
      log(
        `${where}: ${timed.msPerStep.toFixed(2)} ms/step (${timed.repeatsMs.length}×${timed.stepsPerRepeat} steps)` +
          (perStep
            ? `, ${perStep.dispatches.toFixed(1)} dispatches, ${perStep.submits.toFixed(1)} submits per step`
            : ''),
      );
    } catch (err) {
      skip(`failed while training: ${errorText(err)}`);
    } finally {
      session.dispose();
    }
  }
  results.rows.sort(byReportOrder(options.cells));
  results.details.sort(byReportOrder(options.cells));
  results.skipped.sort(byReportOrder(options.cells));
  return results;
}

/** Rows in workloads.json order, then cell, then engine, whatever order they ran in. */
function byReportOrder(cells: CellName[]) {
  const rank = (r: { workload: string; cell: CellName; engine: EngineName }) => [
    spec.workloads.findIndex((w) => w.id === r.workload),
    cells.indexOf(r.cell),
    ENGINES.indexOf(r.engine),
  ];
  return (a: { workload: string; cell: CellName; engine: EngineName }, b: typeof a) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
  };
}

declare global {
  interface Window {
    forecastBench: { run(options: BenchOptions): Promise<PageResults> };
  }
}

window.forecastBench = { run };
log('ready');
