import { expect, test } from '@playwright/test';

test('without WebGPU the page says training will use the CPU engine', async ({ page }) => {
  await page.goto('/');
  const status = page.getByRole('status', { name: 'WebGPU status' });
  await expect(status).toContainText('WebGPU unavailable: training will use the CPU engine.');
  await page.screenshot({ path: 'test-results/screenshots/home-no-webgpu.png', fullPage: true });
});
