import { readFileSync } from 'node:fs';
import { type Download, expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './fixtures/accessibility';
import { screenshotState } from './fixtures/screenshot';
import { PROJECT_FILES, storedZipEntries } from './fixtures/zip';

// A tiny setup, given as a shareable link: one layer of 4 units, 2 epochs, on the bundled CO₂ sample.
const TINY =
  '/?sample=co2-mauna-loa&window=8&lstm.layers=1&lstm.hidden=4&lstm.epochs=2&lstm.batch=128&lstm.patience=0' +
  '&gru.layers=1&gru.hidden=3&gru.epochs=2&gru.batch=128&gru.patience=0&gru.seed=7';

const model = (page: Page, name: 'LSTM' | 'GRU') => page.getByRole('region', { name, exact: true });
const savedRuns = (page: Page) => page.getByRole('table', { name: 'Saved runs' });

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  if (!path) throw new Error(`download ${download.suggestedFilename()} has no file`);
  return readFileSync(path);
}

/** Parses a safetensors file the way PyTorch's loader does and checks its layout. */
function parseSafetensors(bytes: Buffer) {
  const n = Number(bytes.readBigUInt64LE(0));
  expect((8 + n) % 8).toBe(0);
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
  const { __metadata__: meta, ...tensors } = header;
  let end = 0;
  for (const [name, t] of Object.entries(tensors) as [
    string,
    { dtype: string; shape: number[]; data_offsets: number[] },
  ][]) {
    expect(t.dtype, name).toBe('F32');
    const [a, b] = t.data_offsets;
    expect(b - a, name).toBe(t.shape.reduce((x, y) => x * y, 1) * 4);
    expect(a, name).toBe(end);
    end = b;
    for (let i = a; i < b; i += 4) expect(Number.isFinite(bytes.readFloatLE(8 + n + i))).toBe(true);
  }
  expect(bytes.length).toBe(8 + n + end);
  return { meta: meta as Record<string, string>, tensors: tensors as Record<string, { shape: number[] }> };
}

/** The compared runs' legend stays above their settings table, and every run's column fits beside the others. */
async function expectCompareFits(page: Page) {
  const legend = await page.getByTestId('compare-chart').locator('.svg-legend').boundingBox();
  const table = page.getByRole('table', { name: 'What changed between the compared runs' });
  const box = await table.boundingBox();
  expect(
    legend && box && legend.y + legend.height,
    'the loss legend overlaps the settings table',
  ).toBeLessThanOrEqual(box?.y ?? 0);
  const hidden = await table.evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0));
  expect(hidden, "a run's column is cut off").toBeLessThanOrEqual(1);
}

test('a link restores the settings, a finished run is saved, survives a reload, and exports valid files', async ({
  page,
}) => {
  await page.goto(TINY);
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied the settings from the link' }),
  ).toBeVisible();
  await expect(model(page, 'LSTM').getByLabel('Hidden size')).toHaveValue('4');
  await expect(model(page, 'GRU').getByLabel('Hidden size')).toHaveValue('3');
  await expect(model(page, 'GRU').getByLabel('Seed')).toHaveValue('7');
  await expect(page.getByLabel('Window length', { exact: true })).toHaveValue('8');

  await page.getByLabel('Engine').selectOption('cpu');
  await page.getByRole('button', { name: 'Train both' }).click();
  await expect(page.locator('#train-status')).toHaveText('Finished.', { timeout: 120_000 });

  const row = savedRuns(page).getByRole('row').nth(1);
  await expect(row).toContainText('CO₂');
  const cells = row.getByRole('cell');
  const lstmRmse = await cells.nth(2).textContent();
  const gruRmse = await cells.nth(3).textContent();
  expect(Number.parseFloat(lstmRmse ?? '')).toBeGreaterThan(0);
  await expect(page.getByTestId('storage-use')).toContainText(/Storage: .* used/);

  // A second run with another seed, then both runs' loss curves in one chart.
  await model(page, 'LSTM').getByLabel('Seed').fill('5');
  await page.getByRole('button', { name: 'Train both again' }).click();
  await expect(savedRuns(page).getByRole('row')).toHaveCount(3, { timeout: 120_000 });
  await expect(page.locator('#train-status')).toHaveText('Finished.');
  const boxes = savedRuns(page).getByRole('checkbox', { name: /^Compare / });
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  const compare = page.getByTestId('compare-chart');
  await expect(compare).toHaveAttribute('data-series', '4');
  await expect(compare).toHaveAttribute('data-points', '2');
  await expect(compare.locator('.loss-line')).toHaveCount(4);
  // the curves are named by what changed between the two runs, read from the older run to the newer: the LSTM seed
  await expect(page.getByTestId('what-changed')).toHaveText('LSTM seed 42→5');
  await expect(page.getByRole('table', { name: 'What changed between the compared runs' })).toContainText(
    'LSTM seed',
  );
  await expectCompareFits(page);
  // a third run with another GRU learning rate: three runs overlaid, labelled by the two settings that differ
  await model(page, 'GRU').getByLabel('Learning rate').fill('0.02');
  await page.getByRole('button', { name: 'Train both again' }).click();
  await expect(savedRuns(page).getByRole('row')).toHaveCount(4, { timeout: 120_000 });
  await expect(page.locator('#train-status')).toHaveText('Finished.');
  await boxes.nth(0).check();
  await expect(compare).toHaveAttribute('data-series', '6');
  await expect(compare.locator('.loss-line')).toHaveCount(6);
  await expect(page.getByTestId('what-changed')).toHaveText(/^LSTM seed .*, GRU learning rate .*$/);
  await expect(page.getByTestId('compare-forecast-chart')).toHaveAttribute('data-series', '6');
  await expectCompareFits(page);
  await screenshotState(page, 'compare-runs');

  await page.reload();
  const again = savedRuns(page).getByRole('row');
  await expect(again).toHaveCount(4);
  // Newest first: the first run is now the last row.
  const first = again.nth(3);
  await expect(first.getByRole('cell').nth(2)).toHaveText(lstmRmse!);
  await expect(first.getByRole('cell').nth(3)).toHaveText(gruRmse!);

  await first.getByRole('button', { name: /^Open / }).click();
  const view = page.getByRole('region', { name: /^Saved run / });
  await expect(view.getByRole('table', { name: 'Saved run metrics' })).toContainText(lstmRmse!);
  await expect(view.getByTestId('saved-loss-chart')).toHaveAttribute('data-points', '2');

  const exportButton = (name: string) => view.getByRole('button', { name });
  const download = async (name: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), exportButton(name).click()]);
    return file;
  };

  const weights = await download('LSTM weights (.safetensors)');
  expect(weights.suggestedFilename()).toMatch(/-lstm\.safetensors$/);
  const st = parseSafetensors(await bytesOf(weights));
  expect(Object.keys(st.tensors)).toEqual([
    'rnn.weight_ih_l0',
    'rnn.weight_hh_l0',
    'rnn.bias_ih_l0',
    'rnn.bias_hh_l0',
    'head.weight',
    'head.bias',
  ]);
  expect(st.tensors['rnn.weight_hh_l0'].shape).toEqual([16, 4]);
  expect(JSON.parse(st.meta.model)).toMatchObject({ cell: 'lstm', hiddenSize: 4, numLayers: 1 });
  expect(JSON.parse(st.meta.scaler).columns).toContain('CO2');
  expect(JSON.parse(st.meta.config).models.lstm.hiddenSize).toBe(4);

  const gruWeights = parseSafetensors(await bytesOf(await download('GRU weights (.safetensors)')));
  const gruShape = JSON.parse(gruWeights.meta.model);
  expect(gruWeights.tensors['rnn.weight_ih_l0'].shape).toEqual([9, gruShape.inputSize]);
  expect(gruWeights.tensors['head.weight'].shape).toEqual([gruShape.outputSize, 3]);

  const sidecar = JSON.parse((await bytesOf(await download('LSTM model (.json)'))).toString('utf8'));
  expect(sidecar.format).toBe('forecast-lab-model');
  expect(sidecar.scaler.kind).toBe('standard');

  const csv = (await bytesOf(await download('Predictions (.csv)'))).toString('utf8').trim().split('\n');
  const bandsOf = (names: string[]) =>
    names.flatMap((m) => [`${m}_lo80`, `${m}_hi80`, `${m}_lo95`, `${m}_hi95`]);
  expect(csv[0]).toBe(
    [
      'timestamp,actual,lstm,gru,naive,seasonal_naive,ets,arima,theta,combination',
      ...bandsOf(['ets', 'arima', 'theta', 'combination']),
      ...bandsOf(['lstm', 'gru']),
    ].join(','),
  );
  expect(csv.length).toBeGreaterThan(10);
  // a test row: the actual value, every model's prediction and the networks' bands (the classical and the
  // combination's bounds are drawn past the data only)
  expect(csv[1]).toMatch(/^\d{4}-\d\d-\d\dT[^,]+(,[-\d.e]+){9},{16}(,[-\d.e]+){8}$/);
  // the forecast: no actual value and no naive baselines; the networks, ETS, ARIMA, Theta, the combination and
  // every bound
  expect(csv.at(-1)).toMatch(/^[^,]+,,[-\d.e]+,[-\d.e]+,,(,[-\d.e]+){28}$/);

  const config = JSON.parse((await bytesOf(await download('Config (.json)'))).toString('utf8'));
  expect(config.format).toBe('forecast-lab-config');
  expect(config.config.models.gru.hiddenSize).toBe(3);

  for (const name of ['Loss chart (.png)', 'Prediction chart (.png)']) {
    const png = await bytesOf(await download(name));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(2000);
  }
  // the first run as a PyTorch project, from the saved run alone: the worker has trained two runs since and was
  // reloaded, so it holds nothing of this run
  const project = storedZipEntries(await bytesOf(await download('GRU as a PyTorch project (.zip)')));
  expect([...project.keys()]).toEqual(PROJECT_FILES);
  const projectConfig = JSON.parse(project.get('config.json')!.toString('utf8'));
  expect(projectConfig.model).toMatchObject({ cell: 'gru', hiddenSize: 3, numLayers: 1, seed: 7 });
  expect(projectConfig.data.window.inputLength).toBe(8);
  expect(projectConfig.page.models.gru).toMatchObject({ hiddenSize: 3, epochs: 2 });
  expect(project.get('data.csv')!.toString('utf8').split('\n')[0]).toBe('time,CO2');
  expect(project.get('README.md')!.toString('utf8')).toContain(
    'python3 torchrun_compat.py --nproc_per_node 2 train.py',
  );
  await screenshotState(page, 'saved-run');
  await expectAccessible(page, 'with a saved run open');

  // a run saved before runs kept their project source: its buttons say what it lacks before any click
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('forecast-lab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('payloads', 'readwrite');
    const payloads = tx.objectStore('payloads');
    const all = payloads.getAll();
    all.onsuccess = () => {
      for (const payload of all.result) {
        delete payload.project;
        payloads.put(payload);
      }
    };
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await page.reload();
  await first.getByRole('button', { name: /^Open / }).click();
  const lacking = exportButton('GRU as a PyTorch project (.zip)');
  await expect(lacking).toBeDisabled();
  await expect(lacking).toHaveAccessibleDescription(
    /^The GRU cannot be exported as a PyTorch project: this run does not hold the data as prepared .* and the weights the GRU started from/,
  );

  // Resume: the run's settings come back and both models train on from its final weights; a fourth run is saved.
  await view.getByRole('button', { name: 'Resume training from these weights' }).click();
  await expect(savedRuns(page).getByRole('row')).toHaveCount(5, { timeout: 120_000 });
  await expect(page.locator('#train-status')).toHaveText('Finished.');

  // Delete all four: gone from the list and the view, and still gone after a reload.
  for (let left = 4; left > 0; left--) {
    page.once('dialog', (d) => d.accept());
    await again
      .nth(1)
      .getByRole('button', { name: /^Delete / })
      .click();
    await expect(again).toHaveCount(left === 1 ? 0 : left);
  }
  await expect(page.getByText('Finished and stopped runs are saved here.')).toBeVisible();
  await expect(view).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Finished and stopped runs are saved here.')).toBeVisible();
});

test('copy link round-trips the settings; bad link values and bad config files are explained', async ({
  page,
}) => {
  await page.goto(
    '/?sample=seattle-weather&horizon=2&lstm.hidden=24&gru.opt=sgd&gru.momentum=0.5&lstm.layers=99',
  );
  const notice = page
    .getByRole('status')
    .filter({ hasText: 'Applied the settings from the link, except 1 setting' });
  await expect(notice).toContainText('LSTM layers: 99 is out of range');
  await expect(page.getByLabel('Sample dataset')).toHaveValue('seattle-weather');
  await expect(model(page, 'LSTM').getByLabel('Hidden size')).toHaveValue('24');
  await expect(model(page, 'LSTM').getByLabel('Layers')).toHaveValue('1');
  await expect(model(page, 'GRU').getByLabel('Optimiser')).toHaveValue('sgd');
  await expect(model(page, 'GRU').getByLabel('Momentum')).toHaveValue('0.5');
  await expect(page.getByLabel('Horizon')).toHaveValue('2');

  await model(page, 'GRU').getByLabel('Hidden size').fill('17');
  await page.getByRole('button', { name: 'Copy link to these settings' }).click();
  const link = await page.getByLabel(/Link (copied|to these settings)/).inputValue();
  expect(link).toContain('gru.hidden=17');
  expect(link).toContain('sample=seattle-weather');

  await page.goto('/');
  await expect(model(page, 'GRU').getByLabel('Hidden size')).toHaveValue('32');
  await page.goto(link);
  await expect(model(page, 'GRU').getByLabel('Hidden size')).toHaveValue('17');
  await expect(model(page, 'LSTM').getByLabel('Hidden size')).toHaveValue('24');
  await expect(page.getByLabel('Sample dataset')).toHaveValue('seattle-weather');

  const importer = page.getByLabel('Import config (.json)');
  await importer.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{oops'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'broken.json is not valid JSON' })).toBeVisible();
  const bad = {
    format: 'forecast-lab-config',
    version: 1,
    config: { models: { lstm: { hiddenSize: 'big' } } },
  };
  await importer.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await expect(page.getByRole('alert')).toContainText(
    'bad.json has invalid settings: LSTM hidden units: expected a number',
  );
  const good = { format: 'forecast-lab-config', version: 1, config: { models: { lstm: { hiddenSize: 9 } } } };
  await importer.setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(good)),
  });
  await expect(
    page.getByRole('status').filter({ hasText: 'Applied the settings from good.json.' }),
  ).toBeVisible();
  await expect(model(page, 'LSTM').getByLabel('Hidden size')).toHaveValue('9');
});

test('a link with autostart plays: it loads the sample, applies the settings and trains without a click', async ({
  page,
}) => {
  await page.goto(
    '/?v=1&sample=co2-mauna-loa&window=8&lstm.layers=1&lstm.hidden=4&lstm.epochs=2&gru.layers=1&gru.hidden=4&gru.epochs=2&autostart=1',
  );
  await expect(page.getByRole('button', { name: 'Train both again' })).toBeVisible({ timeout: 150_000 });
  await expect(page.locator('#train-status')).toHaveText('Finished.');
  await expect(page.getByLabel('Window length', { exact: true })).toHaveValue('8');
  await expect(page.getByRole('region', { name: 'LSTM progress' })).toContainText(/Epoch\s*2 \/ 2/);
});
