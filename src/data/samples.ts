// Bundled sample datasets (served from public/data/). The first one is the playground's default.
// Both files come unchanged from the `vega-datasets` package (v3.2.1); sources and licences below.

import type { ColumnRole } from './types';

export interface SampleDataset {
  id: string;
  name: string;
  description: string;
  /** Path under the site root; prefix with `import.meta.env.BASE_URL` when fetching. */
  path: string;
  rows: number;
  licence: string;
  licenceUrl: string;
  source: string;
  sourceUrl: string;
  suggestedRoles: ColumnRole;
}

export const SAMPLE_DATASETS: readonly SampleDataset[] = [
  {
    id: 'co2-mauna-loa',
    name: 'CO₂ at Mauna Loa (monthly, 1958–2020)',
    description:
      'Monthly mean atmospheric CO₂ concentration (ppm) measured at Mauna Loa Observatory, Hawaii, with a ' +
      'seasonally adjusted series beside it. A clear trend plus a yearly cycle.',
    path: 'data/co2-concentration.csv',
    rows: 741,
    licence: 'CC BY 4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    source: 'Scripps CO₂ Program (via vega-datasets)',
    sourceUrl: 'https://scrippsco2.ucsd.edu/data/atmospheric_co2/primary_mlo_co2_record',
    suggestedRoles: { timeColumn: 'Date', targets: ['CO2'], features: ['CO2'] },
  },
  {
    id: 'seattle-weather',
    name: 'Seattle weather (daily, 2012–2015)',
    description:
      'Daily precipitation (mm), maximum and minimum temperature (°C) and wind (km/h) in Seattle, with a text ' +
      'column describing the weather. The other numeric columns can be added as inputs.',
    path: 'data/seattle-weather.csv',
    rows: 1461,
    licence: 'U.S. Government work (public domain)',
    licenceUrl: 'https://www.usa.gov/government-works',
    source: 'NOAA National Climatic Data Center (via vega-datasets)',
    sourceUrl: 'https://www.ncdc.noaa.gov/cdo-web/datatools/records',
    suggestedRoles: {
      timeColumn: 'date',
      targets: ['temp_max'],
      features: ['temp_max'],
    },
  },
];
