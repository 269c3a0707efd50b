// `npm run bench:parse [-- --rows N --columns C --missing-every K]`: builds the parse page, opens it in
// headless Chromium, parses a synthetic numeric CSV (default 1,000,000 × 5) in the worker and prepares
// it, and prints wall times, progress events and memory. Memory comes from two places: the page's
// `performance.measureUserAgentSpecificMemory()` (JS heap of the page and its workers, sampled every
// 100 ms) and the peak resident set of Chromium's renderer processes, polled from /proc every 50 ms.

import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import { buildParsePage, serveDirectory } from './harness';
import type { ParseBenchResult } from './protocol';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

function rendererPids(rootPid: number): number[] {
  const parent = new Map<number, number>();
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
      pids.push(Number(d));
    } catch {}
  }
  const out: number[] = [];
  for (const pid of pids) {
    let p: number | undefined = pid;
    while (p !== undefined && p > 1 && p !== rootPid) p = parent.get(p);
    if (p !== rootPid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) out.push(pid);
    } catch {}
  }
  return out;
}

/** Resident set (bytes) of all renderer processes descending from `rootPid`. */
function rendererRss(rootPid: number): number {
  let total = 0;
  for (const pid of rendererPids(rootPid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {}
  }
  return total;
}

/** CPU ticks (user + system) of the renderer processes, including threads that have exited (the worker). */
function processCpu(rootPid: number): number {
  let total = 0;
  for (const pid of rendererPids(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return total;
}

/** CPU ticks (user + system) per thread name, summed over the renderer processes descending from `rootPid`. */
function rendererCpu(rootPid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of rendererPids(rootPid)) {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(name, (out.get(name) ?? 0) + Number(f[11]) + Number(f[12]));
      } catch {}
    }
  }
  return out;
}

const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MiB`);

export async function main(argv: string[]): Promise<void> {
  const rows = arg(argv, '--rows', 1_000_000);
  const columns = arg(argv, '--columns', 5);
  const missingEvery = arg(argv, '--missing-every', 1000);
  const dist = await buildParsePage();
  const server = await serveDirectory(dist);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--enable-blink-features=ForceEagerMeasureMemory',
      '--disable-background-networking',
    ],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error(`[page] ${m.text()}`));
    await page.goto(server.url);
    await page.getByText('ready').waitFor();
    // Playwright starts Chromium as a child of this process, so its renderers descend from us.
    const rootPid = process.pid;
    // The synthetic file is built first, outside the measured span.
    await page.evaluate(([r, c, m]) => window.makeBenchFile(r, c, m), [rows, columns, missingEvery] as const);
    const baseline = rendererRss(rootPid);
    let peak = baseline;
    const cpuBefore = rendererCpu(rootPid);
    const processCpuBefore = processCpu(rootPid);
    const poll = setInterval(() => {
      peak = Math.max(peak, rendererRss(rootPid));
    }, 50);
    const result: ParseBenchResult = await page.evaluate(() => window.runParseBench());
    const processCpuMs = (processCpu(rootPid) - processCpuBefore) * 10;
    clearInterval(poll);
    const cpuAfter = rendererCpu(rootPid);
    const ticks = [...cpuAfter].map(([name, t]) => [name, t - (cpuBefore.get(name) ?? 0)] as const);
    const cpuTotalMs = ticks.reduce((a, [, t]) => a + t, 0) * 10;
    const cpuTop = ticks
      .filter(([, t]) => t > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, t]) => `${name} ${t * 10} ms`)
      .join(', ');
    if (result.error) throw new Error(result.error);
    console.log(
      `CSV parse benchmark (headless Chromium, ${new Date().toISOString()}, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores)`,
    );
    console.log(
      `  file                 ${rows.toLocaleString('en')} rows × ${columns} columns, ${(result.bytes / 1e6).toFixed(1)} MB, every ${missingEvery}th s1 cell empty`,
    );
    console.log(
      `  parse (worker)       ${result.parseMs.toFixed(0)} ms wall, ${result.parseInWorkerMs.toFixed(0)} ms inside the worker, ${result.progressEvents} progress events`,
    );
    console.log(
      `  prepare (worker)     ${result.prepareMs.toFixed(0)} ms (interpolate, split, standard scaler, ${result.trainWindows.toLocaleString('en')} train windows)`,
    );
    console.log(`  total                ${result.totalMs.toFixed(0)} ms (target < 5000 ms)`);
    console.log(
      `  memory (JS heap)      ${mb(result.retainedMeasuredBytes)} held after the run (page + worker)`,
    );
    console.log(
      `  renderer CPU time     ${processCpuMs} ms for parse + prepare, worker included (live threads: ${cpuTop}, ${cpuTotalMs} ms); wall times include waiting for a core`,
    );
    console.log(
      `  memory (renderer RSS) baseline ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)}`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
