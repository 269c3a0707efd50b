import { expect, test } from '@playwright/test';
import { screenshotState } from './fixtures/screenshot';

test('the page reports WebGPU and its kernel self-test matches the CPU reference', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Forecast Lab' })).toBeVisible();
  const status = page.getByRole('status', { name: 'WebGPU status' });
  await expect(status).toContainText('WebGPU available');
  await expect(status).toContainText('Kernel self-test passed');
  await screenshotState(page, 'home-webgpu');
});
