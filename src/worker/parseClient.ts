// Main-thread client of the parsing worker: one call per file, progress through a callback.

import { dataErrors } from '../data/errors';
import type { LoadOutcome, ParseOptions, ParseProgress } from '../data/types';
import type { ParseRequest, ParseWorkerMessage } from './parseProtocol';

export interface ParseInWorkerOptions extends ParseOptions {
  onProgress?: (p: ParseProgress) => void;
  /** Aborts the parse: the worker is terminated and the promise resolves with a 'read-failed' error. */
  signal?: AbortSignal;
}

/** Where the parsed table goes: the training worker's port for table `id` (DataPort.forwardedTable). */
export interface TableDestination {
  id: number;
  port: MessagePort;
}

let nextId = 1;

/**
 * Parses `file` in a fresh Web Worker (terminated when done, so its memory is returned at once), which sends
 * the table to `destination` and answers with its view. Resolves with the view or a DataError; never rejects.
 */
export function parseCsvInWorker(
  file: Blob,
  destination: TableDestination,
  options: ParseInWorkerOptions = {},
): Promise<LoadOutcome> {
  const { onProgress, signal, ...parseOptions } = options;
  const fileName = file instanceof File ? file.name : null;
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), {
      type: 'module',
      name: 'csv-parse',
    });
    const id = nextId++;
    const finish = (outcome: LoadOutcome) => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () =>
      finish({ ok: false, error: dataErrors.readFailed(fileName, 'the parse was cancelled.') });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<ParseWorkerMessage>) => {
      const msg = event.data;
      if (msg.id !== id) return;
      if (msg.type === 'progress') onProgress?.(msg.progress);
      else finish(msg.outcome);
    };
    worker.onerror = (event) =>
      finish({ ok: false, error: dataErrors.readFailed(fileName, event.message || 'the parser stopped.') });
    const request: ParseRequest = {
      type: 'parse',
      id,
      file,
      options: parseOptions,
      forward: destination.port,
      tableId: destination.id,
    };
    worker.postMessage(request, [destination.port]);
  });
}
