// Types shared by the benchmark page (bench/page/) and its Node driver (bench/driver.ts).
// The page runs every measurement; the driver builds and serves the page, launches Chromium,
// prints the table and writes bench/results.json.

export type EngineName =
  | 'ours-webgpu'
  | 'ours-webgpu-x8'
  | 'ours-cpu'
  | 'tfjs-webgpu'
  | 'tfjs-wasm'
  | 'tfjs-cpu';

export const ENGINES: EngineName[] = [
  'ours-webgpu',
  'ours-webgpu-x8',
  'ours-cpu',
  'tfjs-webgpu',
  'tfjs-wasm',
  'tfjs-cpu',
];

/** The engines whose WebGPU calls are counted per step (the others' counts are null). */
export const WEBGPU_ENGINES: EngineName[] = ['ours-webgpu', 'ours-webgpu-x8', 'tfjs-webgpu'];

/**
 * `ours-webgpu-x8`: this many same-shape models (seeds seed, seed + 1, …), members of one batched model
 * (`createGpuModels`), each with its own batch, stepped together; only on these workloads.
 */
export const BATCHED = { engine: 'ours-webgpu-x8', models: 8, workloads: ['W3', 'W1'] } as const;

/** How an engine is named in the printed tables (results.json keeps the engine name). */
export function engineLabel(engine: EngineName): string {
  return engine === BATCHED.engine ? `ours-webgpu ×${BATCHED.models}` : engine;
}

export type CellName = 'lstm' | 'gru';

export interface Workload {
  id: string;
  T: number;
  F: number;
  layers: number;
  H: number;
  batch: number;
  note?: string;
}

export interface WorkloadFile {
  seed: number;
  workloads: Workload[];
  cells: CellName[];
  optimizer: { lr: number; beta1: number; beta2: number; eps: number };
}

/** How the page measures one cell (workload × cell × engine). */
export interface TimingOptions {
  /**
   * Untimed steps first: pipeline compilation, buffer pools, JIT. At least 1; further warm-up steps
   * only while warm-up has used less than half of `cellBudgetMs`.
   */
  warmupSteps: number;
  /** Timed repeats; the reported figure is the median repeat. */
  repeats: number;
  /** Upper bound on timed steps per repeat. */
  maxStepsPerRepeat: number;
  /** Time the timed repeats of one cell aim to fill, in ms; slow cells time fewer steps. */
  cellBudgetMs: number;
  /**
   * Bound on one step, in ms: a cell predicted (from a smaller workload) or measured in warm-up to
   * be slower is skipped, with the reason recorded.
   */
  maxStepMs: number;
}

export interface BenchOptions {
  workloads: string[];
  cells: CellName[];
  engines: EngineName[];
  timing: TimingOptions;
  /** Per-engine overrides, e.g. tfjs-cpu on W2 gets fewer steps. */
  timingOverrides?: Partial<Record<EngineName, Partial<TimingOptions>>>;
  /**
   * Time the whole run may take in the page, in ms: a cell predicted not to fit in what is left is
   * skipped with that reason. 0 means no limit.
   */
  totalBudgetMs: number;
}

/**
 * One row of bench/results.json; exactly these fields. For `ours-webgpu-x8` the row is the joint step of
 * all its models: ms per joint step, samples/s of all models together, dispatches and submits per joint step.
 */
export interface ResultRow {
  workload: string;
  cell: CellName;
  engine: EngineName;
  msPerStep: number;
  samplesPerSec: number;
  dispatchesPerStep: number | null;
  submitsPerStep: number | null;
}

/** What else was measured for a row: kept beside the rows so the rows keep their fixed shape. */
export interface RowDetail {
  workload: string;
  cell: CellName;
  engine: EngineName;
  /** ms/step of each timed repeat. */
  repeatsMs: number[];
  stepsPerRepeat: number;
  warmupMs: number[];
  /** Loss of the last timed step (a sanity check that training ran). */
  lastLoss: number;
  /** Command buffers submitted and queue.writeBuffer calls per step (WebGPU sides). */
  commandBuffersPerStep: number | null;
  writeBuffersPerStep: number | null;
  /** What the engine says about itself (kernel path, backend flavour). */
  engineNote: string;
}

export interface SkippedCell {
  workload: string;
  cell: CellName;
  engine: EngineName;
  reason: string;
}

export interface PageResults {
  browser: string;
  adapter: Record<string, unknown> | null;
  rows: ResultRow[];
  details: RowDetail[];
  skipped: SkippedCell[];
  lossReadback: Record<string, string>;
  tfjsVersion: string;
}
