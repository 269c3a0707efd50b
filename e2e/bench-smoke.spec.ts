import { expect, test } from '@playwright/test';
import { buildBenchPage, runInPage, SMOKE_OPTIONS } from '../bench/harness';
import { WEBGPU_ENGINES } from '../bench/protocol';
import { type StaticServer, serveDirectory } from '../bench/serve';

// Keeps `npm run bench` from rotting: the benchmark page builds, both engines train the tiny workload
// (W3, LSTM and GRU; one model and 8 batched ones) for a few steps in this browser, and every row carries
// finite numbers.
// No speed assertions: timings on a shared software GPU say nothing here.

let server: StaticServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dist = await buildBenchPage(`${process.cwd()}/test-results/bench-page`);
  server = await serveDirectory(dist);
});

test.afterAll(async () => {
  await server?.close();
});

test('the benchmark page trains W3 with our WebGPU engine (one and ×8) and TF.js wasm and reports every row', async ({
  page,
}) => {
  const results = await runInPage(page, server.url, SMOKE_OPTIONS);
  expect(results.skipped, JSON.stringify(results.skipped)).toEqual([]);
  expect(results.adapter).not.toBeNull();
  for (const cell of SMOKE_OPTIONS.cells) {
    for (const engine of SMOKE_OPTIONS.engines) {
      const row = results.rows.find((r) => r.workload === 'W3' && r.cell === cell && r.engine === engine);
      expect(row, `${cell} ${engine}`).toBeDefined();
      expect(Number.isFinite(row?.msPerStep) && (row?.msPerStep ?? 0) > 0).toBe(true);
      expect(Number.isFinite(row?.samplesPerSec) && (row?.samplesPerSec ?? 0) > 0).toBe(true);
      if (WEBGPU_ENGINES.includes(engine)) {
        expect(row?.dispatchesPerStep).toBeGreaterThan(0);
        expect(row?.submitsPerStep).toBeGreaterThan(0);
      } else {
        expect(row?.dispatchesPerStep).toBeNull();
      }
    }
  }
  // The batched models' step costs the same dispatches as one model's.
  for (const cell of SMOKE_OPTIONS.cells) {
    const [one, many] = ['ours-webgpu', 'ours-webgpu-x8'].map(
      (engine) => results.rows.find((r) => r.cell === cell && r.engine === engine)?.dispatchesPerStep,
    );
    expect(many, cell).toBe(one);
  }
  for (const detail of results.details) expect(Number.isFinite(detail.lastLoss)).toBe(true);
});
