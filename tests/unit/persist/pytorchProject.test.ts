// The PyTorch project export: the generated train.py reproduces the page's CPU engine step for step (first 5
// losses to 1e-5 relative, from the exported initial weights, windows in order, float64), its seeded
// initialisation is the page's initParams value for value (to float32 precision), its forecast past the data is
// the page's (the median of 1 or 3 refits on all rows from consecutive seeds, then direct or recursive, unscaled
// and held: to 1e-6 relative), and the same project, unzipped into a clean folder, trains with 2 processes
// through its own torchrun_compat.py (gloo on the CPU; Debian's torchrun itself is broken) and writes its
// weights, metrics and forecast.
// Uses Debian's python3-torch (scripts/ensure-system-deps.sh installs it); SKIP_TORCH=1 skips with a reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import {
  DEFAULT_PREPARE_OPTIONS,
  type PreparedDataset,
  TRANSFORMS,
  type Transform,
} from '../../../src/data/types';
import { paramLayout } from '../../../src/engine/layout';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { initParams } from '../../../src/engine/reference/model';
import { holdRunaway } from '../../../src/engine/runaway';
import {
  type CellKind,
  DEFAULT_OPTIMIZER,
  type ModelConfig,
  type OptimizerConfig,
} from '../../../src/engine/types';
import { importModelSafetensors, parseProjectConfig, stateDictName } from '../../../src/persist/modelExport';
import { projectData, pytorchProject, renderTemplate } from '../../../src/persist/pytorchProject';
import { defaultTrainingConfig } from '../../../src/persist/trainingConfig';
import { crc32, zipFiles } from '../../../src/persist/zip';
import { evaluationContext } from '../../../src/worker/evaluation';
import { evaluateModel } from '../../../src/worker/modelResult';
import type { ModelSetup } from '../../../src/worker/protocol';
import { refitEpochs, refitForecast } from '../../../src/worker/refit';

const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], {
  encoding: 'utf8',
});
const torchVersion = probe.status === 0 ? probe.stdout.trim() : null;
const skipTorch = torchVersion === null && process.env.SKIP_TORCH === '1';
if (skipTorch) console.warn(`[pytorch project] SKIPPED: SKIP_TORCH=1 and ${PYTHON} cannot import torch.`);

const CSV = ['date,load']
  .concat(
    Array.from({ length: 200 }, (_, i) => {
      const day = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
      return `${day},${(50 + 0.05 * i + 6 * Math.sin((2 * Math.PI * i) / 7) + ((i * 37) % 11) / 5).toFixed(3)}`;
    }),
  )
  .join('\n');

/** The transforms a project must reproduce: none, the log, and the seasonal adjustment (daily rows, m = 7). */
const VARIANTS = [...TRANSFORMS, 'seasonal adjustment'] as const;
type Variant = (typeof VARIANTS)[number];

/** calendar: the day-of-week and day-of-year inputs (known past the data) besides the series. */
async function dataset(variant: Variant = 'none', calendar = false): Promise<PreparedDataset> {
  const transform: Transform = variant === 'log' ? 'log' : 'none';
  const seasonalAdjust = variant === 'seasonal adjustment' ? 'auto' : 'off';
  const parsed = await parseCsvText(CSV);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const out = prepareDataset(
    parsed.table,
    { timeColumn: 'date', targets: ['load'], features: ['load'] },
    {
      ...DEFAULT_PREPARE_OPTIONS,
      transform,
      seasonalAdjust,
      calendar: calendar ? 'auto' : 'off',
      window: { inputLength: 14, horizon: 2, stride: 1 },
    },
  );
  if (!out.ok) throw new Error(out.error.message);
  if (variant === 'seasonal adjustment' && !out.dataset.scaler.seasonal?.[0])
    throw new Error('the weekly series should be seasonally adjusted');
  return out.dataset;
}

const MODEL: ModelConfig = {
  cell: 'gru',
  inputSize: 1,
  hiddenSize: 8,
  numLayers: 2,
  outputSize: 2,
  dropout: 0,
  seed: 3,
};
const OPTIMIZER = { ...DEFAULT_OPTIMIZER, lr: 0.01, clipNorm: 1 };
const LOOP = { batchSize: 16, epochs: 3, patience: 2 };

/** The test network, with one input per input column of `data`. */
function modelFor(data: PreparedDataset, cell: CellKind = MODEL.cell): ModelConfig {
  return { ...MODEL, cell, inputSize: data.featureIndex.length };
}

/**
 * The project of `data`; forecastTime: the times of the steps the page forecast past the data; refitMembers:
 * the refits whose median that forecast is (absent: one, as a run saved before projects carried it).
 */
function project(
  data: PreparedDataset,
  forecastTime?: Float64Array,
  { cell = MODEL.cell, refitMembers }: { cell?: CellKind; refitMembers?: number } = {},
) {
  const model = modelFor(data, cell);
  return pytorchProject({
    runName: 'daily load · test',
    model,
    optimizer: OPTIMIZER,
    loop: LOOP,
    ...projectData(data),
    season: 7,
    initialWeights: initParams(model),
    trainedWeights: null,
    config: defaultTrainingConfig(),
    forecastTime,
    refitMembers,
  });
}

function fileText(files: { path: string; data: Uint8Array }[], path: string): string {
  return new TextDecoder().decode(files.find((f) => f.path === path)!.data);
}

function writeProject(files: { path: string; data: Uint8Array }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-lab-project-'));
  for (const f of files) writeFileSync(join(dir, f.path), f.data);
  return dir;
}

/** The weights train.py wrote to out/weights.safetensors, read back as the page reads a project's files. */
function writtenWeights(dir: string) {
  const config = parseProjectConfig(readFileSync(join(dir, 'config.json'), 'utf8'));
  if (!config.ok) throw new Error(config.message);
  const imported = importModelSafetensors(
    readFileSync(join(dir, 'out', 'weights.safetensors')),
    config.value,
  );
  if (!imported.ok) throw new Error(imported.error.message);
  return imported;
}

describe('PyTorch project files', () => {
  test('templates keep only the blocks the run uses and fill every placeholder', () => {
    const text = '#if formulation=change\nA\n#endif\n#if clip\nB {{n}}\n#endif\nC\n';
    expect(renderTemplate(text, { formulation: 'change', clip: false }, { n: '1' })).toBe('A\nC\n');
    expect(renderTemplate(text, { formulation: 'level', clip: true }, { n: '1' })).toBe('B 1\nC\n');
    expect(() => renderTemplate('{{missing}}', {}, {})).toThrow(/missing/);
    const nested = '#if forecast\nA\n#if ahead=horizon-only\nB\n#endif\nC\n#endif\nD';
    expect(renderTemplate(nested, { forecast: true, ahead: 'horizon-only' }, {})).toBe('A\nB\nC\nD');
    expect(renderTemplate(nested, { forecast: true, ahead: 'direct' }, {})).toBe('A\nC\nD');
    expect(renderTemplate(nested, { forecast: false, ahead: 'horizon-only' }, {})).toBe('D');
    expect(() => renderTemplate('#if a\nA', {}, {})).toThrow(/without #endif/);
    expect(() => renderTemplate('A\n#endif', {}, {})).toThrow(/without #if/);
  });

  test('train.py forecasts past the data only when the project carries the forecast, with only the mode it uses', async () => {
    const data = await dataset();
    const none = fileText(project(data), 'train.py');
    expect(none).not.toContain('refit');
    expect(JSON.parse(fileText(project(data), 'config.json')).forecast).toBeUndefined();
    const direct = project(data, evaluationContext(data, 7, 2).forecastTime);
    const config = JSON.parse(fileText(direct, 'config.json'));
    expect(config.forecast).toEqual({
      steps: 2,
      timeKind: 'datetime',
      time: [Date.UTC(2021, 6, 20), Date.UTC(2021, 6, 21)],
      refitMembers: 1,
    });
    const median = project(data, evaluationContext(data, 7, 2).forecastTime, { refitMembers: 3 });
    expect(JSON.parse(fileText(median, 'config.json')).forecast.refitMembers).toBe(3);
    expect(fileText(median, 'README.md')).toContain('the median of 3 refits from consecutive seeds');
    const directCode = fileText(direct, 'train.py');
    expect(directCode).toContain('def refit_model(');
    expect(directCode).toContain('def seeded_weights(');
    expect(directCode).toContain('--no-refit');
    expect(directCode).toContain('--refit-members');
    expect(directCode).not.toMatch(/def next_rows|def calendar_value|\{\{|#if|#endif/);
    const recursive = fileText(project(data, evaluationContext(data, 7, 5).forecastTime), 'train.py');
    expect(recursive).toContain('def next_rows(');
    expect(recursive).not.toContain('def calendar_value(');
    const withCalendar = await dataset('none', true);
    const calendar = project(withCalendar, evaluationContext(withCalendar, 7, 5).forecastTime);
    expect(fileText(calendar, 'train.py')).toContain('def calendar_value(');
    expect(fileText(calendar, 'README.md')).toContain(
      'with the\ncalendar inputs computed for the future times',
    );
  });

  test('the project lists its files; the code has no unfilled placeholder and no unused branch', async () => {
    const files = project(await dataset());
    expect(files.map((f) => f.path)).toEqual([
      'README.md',
      'config.json',
      'data.csv',
      'initial.safetensors',
      'model.py',
      'train.py',
      'torchrun_compat.py',
      'requirements.txt',
    ]);
    const train = new TextDecoder().decode(files.find((f) => f.path === 'train.py')!.data);
    expect(train).not.toMatch(/\{\{|#if|#endif/);
    expect(train).toContain('torch.optim.Adam(trained.parameters(), lr=0.01');
    expect(train).toContain('clip_grad_norm_(trained.parameters(), 1)');
    expect(train).not.toContain('scaler=minmax');
    expect(train).not.toContain('v.max() - v.min()'); // the min-max scaler is not this run's
    const model = new TextDecoder().decode(files.find((f) => f.path === 'model.py')!.data);
    expect(model).toContain('nn.GRU(');
    const config = JSON.parse(new TextDecoder().decode(files.find((f) => f.path === 'config.json')!.data));
    expect(config.data.window).toEqual({ inputLength: 14, horizon: 2, stride: 1 });
    expect(config.model).toEqual(MODEL);
  });

  test('the README gives the launcher for a broken torchrun, and the project ships it', async () => {
    const files = project(await dataset());
    const readme = new TextDecoder().decode(files.find((f) => f.path === 'README.md')!.data);
    expect(readme).toContain('torchrun --nproc_per_node 2 train.py');
    expect(readme).toContain('python3 torchrun_compat.py --nproc_per_node 2 train.py');
    expect(readme).toContain("'NoneType' object has no attribute 'get'");
    const launcher = new TextDecoder().decode(files.find((f) => f.path === 'torchrun_compat.py')!.data);
    expect(launcher).toContain('from torch.distributed.run import main');
  });

  test('the zip holds every file with its CRC-32, readable by Python’s zipfile', async () => {
    const files = project(await dataset());
    const zip = zipFiles(files);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    if (torchVersion === null) return; // Python checks the archive below when it is there
    const dir = mkdtempSync(join(tmpdir(), 'forecast-lab-zip-'));
    writeFileSync(join(dir, 'p.zip'), zip);
    const check = spawnSync(
      PYTHON,
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(",".join(z.namelist()))',
        join(dir, 'p.zip'),
      ],
      { encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.stdout.trim().split(',')).toEqual(files.map((f) => f.path));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(skipTorch)('PyTorch project runs', () => {
  test.each(VARIANTS)(
    'train.py’s first 5 losses match the CPU engine to 1e-5 (same initial weights, windows in order; transform %s)',
    async (transform) => {
      if (torchVersion === null)
        throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
      const data = await dataset(transform);
      const dir = writeProject(project(data));
      const cpu = await createCpuModel(MODEL, OPTIMIZER, initParams(MODEL));
      const B = LOOP.batchSize;
      const page: number[] = [];
      for (let s = 0; s < 5; s++) {
        const batch = data.gatherBatch(
          'train',
          Array.from({ length: B }, (_, i) => s * B + i),
        );
        page.push((await cpu.trainStep(batch)).loss);
      }
      const run = spawnSync(
        PYTHON,
        ['train.py', '--steps', '5', '--no-shuffle', '--dtype', 'float64', '--print-losses'],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      const python = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as number[];
      expect(python).toHaveLength(5);
      for (let i = 0; i < 5; i++) expect(Math.abs(python[i] - page[i]) / page[i]).toBeLessThan(1e-5);
      console.log(
        `[pytorch project] page ${page.map((l) => l.toFixed(8)).join(' ')} | train.py ${python.map((l) => l.toFixed(8)).join(' ')}`,
      );
      rmSync(dir, { recursive: true, force: true });
    },
    120_000,
  );

  test.each(VARIANTS)(
    'weights written by train.py load back into the page and give the test metrics train.py reported (transform %s)',
    async (transform) => {
      if (torchVersion === null)
        throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
      const data = await dataset(transform);
      const files = project(data);
      const dir = writeProject(files);
      const run = spawnSync(PYTHON, ['train.py', '--epochs', '2', '--out', 'out'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const imported = writtenWeights(dir);
      expect(imported.meta.model).toEqual(MODEL);
      const model = await createCpuModel(MODEL, OPTIMIZER, imported.weights);
      const context = evaluationContext(data, 7, 2);
      const page = await evaluateModel(data, context, model, LOOP.batchSize, 2);
      const python = JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8')).test;
      for (const key of ['mae', 'rmse', 'mase'] as const)
        expect(Math.abs(page.metrics[key] - python[key]) / python[key], key).toBeLessThan(1e-5);
      rmSync(dir, { recursive: true, force: true });
    },
    120_000,
  );

  test.each(['lstm', 'gru'] as const)(
    'train.py’s seeded initialisation for seed 43 is the page’s initParams for seed 43 to float32 precision, under PyTorch’s state-dict names (%s)',
    async (cell) => {
      if (torchVersion === null)
        throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
      const data = await dataset('none', true); // 3 inputs: layer 0's weight_ih differs in shape from layer 1's
      const dir = writeProject(project(data, evaluationContext(data, 7, 2).forecastTime, { cell }));
      // load_state_dict (strict) checks every name and shape; the run's own seed must give initial.safetensors
      const script = [
        'import json, torch, train',
        'net = json.load(open("config.json"))["model"]',
        'weights = train.seeded_weights(net, 43)',
        'model = train.Forecaster(net["inputSize"], net["hiddenSize"], net["numLayers"], net["outputSize"], 0.0)',
        'model.load_state_dict(weights)',
        'initial = train.read_safetensors("initial.safetensors")',
        'own = train.seeded_weights(net, net["seed"])',
        'same = sorted(own) == sorted(initial) and all(torch.equal(own[k], initial[k]) for k in initial)',
        'print(json.dumps({"initial": same, "weights": {k: v.flatten().tolist() for k, v in weights.items()}}))',
      ].join('\n');
      const run = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const python = JSON.parse(run.stdout) as { initial: boolean; weights: Record<string, number[]> };
      expect(python.initial).toBe(true);
      const model = { ...modelFor(data, cell), seed: 43 };
      const page = initParams(model);
      const layout = paramLayout(model);
      expect(Object.keys(python.weights).sort()).toEqual(layout.map((t) => stateDictName(t.name)).sort());
      const bound = 1 / Math.sqrt(model.hiddenSize);
      let worst = 0;
      for (const t of layout) {
        const values = python.weights[stateDictName(t.name)];
        expect(values).toHaveLength(t.size);
        for (let i = 0; i < t.size; i++) worst = Math.max(worst, Math.abs(values[i] - page[t.offset + i]));
      }
      console.log(`[pytorch project] seeded initialisation (${cell}, seed 43): worst difference ${worst}`);
      expect(worst).toBeLessThanOrEqual(bound * 2 ** -24); // float32 precision: 2⁻²⁴ of the largest magnitude
      rmSync(dir, { recursive: true, force: true });
    },
    60_000,
  );

  /**
   * The page's forecast past the data: the median of `members` refits on all rows with the CPU engine, then
   * unscaled and held as the page does.
   */
  async function pageForecast(
    data: PreparedDataset,
    steps: number,
    epochs: number,
    members: number,
  ): Promise<Float64Array> {
    const model = modelFor(data);
    const context = evaluationContext(data, 7, steps);
    const setup: ModelSetup = { config: model, optimizer: OPTIMIZER, loop: LOOP };
    const engines = {
      createModels: (configs: ModelConfig[], optimizers: OptimizerConfig[]) =>
        Promise.all(configs.map((c, i) => createCpuModel(c, optimizers[i]))),
    };
    const options = { now: () => 0, yieldToEvents: async () => {}, stopped: () => false };
    const timeAt = (step: number) => context.forecastTime[step];
    const refit = await refitForecast('gru', data, setup, engines, epochs, steps, timeAt, options, members);
    if (!refit) throw new Error('the page’s refit failed');
    const heldOut = await createCpuModel(model, OPTIMIZER, initParams(model));
    const evaluation = await evaluateModel(data, context, heldOut, LOOP.batchSize, steps, refit);
    expect(evaluation.forecastSource).toEqual({ kind: 'refit', rows: data.length, epochs, members });
    return evaluation.forecast;
  }

  // steps ≤ horizon (2): one call; more: recursive. refitEpochs: passed as --refit-epochs, else the rule on the
  // best epoch train.py found (the page's refitEpochs). members: the refits whose median forecasts, carried by
  // config.json, or given as --refit-members (`viaFlag`) to a project that carries one
  const FORECASTS = [
    {
      variant: 'none',
      calendar: false,
      steps: 2,
      refitEpochs: null,
      members: 1,
      viaFlag: false,
      mode: 'direct',
    },
    { variant: 'log', calendar: false, steps: 2, refitEpochs: 2, members: 1, viaFlag: false, mode: 'direct' },
    {
      variant: 'none',
      calendar: false,
      steps: 7,
      refitEpochs: 2,
      members: 1,
      viaFlag: false,
      mode: 'recursive',
    },
    {
      variant: 'log',
      calendar: true,
      steps: 5,
      refitEpochs: null,
      members: 1,
      viaFlag: false,
      mode: 'recursive',
    },
    {
      variant: 'seasonal adjustment',
      calendar: true,
      steps: 5,
      refitEpochs: 1,
      members: 1,
      viaFlag: false,
      mode: 'recursive',
    },
    {
      variant: 'none',
      calendar: false,
      steps: 2,
      refitEpochs: null,
      members: 3,
      viaFlag: false,
      mode: 'direct',
    },
    {
      variant: 'log',
      calendar: true,
      steps: 5,
      refitEpochs: 2,
      members: 3,
      viaFlag: true,
      mode: 'recursive',
    },
  ] as const;

  test.each(FORECASTS)(
    'forecast.csv is the page’s forecast from the median of $members refit(s) on all rows, to 1e-6 relative (float64; transform $variant, calendar $calendar, $steps steps, $mode)',
    async ({ variant, calendar, steps, refitEpochs: given, members, viaFlag }) => {
      if (torchVersion === null)
        throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
      const data = await dataset(variant, calendar);
      const forecastTime = evaluationContext(data, 7, steps).forecastTime;
      const dir = writeProject(project(data, forecastTime, { refitMembers: viaFlag ? 1 : members }));
      const args = ['train.py', '--dtype', 'float64', '--out', 'out'];
      if (given !== null) args.push('--refit-epochs', String(given));
      if (viaFlag) args.push('--refit-members', String(members));
      const run = spawnSync(PYTHON, args, { cwd: dir, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const bestEpoch = JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8')).bestEpoch;
      const epochs = given ?? refitEpochs(bestEpoch);
      const which = members === 1 ? 'the model refit' : `the median of ${members} refits`;
      const seeds = Array.from({ length: members }, (_, i) => MODEL.seed + i).join(', ');
      expect(run.stdout).toContain(
        `forecast from ${which} on all ${data.length} rows for ${epochs} epoch(s), seed(s) ${seeds}`,
      );
      for (let i = 0; i < members; i++)
        expect(existsSync(join(dir, 'out', `refit-${i}.safetensors`)), `refit-${i}`).toBe(true);
      expect(existsSync(join(dir, 'out', `refit-${members}.safetensors`))).toBe(false);
      const page = await pageForecast(data, steps, epochs, members);
      const [header, ...rows] = readFileSync(join(dir, 'out', 'forecast.csv'), 'utf8')
        .trim()
        .split('\n');
      expect(header).toBe('time,load');
      expect(rows.map((r) => r.split(',')[0])).toEqual(
        Array.from(forecastTime, (t) => new Date(t).toISOString()),
      );
      const python = rows.map((r) => Number(r.split(',')[1]));
      let worst = 0;
      for (let k = 0; k < steps; k++)
        worst = Math.max(worst, Math.abs(python[k] - page[k]) / Math.abs(page[k]));
      console.log(
        `[pytorch project] forecast, ${variant}${calendar ? ' + calendar' : ''}, ${steps} steps, median of ${members}, ${epochs} refit epoch(s): page ${Array.from(page, (v) => v.toFixed(6)).join(' ')} | worst relative difference ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-6);
      rmSync(dir, { recursive: true, force: true });
    },
    120_000,
  );

  test('train.py’s runaway hold and number format are the page’s (holdRunaway, String(v))', async () => {
    if (torchVersion === null)
      throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
    const data = await dataset();
    const dir = writeProject(project(data, evaluationContext(data, 7, 2).forecastTime));
    const history = [
      [10, -1],
      [14, 2],
      [12, 0.5],
    ]; // (N, K) ranges 10..14 and -1..2: held within 6..18 and -4..5
    const forecast = [
      [13, 1],
      [17.5, 5.5],
      [19, -4.25],
      [5, 0],
    ];
    const numbers = [0, 1, 52.5, 1 / 3, 1e-7, 1.5e-7, 0.000001, -2.5e-10, 123456789012345680000, 1e21, 1e300];
    const script = [
      'import json, sys, numpy as np, train',
      'f, h, n = (json.loads(a) for a in sys.argv[1:])',
      'held, first = train.hold_runaway(np.array(f, dtype=np.float64), np.array(h, dtype=np.float64))',
      'print(json.dumps({"held": held.tolist(), "first": first, "text": [train.js_number(v) for v in n]}))',
    ].join('\n');
    const run = spawnSync(
      PYTHON,
      ['-c', script, JSON.stringify(forecast), JSON.stringify(history), JSON.stringify(numbers)],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const python = JSON.parse(run.stdout);
    const page = holdRunaway(forecast.flat(), history.flat(), 2);
    expect(python.held.flat()).toEqual(Array.from(page.values));
    expect(python.first).toBe(page.firstStep);
    expect(page.firstStep).toBe(1);
    expect(python.text).toEqual(numbers.map(String));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('--no-refit: the held-out model forecasts, as the page with refitting off', async () => {
    if (torchVersion === null)
      throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
    const data = await dataset('none');
    const context = evaluationContext(data, 7, 5);
    const dir = writeProject(project(data, context.forecastTime));
    const run = spawnSync(
      PYTHON,
      ['train.py', '--epochs', '1', '--dtype', 'float64', '--no-refit', '--out', 'out'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('forecast from the held-out model (best epoch 1): --no-refit');
    expect(existsSync(join(dir, 'out', 'refit-0.safetensors'))).toBe(false);
    const imported = writtenWeights(dir);
    const heldOut = await createCpuModel(modelFor(data), OPTIMIZER, imported.weights);
    const page = await evaluateModel(data, context, heldOut, LOOP.batchSize, 5);
    const rows = readFileSync(join(dir, 'out', 'forecast.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    // weights.safetensors holds float32 weights, so the page's forecast is from rounded weights
    for (const [k, r] of rows.entries())
      expect(Math.abs(Number(r.split(',')[1]) - page.forecast[k]) / page.forecast[k]).toBeLessThan(1e-5);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test('unzipped into a clean folder, the project trains with 2 processes as its README says (gloo), writing weights, metrics and the forecast', async () => {
    if (torchVersion === null)
      throw new Error(`PyTorch is not available: ${PYTHON} cannot import torch (install python3-torch).`);
    const data = await dataset();
    const zip = zipFiles(project(data, evaluationContext(data, 7, 4).forecastTime));
    const dir = mkdtempSync(join(tmpdir(), 'forecast-lab-unzipped-'));
    const zipPath = join(mkdtempSync(join(tmpdir(), 'forecast-lab-zip-')), 'project.zip');
    writeFileSync(zipPath, zip);
    const unzip = spawnSync(
      PYTHON,
      ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zipPath, dir],
      { encoding: 'utf8' },
    );
    expect(unzip.status, unzip.stderr).toBe(0);
    // the README's launcher: torchrun's arguments, with torch's own launcher mended where Debian's is broken
    const run = spawnSync(
      PYTHON,
      ['torchrun_compat.py', '--nproc_per_node', '2', 'train.py', '--epochs', '2', '--out', 'out'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'out', 'weights.safetensors'))).toBe(true);
    const metrics = JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8'));
    expect(metrics.history).toHaveLength(2);
    expect(Number.isFinite(metrics.test.mase)).toBe(true);
    // only the first process refits and forecasts
    expect(run.stdout.match(/forecast from the model refit on all 200 rows/g)).toHaveLength(1);
    expect(existsSync(join(dir, 'out', 'refit-0.safetensors'))).toBe(true);
    const forecast = readFileSync(join(dir, 'out', 'forecast.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(forecast).toHaveLength(5);
    expect(forecast.slice(1).every((r) => Number.isFinite(Number(r.split(',')[1])))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(zipPath), { recursive: true, force: true });
  }, 180_000);
});
