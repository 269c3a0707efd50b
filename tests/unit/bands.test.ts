// The shaded bands: the legend draws each band's swatch from its fill at full opacity, so the 80 % and 95 % bands
// of one model must differ in colour, not in opacity alone.
import { describe, expect, it } from 'vitest';
import { COLORS } from '../../src/ui/colors';
import { networkBands, tint } from '../../src/ui/results/bands';

const lightness = (rgb: string) => (rgb.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);

describe('prediction bands', () => {
  it('tints a colour towards white', () => {
    expect(tint(COLORS.lstm, 1)).toBe('rgb(37, 99, 235)');
    expect(tint(COLORS.lstm, 0)).toBe('rgb(255, 255, 255)');
  });

  it('draws the 95 % band paler than the 80 % band, in the legend and in the chart', () => {
    const bands = networkBands(true, true);
    for (const cell of ['lstm', 'gru']) {
      const wide = bands.find((b) => b.key === `${cell}95`);
      const narrow = bands.find((b) => b.key === `${cell}80`);
      if (!wide || !narrow) throw new Error(`no ${cell} bands`);
      // the legend's swatch: the fill colour itself
      expect(lightness(wide.color)).toBeGreaterThan(lightness(narrow.color) + 60);
      // the chart: the fill at its opacity over white
      const onWhite = (b: typeof wide) => 255 * 3 - (255 * 3 - lightness(b.color)) * b.opacity;
      expect(onWhite(wide)).toBeGreaterThan(onWhite(narrow) + 40);
    }
  });
});
