// Results belong to the data they were computed on: loading other data clears a finished run from the page
// (it stays in the saved runs) and marks a run still training as being on the other data.

import { expect, test } from '@playwright/test';
import {
  configureSmallRun,
  FIXTURE_CSV,
  openWithSample,
  uploadCsv,
  waitForFinish,
} from './fixtures/playground';

test('other data clears the finished run from the page, keeps it saved, and marks a run in flight', async ({
  page,
}) => {
  await openWithSample(page);
  await configureSmallRun(page, 2);
  await page.getByRole('button', { name: 'Train both' }).click();
  await waitForFinish(page);
  const metrics = page.getByRole('table', { name: 'Test metrics' });
  await expect(metrics).toBeVisible();
  const savedRows = page.getByRole('table', { name: 'Saved runs' }).getByRole('row');
  await expect(savedRows).toHaveCount(2, { timeout: 30_000 });

  await uploadCsv(page, FIXTURE_CSV);
  await expect(page.getByTestId('dataset-name')).toContainText('monthly-visitors.csv');
  await expect(metrics).toHaveCount(0);
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', '0');
  await expect(page.getByText('The metrics table fills in as the models finish.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train both', exact: true })).toBeVisible();
  await expect(savedRows.nth(1)).toContainText('CO₂ at Mauna Loa');

  // a run still training when other data loads goes on, marked as on the data it started with
  await configureSmallRun(page, 500);
  await page.getByRole('button', { name: 'Train both' }).click();
  await expect(page.locator('#train-status')).toHaveText('Training…');
  await page.getByLabel('Sample dataset').selectOption({ label: 'CO₂ at Mauna Loa (monthly, 1958–2020)' });
  await expect(page.getByTestId('dataset-name')).toContainText('CO₂ at Mauna Loa');
  const marks = page.getByRole('status', { name: 'The run is on other data' });
  await expect(marks).toHaveCount(2);
  await expect(marks.first()).toContainText(
    'this run is on “monthly-visitors.csv”, not on “CO₂ at Mauna Loa (monthly, 1958–2020)” loaded now',
  );
});
