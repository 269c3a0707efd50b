// The CSV parsing worker in a real browser: a file parses off the main thread with progress events,
// chunk boundaries do not change the result, and a bad file comes back as a typed error.
// Uses the small parse page under bench/parse (built and served here), not the playground.

import { expect, test } from '@playwright/test';
import { buildParsePage, type StaticServer, serveDirectory } from '../bench/parse/harness';
import { screenshotState } from './fixtures/screenshot';

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveDirectory(await buildParsePage());
});

test.afterAll(async () => {
  await server?.close();
});

function europeanCsv(rows: number): string {
  const lines = ['Datum;Temperatur;Verbrauch;Kommentar'];
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000);
    const date = `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:00`;
    const temp = i % 97 === 0 ? 'NA' : (Math.sin(i / 24) * 10).toFixed(2).replace('.', ',');
    const comment = i % 500 === 0 ? '"note; with ""quotes"""' : 'ok';
    lines.push(`${date};${temp};${(1000 + (i % 1000)).toLocaleString('de-DE')},5;${comment}`);
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

test('a CSV parses in the worker with progress events, whatever the chunk size', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('log', { name: 'Parse log' })).toContainText('ready');
  const csv = europeanCsv(20_000);
  const small = await page.evaluate(([text]) => window.parseText(text, 'hourly.csv', 64 * 1024), [
    csv,
  ] as const);
  expect(small.ok).toBe(true);
  expect(small.rows).toBe(20_000);
  expect(small.columnTypes).toEqual({
    Datum: 'datetime',
    Temperatur: 'numeric',
    Verbrauch: 'numeric',
    Kommentar: 'categorical',
  });
  // ~800 KB in 64 KiB chunks: one progress event per chunk, increasing to the full size.
  expect(small.progress.length).toBeGreaterThan(5);
  const bytes = small.progress.map((p) => p.bytesRead);
  expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  expect(bytes.at(-1)).toBe(small.progress[0].totalBytes);
  expect(small.notes.join(' ')).toContain('semicolon-separated, decimal comma, dot as thousands separator');
  expect(small.notes.join(' ')).toContain('A byte-order mark');
  const whole = await page.evaluate(([text]) => window.parseText(text, 'hourly.csv'), [csv] as const);
  expect(whole.notes).toEqual(small.notes);
  await screenshotState(page, 'data-parse-worker');
});

test('a binary file comes back as a not-text error with its message', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('log', { name: 'Parse log' })).toContainText('ready');
  const result = await page.evaluate(() => window.parseText('\u0000\u0001PNG\u0000binary', 'image.csv'));
  expect(result.ok).toBe(false);
  expect(result.errorKind).toBe('not-text');
  expect(result.message).toContain('does not look like a text (CSV) file');
});

/** A monthly series as CSV text, `cell(i)` giving the sales cell of row i. */
function monthlyCsv(rows: number, cell: (i: number) => string): string {
  const lines = ['month,sales'];
  for (let i = 0; i < rows; i++) {
    const month = new Date(Date.UTC(2015, i, 1)).toISOString().slice(0, 7);
    lines.push(`${month},${cell(i)}`);
  }
  return `${lines.join('\n')}\n`;
}

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('the playground says at once which cells were read as missing, and which column is half numbers', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('dataset-name')).toContainText('CO₂ at Mauna Loa');
  const upload = page.getByLabel('CSV file');

  // text cells in a number column: a visible notice with the count and the first lines, not a folded note
  await upload.setInputFiles(
    csvFile(
      'closures.csv',
      monthlyCsv(60, (i) => ([4, 9, 30].includes(i) ? 'closed' : String(100 + i))),
    ),
  );
  await expect(page.getByTestId('dataset-name')).toContainText('closures.csv');
  const missing = page.getByRole('status', { name: 'Cells read as missing' });
  await expect(missing).toBeVisible();
  await expect(missing).toHaveText(
    '3 cells of "sales" are not numbers and are read as missing (line 6: "closed", line 11: "closed", line 32: "closed").',
  );

  // a column that is half numbers: named, with how many cells are numbers and which lines are not
  await upload.setInputFiles(
    csvFile(
      'half.csv',
      monthlyCsv(24, (i) => (i % 2 ? 'pending' : String(i))),
    ),
  );
  const problem = page.getByRole('alert', { name: 'File problem' });
  await expect(problem).toContainText(
    'No column of "half.csv" is numbers throughout, so there is nothing to forecast. "sales" comes closest: ' +
      '12 of its 24 filled cells are numbers, but 12 are text (line 3: "pending", line 5: "pending"',
  );
  await expect(page.getByTestId('dataset-name')).toContainText('closures.csv');

  // every file error names the file
  await upload.setInputFiles(csvFile('blank.csv', ''));
  await expect(problem).toContainText('"blank.csv" is empty');
});
