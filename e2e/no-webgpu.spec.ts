import { expect, test } from '@playwright/test';
import {
  configureSmallRun,
  expectMetricsRows,
  FIXTURE_CSV,
  openWithSample,
  trainLosses,
  uploadCsv,
  waitForFinish,
} from './fixtures/playground';

test('without WebGPU the page says training will use the CPU engine', async ({ page }) => {
  await page.goto('/');
  const status = page.getByRole('status', { name: 'WebGPU status' });
  await expect(status).toContainText('WebGPU unavailable: training will use the CPU engine.');
  await page.screenshot({ path: 'test-results/screenshots/home-no-webgpu.png', fullPage: true });
});

test('without WebGPU both models train on the CPU engine', async ({ page }) => {
  await openWithSample(page);
  await uploadCsv(page, FIXTURE_CSV);
  await expect(page.getByTestId('dataset-name')).toContainText('monthly-visitors.csv');
  await configureSmallRun(page);
  await page.getByRole('button', { name: 'Train both' }).click();
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText('CPU engine');
  await expect(page.getByRole('region', { name: 'GRU progress' })).toContainText('CPU engine');
  await expect(page.getByRole('list', { name: 'Training messages' })).toContainText(
    'Training on the CPU engine',
  );
  await waitForFinish(page, 90_000);
  const losses = await trainLosses(page, 'GRU train');
  expect(losses[2]).toBeLessThan(losses[0]);
  await expectMetricsRows(page);
  await page.screenshot({ path: 'test-results/screenshots/playground-cpu-1280.png', fullPage: true });
});
