// A long-format file: besides picking one series, several series go side by side, one column each, as the
// targets and inputs of one model.

import { expect, test } from '@playwright/test';
import { openWithSample, uploadCsv } from './fixtures/playground';

test('a long-format file pivots the ticked series into columns, all targets and inputs of one model', async ({
  page,
}) => {
  await openWithSample(page);
  await uploadCsv(page, 'e2e/fixtures/long-stores.csv');
  await expect(page.getByTestId('dataset-name')).toContainText('long-stores.csv');
  const sideBySide = page.getByRole('group', {
    name: 'Series side by side (targets and inputs of one model)',
  });
  const pivot = sideBySide.getByRole('button', { name: 'Pivot to one column per series' });
  await sideBySide.getByRole('checkbox', { name: 'south' }).uncheck();
  await expect(pivot).toBeDisabled();
  await expect(sideBySide).toContainText('Tick at least two series.');
  await sideBySide.getByRole('checkbox', { name: 'south' }).check();
  await pivot.click();

  for (const legend of ['Target (forecast)', 'Features (model inputs)']) {
    const group = page.getByRole('group', { name: legend });
    await expect(group.getByRole('checkbox', { name: 'sales_north' })).toBeChecked();
    await expect(group.getByRole('checkbox', { name: 'sales_south' })).toBeChecked();
  }
  await expect(page.getByTestId('window-counts')).toContainText('train');
  await expect(page.getByRole('button', { name: 'Train both' })).toBeEnabled();
});
