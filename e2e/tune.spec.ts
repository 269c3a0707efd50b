import { expect, test } from '@playwright/test';
import { expectAccessible } from './fixtures/accessibility';
import {
  configureSmallRun,
  FIXTURE_CSV,
  modelCard,
  openWithSample,
  uploadCsv,
  waitForFinish,
} from './fixtures/playground';
import { expectNoSidewaysScroll, screenshotState } from './fixtures/screenshot';

test('a 4-model sweep trains together, ranks on validation, ensembles the best 3, and promotes a winner', async ({
  page,
}) => {
  await openWithSample(page);
  await uploadCsv(page, FIXTURE_CSV);
  await expect(page.getByTestId('dataset-name')).toContainText('monthly-visitors.csv');
  await configureSmallRun(page);
  // a run first, so the sweep's ensemble can join its comparison (same data, same test points)
  await page.getByRole('button', { name: 'Train both' }).click();
  await waitForFinish(page);
  const tune = page.getByRole('region', { name: '5 · Tune' });
  await tune.getByLabel('Hidden sizes').fill('8');
  await tune.getByLabel('Learning rates').fill('0.01, 0.03');
  await expect(tune.getByLabel('Sweep')).toHaveValue('custom');
  await expect(tune.getByText(/^4 models · about/)).toBeVisible();
  // a bad list is said before anything starts
  await tune.getByLabel('Layers').fill('1, x');
  await expect(tune.getByText('"x" is not a number.')).toBeVisible();
  await tune.getByLabel('Layers').fill('1');

  await tune.getByRole('button', { name: 'Start tuning' }).click();
  const board = tune.getByRole('table', { name: 'Tuning leaderboard' });
  await expect(board.locator('tbody tr')).toHaveCount(4);
  // the two LSTMs form one batched model and the two GRUs another, each stepping in one set of dispatches
  await expect(
    tune.getByText('4 models in 2 batched groups (2 + 2), trained in the same dispatches.'),
  ).toBeVisible();
  await expect(tune.getByText(/Tuned: 4 of 4 models done/)).toBeVisible({ timeout: 120_000 });
  await expect(board.getByText('in ensemble')).toHaveCount(3);
  const ensemble = tune.getByRole('table', { name: 'Ensemble on the test part' });
  await expect(ensemble).toContainText('Ensemble mean of the best 3');
  await expect(ensemble).toContainText('Ensemble median of the best 3');
  await expect(ensemble).toContainText('Naive (last value)');
  // every baseline stands beside the ensembles, the classical ones too
  for (const name of [/^ETS \(/, /^ARIMA \(/, /^Theta \(/])
    await expect(ensemble.locator('tbody th', { hasText: name })).toHaveCount(1);
  const mase =
    (await ensemble.locator('tbody tr', { hasText: 'Ensemble mean' }).locator('td').first().textContent()) ??
    '';
  expect(Number.isFinite(Number(mase))).toBe(true);
  await expect(tune.getByTestId('ensemble-chart').locator('.recharts-area-area')).toBeVisible();
  // the ensemble is a row of the run's metrics table and a line on its forecast chart
  await expect(page.getByRole('table', { name: 'Test metrics' })).toContainText(
    'Sweep ensemble (mean of the best 3)',
  );
  await expect(page.getByTestId('forecast-chart')).toContainText('Sweep ensemble forecast');

  // the winner's settings go to its card
  const first = board.locator('tbody tr').first();
  const label = (await first.locator('th').textContent()) ?? '';
  const lr = label.match(/lr ([\d.]+)/)?.[1] ?? '';
  const cell = label.startsWith('GRU') ? 'GRU' : 'LSTM';
  await first.getByRole('button', { name: /Use settings of/ }).click();
  await expect(modelCard(page, cell).getByLabel('Learning rate')).toHaveValue(lr);
  await screenshotState(page, 'playground-tune-1280');
  await expectAccessible(page, 'with the tuning leaderboard and ensembles');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshotState(page, 'playground-tune-390');
  await page.setViewportSize({ width: 1280, height: 800 });

  // the sweep is kept with the run it was scored beside: the saved run shows it
  const saved = page.getByRole('table', { name: 'Saved runs' });
  await saved
    .getByRole('button', { name: /^Open / })
    .first()
    .click();
  const sweep = page.getByRole('table', { name: 'Saved sweep' });
  await expect(sweep).toContainText('Ensemble mean of the best 3');
  await expect(sweep.locator('tbody tr')).toHaveCount(6); // 2 ensembles + 4 models
  await expectNoSidewaysScroll(page, 'with the saved sweep, 1280 px wide');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page, 'with the saved sweep, 390 px wide');
});
