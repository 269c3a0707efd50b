// How long the page's main thread is blocked while a 2 MB CSV is uploaded and prepared, and while both
// models train: the longest task the browser reports (PerformanceObserver 'longtask', tasks over 50 ms).
// Parsing, preparation and training all run in workers, so the page only renders summaries. The figures are printed for the
// README; the bound is the target, 100 ms, measured at 0 ms (no task over 50 ms) in CI and beside two
// busy-looping processes on a 2-core machine. A planted 120 ms task first shows that the observer sees one.
import { expect, type Page, test } from '@playwright/test';
import { configureSmallRun, modelCard, openWithSample } from './fixtures/playground';

/** Builds a ~2.2 MB hourly CSV inside the page and puts it in the file input as a user's drop would. */
async function uploadGeneratedCsv(page: Page): Promise<number> {
  // built in its own task, so the long task of building it is not counted as the page's
  await page.evaluate(() => {
    const lines = ['date,load,temp,humidity,wind,price'];
    for (let i = 0; i < 48_000; i++) {
      const d = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      const x = i / 24;
      lines.push(
        `${d},${(500 + 80 * Math.sin(x) + (i % 7)).toFixed(3)},${(12 + 8 * Math.sin(x / 30)).toFixed(2)},` +
          `${(60 + 10 * Math.cos(x)).toFixed(1)},${(3 + (i % 11) / 3).toFixed(2)},${(40 + (i % 13)).toFixed(2)}`,
      );
    }
    (window as unknown as { csvFile: File }).csvFile = new File([`${lines.join('\n')}\n`], 'hourly-2mb.csv', {
      type: 'text/csv',
    });
  });
  await page.waitForTimeout(200);
  // measured from here: what the page itself does with the file
  await page.evaluate(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
  });
  const input = page.getByLabel('CSV file');
  return input.evaluate((element) => {
    const file = (window as unknown as { csvFile: File }).csvFile;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    (element as HTMLInputElement).files = transfer.files;
    element.dispatchEvent(new Event('change', { bubbles: true }));
    return file.size;
  });
}

async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

async function longest(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    const max = Math.max(0, ...w.longTasks);
    w.longTasks = [];
    return max;
  });
}

test('the main thread stays free while a 2 MB CSV loads and while both models train', async ({ page }) => {
  await openWithSample(page);
  await watchLongTasks(page);
  // the measurement can fail: a task the page blocks for 120 ms is reported
  await page.evaluate(() => {
    setTimeout(() => {
      const start = performance.now();
      while (performance.now() - start < 120) {
        // busy: one long task of the page's own
      }
    }, 0);
  });
  await page.waitForTimeout(200);
  expect(await longest(page)).toBeGreaterThanOrEqual(100);
  const bytes = await uploadGeneratedCsv(page);
  expect(bytes).toBeGreaterThan(2e6);
  await expect(page.getByTestId('dataset-name')).toContainText('hourly-2mb.csv', { timeout: 60_000 });
  await expect(page.getByTestId('window-counts')).toContainText('train', { timeout: 60_000 });
  await page.waitForTimeout(500);
  const upload = await longest(page);

  await configureSmallRun(page, 50);
  for (const name of ['LSTM', 'GRU'] as const)
    await modelCard(page, name).getByLabel('Early-stop patience').fill('0');
  await page.getByRole('button', { name: 'Train both' }).click();
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText('kernels ready', {
    timeout: 90_000,
  });
  await longest(page); // the start (kernel compilation messages) is not steady training
  await page.waitForTimeout(8000);
  const training = await longest(page);
  await page.getByRole('button', { name: 'Stop' }).click();
  console.log(
    `[main thread] longest task: upload + prepare of a ${(bytes / 1e6).toFixed(1)} MB CSV ${upload.toFixed(0)} ms; while training both ${training.toFixed(0)} ms`,
  );
  expect(upload).toBeLessThan(100);
  expect(training).toBeLessThan(100);
});
