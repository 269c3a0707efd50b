// The suite's summary against the targets, and eval/RESULTS.md.

import type { SeriesResult } from './evaluate';

export interface Summary {
  series: number;
  /** Series where the better network's MASE ≤ 1.1 × the better of naive and seasonal naive. */
  withinTenPercent: number;
  /** Series where the better network beats both naive baselines in MASE. */
  beatsBoth: number;
  /** Mean over series of best network MASE / best naive MASE. */
  meanRatio: number;
  /** Series where the better network beats ETS in MASE (when ETS ran). */
  beatsEts: number;
  /** Series where the better network beats ARIMA in MASE (when ARIMA ran). */
  beatsArima: number;
  /** Mean coverage of the 80 % and 95 % bands over the series. */
  coverage: { p80: number; p95: number };
}

export function bestNetwork(r: SeriesResult): number {
  return Math.min(r.metrics.LSTM.mase, r.metrics.GRU.mase);
}

export function bestNaive(r: SeriesResult): number {
  return Math.min(r.metrics.naive.mase, r.metrics['seasonal-naive'].mase);
}

export function summarise(results: SeriesResult[]): Summary {
  let within = 0;
  let beats = 0;
  let ratio = 0;
  let beatsEts = 0;
  let beatsArima = 0;
  for (const r of results) {
    const net = bestNetwork(r);
    const naive = bestNaive(r);
    if (net <= 1.1 * naive) within++;
    if (net < naive) beats++;
    if (r.metrics.ETS && net < r.metrics.ETS.mase) beatsEts++;
    if (r.metrics.ARIMA && net < r.metrics.ARIMA.mase) beatsArima++;
    ratio += net / naive;
  }
  const mean = (xs: number[]) => {
    const finite = xs.filter(Number.isFinite);
    return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
  };
  return {
    series: results.length,
    withinTenPercent: within,
    beatsBoth: beats,
    meanRatio: results.length > 0 ? ratio / results.length : Number.NaN,
    beatsEts,
    beatsArima,
    coverage: {
      p80: mean(results.map((r) => r.coverage?.p80 ?? Number.NaN)),
      p95: mean(results.map((r) => r.coverage?.p95 ?? Number.NaN)),
    },
  };
}

const f = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** Significant digits for RMSE in the series' own units. */
function rmse(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

export function resultsMarkdown(
  doc: { commit: string; settings: string[]; series: SeriesResult[] },
  summary: Summary,
): string {
  const rows = doc.series.map((r) => {
    const m = r.metrics;
    const net = bestNetwork(r);
    const naive = bestNaive(r);
    const mark = net < naive ? '✓' : net <= 1.1 * naive ? '≈' : '✗';
    const cell = (x: { mase: number; rmse: number } | undefined) =>
      x ? `${f(x.mase, 3)} / ${rmse(x.rmse)}` : '–';
    const pct = (x: number | undefined) =>
      x !== undefined && Number.isFinite(x) ? `${Math.round(100 * x)} %` : '–';
    return `| ${r.name} | ${r.rows} | ${r.season} | ${r.window} | ${cell(m.LSTM)} | ${cell(m.GRU)} | ${cell(m.naive)} | ${cell(m['seasonal-naive'])} | ${cell(m.ETS)} | ${cell(m.ARIMA)} | ${mark} | ${pct(r.coverage?.p80)} / ${pct(r.coverage?.p95)} | ${f(r.seconds, 0)} |`;
  });
  return [
    '# Evaluation results',
    '',
    `Written by \`npm run eval\` at commit \`${doc.commit}\`${doc.settings.length > 0 ? ` with ${doc.settings.join(' ')}` : ' with the playground defaults'}. Each series is`,
    'trained once with the default settings on the CPU engine, through the same training session as the page;',
    'every row is scored on the same test points (the last 15 % of rows, one step ahead). Cells are',
    'MASE / RMSE (RMSE in the series’ own units); MASE divides by the in-sample seasonal-naive MAE on the training',
    'rows (season m below, 1 when none is detected). ETS and ARIMA are fitted on the training and validation rows and forecast',
    'each test window from its own origin. ✓: the better network beats both naive baselines in MASE;',
    '≈: within 10 % of the better one; ✗: worse. Sources: eval/suite.ts and eval/data/SOURCES.md.',
    '',
    '| series | rows | season | window | LSTM | GRU | naive | seasonal naive | ETS | ARIMA | | 80 % / 95 % band coverage | seconds |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :-: | ---: | ---: |',
    ...rows,
    '',
    `Better network within 10 % of the better naive baseline on ${summary.withinTenPercent} of ${summary.series} series; beats both on ${summary.beatsBoth} of ${summary.series} (${f((100 * summary.beatsBoth) / summary.series, 0)} %). Mean ratio of best network MASE to best naive MASE: ${f(summary.meanRatio, 3)}. Better network beats ETS on ${summary.beatsEts} of ${summary.series} and ARIMA on ${summary.beatsArima} of ${summary.series}.`,
    '',
    `Prediction bands (split-conformal from the validation errors, per step): the 80 % band covered ${f(100 * summary.coverage.p80, 1)} % of test values on average over the series, the 95 % band ${f(100 * summary.coverage.p95, 1)} %.`,
    '',
  ].join('\n');
}
