import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { openWithSample } from './fixtures/playground';

test('profile upload', async ({ page }) => {
  await openWithSample(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; d: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, d: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReturnAsStream',
  });
  await cdp.send('Profiler.start');
  const input = page.getByLabel('CSV file');
  await input.evaluate((element) => {
    const lines = ['date,load,temp,humidity,wind,price'];
    for (let i = 0; i < 48_000; i++) {
      const d = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      const x = i / 24;
      lines.push(
        `${d},${(500 + 80 * Math.sin(x) + (i % 7)).toFixed(3)},${(12 + 8 * Math.sin(x / 30)).toFixed(2)},${(60 + 10 * Math.cos(x)).toFixed(1)},${(3 + (i % 11) / 3).toFixed(2)},${(40 + (i % 13)).toFixed(2)}`,
      );
    }
    const file = new File([`${lines.join('\n')}\n`], 'hourly-2mb.csv', { type: 'text/csv' });
    (window as any).longTasks = [];
    const transfer = new DataTransfer();
    transfer.items.add(file);
    (element as HTMLInputElement).files = transfer.files;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.getByTestId('window-counts').waitFor();
  await page.waitForTimeout(1500);
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
