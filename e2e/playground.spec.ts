import { expect, test } from '@playwright/test';
import { expectAccessible } from './fixtures/accessibility';
import {
  configureSmallRun,
  expectMetricsRows,
  FIXTURE_CSV,
  forecastSummary,
  MALFORMED_CSV,
  modelCard,
  openWithSample,
  trainLosses,
  uploadCsv,
  waitForFinish,
} from './fixtures/playground';
import { screenshotState } from './fixtures/screenshot';

test('opens with a sample charted; upload a CSV, train both on WebGPU, watch and compare', async ({
  page,
}) => {
  await openWithSample(page);
  await expect(page.getByTestId('overview-chart').locator('.overview-line')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train both' })).toBeEnabled();
  await expect(page.getByRole('status', { name: 'WebGPU status' })).toContainText('WebGPU available');
  await screenshotState(page, 'playground-open-1280');
  await expectAccessible(page, 'opened with the sample');

  await uploadCsv(page, FIXTURE_CSV);
  await expect(page.getByTestId('dataset-name')).toContainText('monthly-visitors.csv');
  const preview = page.getByRole('table', { name: 'Preview of the first rows' });
  await expect(preview.locator('thead')).toContainText('visitors');
  await expect(preview.locator('thead')).toContainText('datetime');
  await expect(preview.locator('tbody tr')).toHaveCount(6);
  await configureSmallRun(page, 40);
  for (const name of ['LSTM', 'GRU'] as const)
    await modelCard(page, name).getByLabel('Early-stop patience').fill('0');
  await expect(page.getByTestId('window-counts')).toContainText('train');

  await page.getByRole('button', { name: 'Train both' }).click();
  await expect(page.locator('#train-status')).toHaveText('Training…');
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText('WebGPU');

  // the page stays responsive: typing into a settings field while the worker trains
  const seed = modelCard(page, 'GRU').getByLabel('Seed');
  await seed.fill('1234');
  await expect(seed).toHaveValue('1234');

  // once the kernels are compiled and steps flow: pause, see nothing move, resume
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText('kernels ready', {
    timeout: 90_000,
  });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('#train-status')).toHaveText('Paused.', { timeout: 90_000 });
  const lstmStats = page.getByRole('region', { name: 'LSTM progress' });
  const before = await lstmStats.textContent();
  await page.waitForTimeout(1500);
  expect(await lstmStats.textContent()).toBe(before);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('#train-status')).not.toHaveText('Paused.');

  // the device-loss drill is a developer's tool, absent from this production build (recovery from a lost
  // device is tested in tests/unit/session.test.ts and tests/gpu/failure.test.ts)
  await expect(page.getByText('Recovery drill')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Simulate GPU device loss' })).toHaveCount(0);

  // let a few epochs pass, then stop: the comparison uses what was learnt so far
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText(
    /Epoch\s*([4-9]|\d\d) \/ 40/,
    {
      timeout: 90_000,
    },
  );
  // the forecast past the data updates while the models train, labelled with the epoch it comes from
  await expect(page.getByText(/LSTM \(epoch \d+, training\) forecasts [\d.,]+ for/)).toBeVisible();
  await expect(page.getByTestId('forecast-chart').locator('.recharts-line-curve')).not.toHaveCount(0);
  await page.getByRole('button', { name: 'Stop' }).click();
  // the page says promptly that training has stopped ('Stopped; finishing the evaluation…'), and Stop is done
  await expect(page.locator('#train-status')).toHaveText(/^Stopped/, { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  // then the stopped run ends as a finished one does, without the refit on every row: test metrics, the classical
  // baselines and the backtests over the test and validation parts all come before 'Stopped.'
  await expect(page.locator('#train-status')).toHaveText('Stopped.', { timeout: 90_000 });
  // the forecast past the data comes from the scored models, and the sentence under the chart says why
  await expect(
    page.getByText(/training rows only, because the run was stopped before the refit/),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train both again' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText('stopped');
  for (const column of ['LSTM train', 'GRU train'] as const) {
    // a model stopped before finishing the epoch the other finished has '–' in the last row
    const losses = (await trainLosses(page, column)).filter(Number.isFinite);
    expect(losses.length).toBeGreaterThanOrEqual(3);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
  }
  await expect(page.getByTestId('loss-summary')).toContainText('LSTM train loss');
  await expect(page.getByTestId('loss-chart').locator('.loss-line')).toHaveCount(4);
  await expectMetricsRows(page);
  await expect(page.getByTestId('prediction-chart').locator('.recharts-line-curve')).toHaveCount(3);
  // ETS and ARIMA, refitted on every row, forecast past the data beside the networks: a line and an 80 %
  // band each, listed with their bounds in the forecast table, each switched by its own checkbox
  await page.getByText('Forecast as a table').click();
  const forecastHead = page.getByRole('table', { name: 'Forecast' }).locator('thead');
  for (const name of ['ETS', 'ARIMA']) {
    await expect(forecastHead).toContainText(`${name} forecast`, { timeout: 60_000 });
    await expect(forecastHead).toContainText(`${name} 80 % band`);
    await expect(forecastHead).toContainText(`${name} 95 % band`);
  }
  const forecastLines = page.getByTestId('forecast-chart').locator('.recharts-line-curve');
  const classical = await page.getByRole('checkbox', { name: /^Show .+ forecast$/ }).count();
  expect(classical).toBeGreaterThanOrEqual(2);
  await expect(forecastLines).toHaveCount(3 + classical);
  const showEts = page.getByRole('checkbox', { name: 'Show ETS forecast' });
  await showEts.uncheck();
  await expect(forecastHead).not.toContainText('ETS forecast');
  await expect(forecastLines).toHaveCount(2 + classical);
  await showEts.check();
  await expect(forecastLines).toHaveCount(3 + classical);
  await expect(page.getByText(/ETS forecasts [\d.,]+ for/)).toBeVisible();
  // how the networks' bands held at each step ahead, checked on the test part
  await page.getByText('Band coverage by step ahead').click();
  const stepCoverage = page.getByRole('table', { name: 'Band coverage by step ahead' });
  await expect(stepCoverage.locator('thead')).toContainText('GRU 80 %');
  await expect(stepCoverage.locator('tbody tr').first()).toContainText(/\d+ % \(\d+\)/);
  await screenshotState(page, 'playground-trained-1280');
  // every column of the metrics table fits at this width, Training time and Samples/s too
  await expect(page.getByRole('table', { name: 'Test metrics' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Test metrics, scrolls sideways' })).toHaveCount(0);
  const windows = Number(
    /\((\d+) windows\)/.exec(
      (await page.getByText(/one-step-ahead predictions \(/).textContent()) ?? '',
    )?.[1],
  );
  await page.getByText('Test predictions as a table').click();
  await expect(page.getByRole('table', { name: 'Test predictions' }).locator('tbody tr')).toHaveCount(
    windows,
  );
  await expectAccessible(page, 'trained, 1280 px wide');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshotState(page, 'playground-trained-390');
  await expectAccessible(page, 'trained, 390 px wide');

  // on a phone the metrics table is wider than the screen: a keyboard user tabs to it and scrolls it
  const metricsBox = page.getByRole('region', { name: 'Test metrics, scrolls sideways' });
  await metricsBox.focus();
  await expect(metricsBox).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => metricsBox.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a malformed CSV shows its error and the previous dataset stays loaded', async ({ page }) => {
  await openWithSample(page);
  await uploadCsv(page, MALFORMED_CSV);
  const problem = page.getByRole('alert', { name: 'File problem' });
  await expect(problem).toContainText('No column contains numbers');
  await expect(page.getByTestId('dataset-name')).toContainText('CO₂ at Mauna Loa');
  await expect(page.getByRole('button', { name: 'Train both' })).toBeEnabled();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshotState(page, 'playground-bad-csv-390');
  await expectAccessible(page, 'after a malformed CSV, 390 px wide');
});

test('a long-format file: the page names its series, trains on the one picked, never a blend', async ({
  page,
}) => {
  await openWithSample(page);
  await uploadCsv(page, 'e2e/fixtures/long-stores.csv');
  await expect(page.getByTestId('dataset-name')).toContainText('long-stores.csv');
  const series = page.getByRole('combobox', { name: 'Series' });
  await expect(series).toHaveValue('north');
  await series.selectOption('south');
  await configureSmallRun(page);
  await page.getByRole('button', { name: 'Train both' }).click();
  await waitForFinish(page);
  await expectMetricsRows(page);
  // south's sales stay below 150; north's are above 190 throughout
  const { last } = await forecastSummary(page);
  expect(last).toBeGreaterThan(100);
  expect(last).toBeLessThan(150);
  await screenshotState(page, 'playground-long-format-1280');

  // pivoted: one column per store, both forecastable; and back
  await page.getByRole('button', { name: 'Pivot to one column per series' }).click();
  const targets = page.getByRole('group', { name: 'Target (forecast)' });
  await expect(targets.getByRole('checkbox', { name: 'sales_north' })).toBeVisible();
  await expect(targets.getByRole('checkbox', { name: 'sales_south' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Series' })).toHaveCount(0);
  await page.getByText('What was detected in the file').click();
  await expect(page.getByText(/Pivoted 2 series told apart by "store" into one column each/)).toBeVisible();
  await page.getByRole('button', { name: 'Back to one series at a time' }).click();
  await expect(page.getByRole('combobox', { name: 'Series' })).toHaveValue('north');
});

test('the log transform: a series with a zero is refused with the line, a positive one trains and forecasts', async ({
  page,
}) => {
  await openWithSample(page);
  await uploadCsv(page, 'e2e/fixtures/orders-with-zero.csv');
  await page.getByLabel('Transform').selectOption('log');
  const problem = page.getByTestId('prepare-error');
  await expect(problem).toHaveText(
    'The log transform needs positive values, but "orders" is 0 on line 42. Choose "None" as the transform, or pick columns whose values are all above zero.',
  );
  await expect(page.getByRole('button', { name: 'Train both' })).toBeDisabled();
  await expectAccessible(page, 'with a data problem');
  await page.getByLabel('Transform').selectOption('none');
  await expect(problem).toBeHidden();
  await expect(page.getByTestId('window-counts')).toContainText('train');

  // the visitors file is positive: trained on its logs, the forecast is in its own units
  await uploadCsv(page, FIXTURE_CSV);
  await page.getByLabel('Transform').selectOption('log');
  await expect(page.getByTestId('window-counts')).toContainText('train');
  await configureSmallRun(page);
  await page.getByRole('button', { name: 'Train both' }).click();
  await waitForFinish(page);
  await expectMetricsRows(page);
  const { last, first } = await forecastSummary(page);
  for (const name of ['LSTM', 'GRU']) expect(Math.abs(first[name] - last) / last).toBeLessThan(0.5);

  // the log transform stays when other data loads, and the page says so beside the data
  await page.getByLabel('Sample dataset').selectOption('co2-mauna-loa');
  await expect(page.getByTestId('dataset-name')).toContainText('CO₂ at Mauna Loa');
  await expect(page.getByLabel('Transform')).toHaveValue('log');
  await expect(
    page.getByText(
      /^Data settings not at their defaults \(they stay when you load other data\): .*transform log/,
    ),
  ).toBeVisible();
});
