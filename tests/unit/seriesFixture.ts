// One numeric column prepared with the playground's defaults and a 12-step window, for baseline tests.
import { parseCsvText } from '../../src/data/parse/parseCsv';
import { prepareDataset } from '../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS, type PreparedDataset } from '../../src/data/types';

export async function preparedSeries(
  values: number[],
  horizon: number,
  inputLength = 12,
): Promise<PreparedDataset> {
  const parsed = await parseCsvText(`v\n${values.join('\n')}\n`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const out = prepareDataset(
    parsed.table,
    { timeColumn: null, targets: ['v'], features: ['v'] },
    { ...DEFAULT_PREPARE_OPTIONS, window: { inputLength, horizon, stride: 1 } },
  );
  if (!out.ok) throw new Error(out.error.message);
  return out.dataset;
}
