// The evaluation suite: public series and synthetic cases, each read through the page's own CSV parser.
// Sources: the bundled samples (public/data, from vega-datasets), other vega-datasets files read from
// node_modules, R's `datasets` package (exported once by eval/export-r-datasets.R into eval/data, see
// eval/data/SOURCES.md), and synthetic series generated here from a fixed seed.

import { readFileSync } from 'node:fs';
import { parseCsvText } from '../src/data/parse/parseCsv';
import type { ColumnRole, ParsedTable } from '../src/data/types';
import { gaussian, mulberry32 } from '../src/engine/random';

export interface EvalSeries {
  name: string;
  source: string;
  /** Column roles: the target alone as input, as the playground's default. */
  roles: ColumnRole;
  csv(): string;
}

const VEGA = 'node_modules/vega-datasets/data';

function file(path: string): () => string {
  return () => readFileSync(path, 'utf8');
}

function single(time: string | null, target: string): ColumnRole {
  return { timeColumn: time, targets: [target], features: [target] };
}

/** A monthly CSV `date,value` from generated values, starting January 2000. */
function monthly(values: number[]): string {
  const rows = values.map((v, i) => {
    const y = 2000 + Math.floor(i / 12);
    const m = String((i % 12) + 1).padStart(2, '0');
    return `${y}-${m}-01,${v.toFixed(6)}`;
  });
  return `date,value\n${rows.join('\n')}\n`;
}

function noise(seed: number): () => number {
  return gaussian(mulberry32(seed));
}

function synthetic(name: string, describe: string, make: () => number[]): EvalSeries {
  return {
    name,
    source: `synthetic: ${describe}`,
    roles: single('date', 'value'),
    csv: () => monthly(make()),
  };
}

export const SUITE: readonly EvalSeries[] = [
  {
    name: 'co2-mauna-loa',
    source: 'bundled sample (vega-datasets co2-concentration.csv), monthly',
    roles: single('Date', 'CO2'),
    csv: file('public/data/co2-concentration.csv'),
  },
  {
    name: 'seattle-temp-max',
    source: 'bundled sample (vega-datasets seattle-weather.csv), daily',
    roles: single('date', 'temp_max'),
    csv: file('public/data/seattle-weather.csv'),
  },
  {
    name: 'global-temp',
    source: 'vega-datasets global-temp.csv, annual anomaly',
    roles: single('year', 'temp'),
    csv: file(`${VEGA}/global-temp.csv`),
  },
  {
    name: 'us-employment',
    source: 'vega-datasets us-employment.csv, monthly nonfarm payrolls',
    roles: single('month', 'nonfarm'),
    csv: file(`${VEGA}/us-employment.csv`),
  },
  {
    name: 'sp500',
    source: 'vega-datasets sp500.csv, monthly close (row order as time)',
    roles: single(null, 'price'),
    csv: file(`${VEGA}/sp500.csv`),
  },
  ...(
    [
      ['r-airpassengers', 'AirPassengers'],
      ['r-co2', 'co2'],
      ['r-nottem', 'nottem'],
      ['r-ukdriverdeaths', 'UKDriverDeaths'],
      ['r-ldeaths', 'ldeaths'],
      ['r-sunspot-month', 'sunspot.month'],
    ] as const
  ).map(([name, rName]) => ({
    name,
    source: `R datasets ${rName}, monthly`,
    roles: single('date', 'value'),
    csv: file(`eval/data/${name}.csv`),
  })),
  synthetic('trend-season', 'linear trend + yearly sine + noise, 240 months', () => {
    const e = noise(1);
    return Array.from({ length: 240 }, (_, t) => 50 + 0.3 * t + 8 * Math.sin((2 * Math.PI * t) / 12) + e());
  }),
  synthetic('random-walk', 'Gaussian random walk, 300 steps', () => {
    const e = noise(2);
    let level = 100;
    return Array.from({ length: 300 }, () => (level += e()));
  }),
  synthetic('level-shift', 'noise around a level that jumps by 10 at 60 % of 240 months', () => {
    const e = noise(3);
    return Array.from({ length: 240 }, (_, t) => (t < 144 ? 20 : 30) + e());
  }),
  synthetic(
    'multiplicative-season',
    'exponential growth × yearly season (±30 %) + 2 % noise, 192 months',
    () => {
      const e = noise(4);
      return Array.from(
        { length: 192 },
        (_, t) => 100 * 1.01 ** t * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.02 * e()),
      );
    },
  ),
  synthetic('noise', 'white noise around 10, 240 months', () => {
    const e = noise(5);
    return Array.from({ length: 240 }, () => 10 + e());
  }),
];

export async function loadTable(series: EvalSeries): Promise<ParsedTable> {
  const parsed = await parseCsvText(series.csv());
  if (!parsed.ok) throw new Error(`${series.name}: ${parsed.error.message}`);
  return parsed.table;
}
