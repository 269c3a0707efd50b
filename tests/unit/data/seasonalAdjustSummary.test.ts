// The sentence the page shows under "Seasonal adjustment": per target column, what was done and why.

import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareSummary } from '../../../src/data/summary';
import { type ColumnRole, DEFAULT_PREPARE_OPTIONS, type PrepareOptions } from '../../../src/data/types';
import { gaussian, mulberry32 } from '../../../src/engine/random';

const e = gaussian(mulberry32(3));
const season = (t: number) => Math.sin((2 * Math.PI * t) / 12);

/** Ten years of months: a positive seasonal column, a flat noisy one, and a seasonal one around zero. */
const MONTHLY = [
  'date,sales,flat,temp',
  ...Array.from({ length: 120 }, (_, t) => {
    const date = `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
    const sales = 100 * (1 + 0.3 * season(t)) * (1 + 0.02 * e());
    const flat = 50 + e();
    const temp = 8 * season(t) + 0.5 * e();
    return `${date},${sales.toFixed(4)},${flat.toFixed(4)},${temp.toFixed(4)}`;
  }),
].join('\n');

async function notes(csv: string, roles: ColumnRole, options: Partial<PrepareOptions>) {
  const parsed = await parseCsvText(csv);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const window = { inputLength: 12, horizon: 1, stride: 1 };
  const answer = prepareSummary(
    parsed.table,
    roles,
    { ...DEFAULT_PREPARE_OPTIONS, window, ...options },
    false,
  );
  if (!answer.outcome.ok) throw new Error(answer.outcome.error.message);
  return answer.outcome.summary.seasonalAdjustment;
}

const ALL: ColumnRole = {
  timeColumn: 'date',
  targets: ['sales', 'flat', 'temp'],
  features: ['sales', 'flat', 'temp'],
};

describe('the seasonal adjustment in the data summary', () => {
  it('says per target whether it was adjusted, how and with which season, or why not', async () => {
    expect(await notes(MONTHLY, ALL, { seasonalAdjust: 'auto' })).toEqual([
      { column: 'sales', text: 'Seasonally adjusted (multiplicative, season 12)' },
      { column: 'flat', text: 'Not adjusted: no season in the training part' },
      { column: 'temp', text: 'Seasonally adjusted (additive, season 12)' },
    ]);
  });

  it('names only the targets, in their order', async () => {
    const roles = { timeColumn: 'date', targets: ['temp'], features: ['sales', 'temp'] };
    expect(await notes(MONTHLY, roles, { seasonalAdjust: 'auto' })).toEqual([
      { column: 'temp', text: 'Seasonally adjusted (additive, season 12)' },
    ]);
  });

  it('says nothing when the option is off or absent (settings from before it)', async () => {
    expect(await notes(MONTHLY, ALL, { seasonalAdjust: 'off' })).toEqual([]);
    expect(await notes(MONTHLY, ALL, { seasonalAdjust: undefined })).toEqual([]);
  });

  it('says there is no season when the automatic season length is 1 (yearly rows)', async () => {
    const rows = Array.from(
      { length: 60 },
      (_, t) => `${1950 + t}-01-01,${(100 + 20 * season(t)).toFixed(4)}`,
    );
    const roles = { timeColumn: 'date', targets: ['value'], features: ['value'] };
    expect(await notes(`date,value\n${rows.join('\n')}\n`, roles, { seasonalAdjust: 'auto' })).toEqual([
      { column: 'value', text: 'Not adjusted: no season (automatic season length 1)' },
    ]);
  });
});
