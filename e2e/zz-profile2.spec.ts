import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { configureSmallRun, modelCard, openWithSample } from './fixtures/playground';

test('profile training', async ({ page }) => {
  await openWithSample(page);
  await configureSmallRun(page, 50);
  for (const name of ['LSTM', 'GRU'] as const)
    await modelCard(page, name).getByLabel('Early-stop patience').fill('0');
  await page.getByRole('button', { name: 'Train both' }).click();
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText('kernels ready', {
    timeout: 90_000,
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.evaluate(() => {
    const w = window as any;
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, d: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReturnAsStream' });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(8000);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/prof/profile.json', JSON.stringify(profile));
  const chunks: string[] = [];
  cdp.on('Tracing.tracingComplete', async (e: any) => {
    let eof = false;
    while (!eof) {
      const r = await cdp.send('IO.read', { handle: e.stream });
      chunks.push(r.data);
      eof = r.eof;
    }
    writeFileSync('/tmp/prof/trace.json', chunks.join(''));
  });
  await cdp.send('Tracing.end');
  await page.waitForTimeout(3000);
  console.log(JSON.stringify(await page.evaluate(() => (window as any).longTasks)));
});
