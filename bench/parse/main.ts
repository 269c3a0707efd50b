// The parse bench page: builds a synthetic numeric CSV in memory, parses it with the real worker client,
// prepares it, and reports times, progress events and memory. Also parses a given text for the e2e test.

import { DEFAULT_PREPARE_OPTIONS } from '../../src/data/types';
import { createTrainingWorker, type TrainingWorker } from '../../src/worker/client';
import { parseCsvInWorker, type TableDestination } from '../../src/worker/parseClient';
import type { ParseBenchResult, ParseFileResult } from './protocol';

const log = document.getElementById('log')!;
const bar = document.getElementById('progress') as HTMLProgressElement;
const say = (line: string) => {
  log.textContent += `${line}\n`;
};

/** `step,a,b,c,d`: a row index and four noisy sines, 4 decimals, every `missingEvery`-th `a` cell empty. */
function syntheticCsv(rows: number, columns: number, missingEvery: number): Blob {
  const parts: string[] = [`step,${Array.from({ length: columns - 1 }, (_, j) => `s${j + 1}`).join(',')}\n`];
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  const block: string[] = [];
  for (let i = 0; i < rows; i++) {
    let line = String(i);
    for (let j = 1; j < columns; j++) {
      const missing = j === 1 && missingEvery > 0 && i % missingEvery === missingEvery - 1;
      line += missing ? ',' : `,${(10 * Math.sin(i / (20 * j)) + rand()).toFixed(4)}`;
    }
    block.push(line);
    if (block.length === 10_000) {
      parts.push(`${block.join('\n')}\n`);
      block.length = 0;
    }
  }
  if (block.length) parts.push(`${block.join('\n')}\n`);
  return new Blob(parts, { type: 'text/csv' });
}

type MeasureMemory = () => Promise<{ bytes: number }>;

/**
 * JS memory of the page and its workers, measured once (after the run, with the data still held).
 * Sampling it during the run would force garbage collections in the worker and slow the parse.
 */
async function measureMemory(): Promise<number | null> {
  const measure = (performance as unknown as { measureUserAgentSpecificMemory?: MeasureMemory })
    .measureUserAgentSpecificMemory;
  if (!measure || !self.crossOriginIsolated) return null;
  try {
    return (await measure.call(performance)).bytes;
  } catch {
    return null;
  }
}

let worker: TrainingWorker | null = null;
/** The training worker the parsed tables go to, started on first use. */
function trainingWorker(): TrainingWorker {
  worker ??= createTrainingWorker();
  return worker;
}

/** A destination for tables that are only looked at here (nothing prepares them). */
function nowhere(): TableDestination {
  return { id: 0, port: new MessageChannel().port2 };
}

let benchFile: { file: Blob; rows: number; columns: number } | null = null;

window.makeBenchFile = (rows, columns, missingEvery) => {
  say(`building a ${rows} × ${columns} CSV…`);
  benchFile = { file: syntheticCsv(rows, columns, missingEvery), rows, columns };
  return benchFile.file.size;
};

window.runParseBench = async () => {
  if (!benchFile) throw new Error('call makeBenchFile first');
  const { file, rows, columns } = benchFile;
  say(`${(file.size / 1e6).toFixed(1)} MB; parsing in the worker…`);
  let progressEvents = 0;
  const t0 = performance.now();
  // as the app does it: the parse worker hands the table to the training worker, which prepares it
  const worker = trainingWorker();
  const destination = worker.data.forwardedTable();
  const outcome = await parseCsvInWorker(file, destination, {
    onProgress: (p) => {
      progressEvents++;
      bar.value = p.bytesRead / p.totalBytes;
    },
  });
  const t1 = performance.now();
  const base = { rows, columns, bytes: file.size, progressEvents, parseMs: t1 - t0 };
  if (!outcome.ok) {
    return {
      ...base,
      parseInWorkerMs: 0,
      prepareMs: 0,
      totalMs: t1 - t0,
      retainedMeasuredBytes: null,
      trainWindows: 0,
      error: outcome.error.message,
    } satisfies ParseBenchResult;
  }
  const table = outcome.table;
  const { outcome: prepared } = await worker.data.prepare(
    destination.id,
    table.report.suggestedRoles,
    DEFAULT_PREPARE_OPTIONS,
    false,
  );
  const t2 = performance.now();
  // Keep the page's view alive until memory is measured (the table and dataset live in the workers).
  (window as unknown as { held: unknown }).held = [table, prepared];
  const retained = await measureMemory();
  const result: ParseBenchResult = {
    ...base,
    parseInWorkerMs: table.report.elapsedMs,
    prepareMs: t2 - t1,
    totalMs: t2 - t0,
    retainedMeasuredBytes: retained,
    trainWindows: prepared.ok ? prepared.summary.windows.train : 0,
    error: prepared.ok ? null : prepared.error.message,
  };
  say(JSON.stringify(result, null, 2));
  return result;
};

window.parseText = async (text, name, chunkBytes) => {
  const progress: ParseFileResult['progress'] = [];
  const file = new File([text], name, { type: 'text/csv' });
  const outcome = await parseCsvInWorker(file, nowhere(), {
    chunkBytes,
    onProgress: (p) => progress.push({ ...p }),
  });
  if (!outcome.ok) {
    say(`${name}: ${outcome.error.message}`);
    return {
      ok: false,
      errorKind: outcome.error.kind,
      message: outcome.error.message,
      rows: 0,
      columnTypes: {},
      progress,
      notes: [],
    };
  }
  const t = outcome.table;
  say(`${name}: ${t.report.notes.join(' ')}`);
  return {
    ok: true,
    errorKind: null,
    message: null,
    rows: t.rowCount,
    columnTypes: Object.fromEntries(t.columns.map((c) => [c.name, c.type])),
    progress,
    notes: t.report.notes,
  };
};

const input = document.getElementById('file') as HTMLInputElement;
input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  const outcome = await parseCsvInWorker(file, nowhere(), {
    onProgress: (p) => (bar.value = p.bytesRead / p.totalBytes),
  });
  say(outcome.ok ? outcome.table.report.notes.join('\n') : outcome.error.message);
});
say('ready');
