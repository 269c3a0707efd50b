import { expect, test } from '@playwright/test';
import { buildBenchPage, runInPage, SMOKE_OPTIONS } from '../bench/harness';
import { type StaticServer, serveDirectory } from '../bench/serve';

// Keeps `npm run bench` from rotting: the benchmark page builds, both engines train the tiny workload
// (W3, LSTM and GRU) for a few steps in this browser, and every row carries finite numbers.
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

test('the benchmark page trains W3 with our WebGPU engine and TF.js wasm and reports every row', async ({
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
      if (engine.endsWith('webgpu')) {
        expect(row?.dispatchesPerStep).toBeGreaterThan(0);
        expect(row?.submitsPerStep).toBeGreaterThan(0);
      } else {
        expect(row?.dispatchesPerStep).toBeNull();
      }
    }
  }
  for (const detail of results.details) expect(Number.isFinite(detail.lastLoss)).toBe(true);
});
