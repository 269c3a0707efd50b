// What the parse bench page exposes on `window` for the driver and the e2e test.

export interface ParseBenchResult {
  rows: number;
  columns: number;
  bytes: number;
  /** Page-measured wall time of parseCsvInWorker (worker start, read, parse, type, transfer back). */
  parseMs: number;
  /** The worker's own time inside parseCsv (from report.elapsedMs). */
  parseInWorkerMs: number;
  /** prepareDataset: clean (interpolate), split, scale, windows, on the page's thread. */
  prepareMs: number;
  totalMs: number;
  progressEvents: number;
  /** `performance.measureUserAgentSpecificMemory()` after the run with the table and dataset held, or null. */
  retainedMeasuredBytes: number | null;
  trainWindows: number;
  error: string | null;
}

export interface ParseFileResult {
  ok: boolean;
  errorKind: string | null;
  message: string | null;
  rows: number;
  columnTypes: Record<string, string>;
  progress: { bytesRead: number; totalBytes: number; rows: number }[];
  notes: string[];
}

declare global {
  interface Window {
    /** Builds the synthetic CSV in memory (not timed); returns its size in bytes. */
    makeBenchFile(rows: number, columns: number, missingEvery: number): number;
    runParseBench(): Promise<ParseBenchResult>;
    parseText(text: string, name: string, chunkBytes?: number): Promise<ParseFileResult>;
  }
}
