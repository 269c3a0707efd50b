import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './fixtures/accessibility';
import {
  configureSmallRun,
  expectMetricsRows,
  FIXTURE_CSV,
  forecastSummary,
  openWithSample,
  trainLosses,
  uploadCsv,
  waitForFinish,
} from './fixtures/playground';
import { screenshotState } from './fixtures/screenshot';
import { PROJECT_FILES, storedZipEntries } from './fixtures/zip';

test('without WebGPU the page says training will use the CPU engine', async ({ page }) => {
  await page.goto('/');
  const status = page.getByRole('status', { name: 'WebGPU status' });
  await expect(status).toContainText('WebGPU unavailable: training will use the CPU engine.');
  await screenshotState(page, 'home-no-webgpu');
  await expectAccessible(page, 'without WebGPU');
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
  const gruRmse = await page
    .getByRole('table', { name: 'Test metrics' })
    .locator('tbody tr', { has: page.locator('th:text-is("GRU")') })
    .locator('td')
    .nth(1)
    .textContent();
  // the backtest again, with both networks retrained at each origin (its cost is said first)
  const backtest = page.getByRole('figure').filter({ has: page.getByRole('table', { name: 'Backtest' }) });
  await expect(backtest).toContainText(/Trains both networks afresh \d+ times.*about/);
  await expect(backtest).toContainText('the networks keep their trained weights');
  await page.getByRole('button', { name: 'Retrain networks at each origin' }).click();
  await expect(backtest).toContainText('retrained from scratch on the rows before each origin', {
    timeout: 90_000,
  });
  await expect(page.getByRole('button', { name: 'Retrain networks at each origin' })).toHaveCount(0);
  // the GRU as a PyTorch project: every file, and a config.json that is this run's
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'GRU as a PyTorch project (.zip)' }).click();
  const zip = await readFile(await (await download).path());
  const files = storedZipEntries(zip);
  expect([...files.keys()]).toEqual(PROJECT_FILES);
  const config = JSON.parse(files.get('config.json')!.toString('utf8'));
  expect(config.model).toMatchObject({ cell: 'gru', hiddenSize: 8, numLayers: 1 });
  expect(config.optimizer.lr).toBe(0.01);
  expect(config.data.window.inputLength).toBe(8);
  expect(config.page.models.gru).toMatchObject({ hiddenSize: 8, lr: 0.01, epochs: 3 });
  expect(files.get('data.csv')!.toString('utf8').split('\n')[0]).toBe('time,visitors');

  // bring it back: the project's trained weights and config.json, opened on the page, are evaluated there
  await page.getByLabel('Open a model (.safetensors, with its config.json)').setInputFiles([
    {
      name: 'trained.safetensors',
      mimeType: 'application/octet-stream',
      buffer: files.get('trained.safetensors')!,
    },
    { name: 'config.json', mimeType: 'application/json', buffer: files.get('config.json')! },
  ]);
  await expect(page.getByText(/^GRU from trained\.safetensors: its settings are applied/)).toBeVisible();
  await waitForFinish(page, 90_000);
  await expect(page.getByRole('region', { name: 'GRU progress' })).toContainText(
    'was loaded from a file and evaluated on this data',
  );
  const loadedRmse = await page
    .getByRole('table', { name: 'Test metrics' })
    .locator('tbody tr', { has: page.locator('th:text-is("GRU")') })
    .locator('td')
    .nth(1)
    .textContent();
  expect(loadedRmse).toBe(gruRmse);
  // and training goes on from those weights
  await page.getByRole('button', { name: 'Train on from these weights' }).click();
  await expect(page.getByRole('region', { name: 'GRU progress' })).toContainText('CPU engine');
  await waitForFinish(page, 90_000);
  await screenshotState(page, 'playground-cpu-1280');
});

test('with every default on the CO₂ sample both networks beat naive and the forecast continues the series', async ({
  page,
}) => {
  await openWithSample(page);
  await page.getByRole('button', { name: 'Train both' }).click();
  await waitForFinish(page, 240_000);
  const table = page.getByRole('table', { name: 'Test metrics' });
  const rmse = async (row: string) => {
    const cells = await table
      .locator('tbody tr', { has: page.locator(`th:text-is("${row}")`) })
      .locator('td')
      .allInnerTexts();
    return Number(cells[1].replace(/,/g, ''));
  };
  const naive = await rmse('Naive (last value)');
  expect(await rmse('LSTM')).toBeLessThan(naive);
  expect(await rmse('GRU')).toBeLessThan(naive);
  const { last, first } = await forecastSummary(page);
  for (const name of ['LSTM', 'GRU']) expect(Math.abs(first[name] - last) / last).toBeLessThan(0.02);
  // eight rows: the networks, naive, seasonal naive, ETS, ARIMA, Theta and their combination, the classical
  // ones with a finite MASE; the forecast has shaded prediction bands and their coverage
  await expect(table.locator('tbody tr')).toHaveCount(8);
  for (const name of [/^ETS/, /^ARIMA/, /^Theta/, /^Combination \(median of GRU, ETS, ARIMA, Theta\)/]) {
    const cells = await table.locator('tbody tr', { hasText: name }).locator('td').allInnerTexts();
    expect(Number.isFinite(Number(cells[0].replace(/,/g, '')))).toBe(true);
  }
  await expect(page.getByTestId('forecast-chart').locator('.recharts-area-area').first()).toBeVisible();
  await expect(page.getByText(/the 80 % band held \d+ % \(LSTM\)/)).toBeVisible();
  // the forecast's numbers as a table: one row per step, the same first step as the sentence, inside its bands
  await page.getByText('Forecast as a table').click();
  const forecast = page.getByRole('table', { name: 'Forecast' });
  await expect(forecast.locator('tbody tr')).toHaveCount(24);
  const headers = await forecast.locator('thead th').allInnerTexts();
  const firstRow = await forecast.locator('tbody tr').first().locator('td').allInnerTexts();
  const value = (header: string) => firstRow[headers.indexOf(header) - 1];
  expect(Number(value('LSTM forecast').replace(/,/g, ''))).toBe(first.LSTM);
  const [low, high] = value('LSTM 80 % band')
    .split(' – ')
    .map((v) => Number(v.replace(/,/g, '')));
  expect(low).toBeLessThan(first.LSTM);
  expect(high).toBeGreaterThan(first.LSTM);
  // the classical forecasts and their combination are lines past the data, in the table with their bands
  for (const name of ['ETS', 'ARIMA', 'Theta', 'Combination']) {
    expect(headers.some((h) => h.startsWith(`${name} forecast`))).toBe(true);
    expect(headers).toContain(`${name} 80 % band`);
  }
  // the page recommends the combination (chosen on M3) and says where it stands in a backtest over the
  // validation part, which never reads the test part
  await expect(
    page.getByText(
      /^Recommended forecast: Combination, the median of the network, ETS, ARIMA and Theta: .+ In a backtest over the validation part \(\d+ origins? × \d+ steps?; the test part is not read\) its MASE was /,
    ),
  ).toBeVisible();
  expect(headers.filter((h) => h.endsWith('(recommended)'))).toHaveLength(1);
  // the rolling-origin backtest: every model, mean ± sd across origins
  const backtest = page.getByRole('table', { name: 'Backtest' });
  await expect(backtest.locator('tbody tr')).toHaveCount(8);
  for (const name of ['ETS', 'ARIMA', 'Theta', 'Combination']) await expect(backtest).toContainText(name);
  await expect(backtest).toContainText('±');
  await expect(page.getByTestId('backtest-chart').locator('.recharts-line-curve')).toHaveCount(8);
  await screenshotState(page, 'playground-co2-defaults-1280');
  await expectAccessible(page, 'trained on the CPU engine with the backtest');
});
