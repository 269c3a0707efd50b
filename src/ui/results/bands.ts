import type { ClassicalForecast } from '../../store/chartRows';
import { COLORS } from '../colors';
import type { SeriesBand } from './SeriesChart';

/** The colour `color` (#rrggbb) mixed with white: `share` of the colour, the rest white. */
export function tint(color: string, share: number): string {
  const channel = (i: number) =>
    Math.round(255 - (255 - Number.parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16)) * share);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

// A band's fill is a tint of its model's colour, so that the legend's swatch (drawn at full opacity from the
// fill) shows the wider band paler than the narrower one, as the chart does; the opacity lets the bands and
// lines below show through where models overlap.
const BAND_OPACITY = 0.6;
const NETWORK_TINT = { 95: 0.2, 80: 0.5 } as const;
const CLASSICAL_TINT = { 95: 0.12, 80: 0.3 } as const;

/** The 95 % (paler) and 80 % (stronger) bands of the networks that have results. */
export function networkBands(hasLstm: boolean, hasGru: boolean): SeriesBand[] {
  const bands: SeriesBand[] = [];
  for (const [cell, has] of [
    ['lstm', hasLstm],
    ['gru', hasGru],
  ] as const) {
    if (!has) continue;
    const name = cell === 'lstm' ? 'LSTM' : 'GRU';
    for (const level of [95, 80] as const) {
      const color = tint(COLORS[cell], NETWORK_TINT[level]);
      bands.push({ key: `${cell}${level}`, name: `${name} ${level} %`, color, opacity: BAND_OPACITY });
    }
  }
  return bands;
}

/** The bands of the classical forecasts at the given levels (%), wider ones first, lighter than the networks'. */
export function classicalBands(forecasts: ClassicalForecast[], levels: readonly (80 | 95)[]): SeriesBand[] {
  return forecasts.flatMap(({ label, key, forecast }) =>
    [...levels]
      .sort((a, b) => b - a)
      .filter((level) => forecast.bands.some((b) => Math.round(b.level * 100) === level))
      .map((level) => ({
        key: `${key}${level}` as const,
        name: `${label} ${level} %`,
        color: tint(COLORS[key], CLASSICAL_TINT[level]),
        opacity: BAND_OPACITY,
      })),
  );
}
