// Main-thread client of the parsing worker: one call per file, progress through a callback.

import { dataErrors } from '../data/errors';
import type { ParseOptions, ParseOutcome, ParseProgress } from '../data/types';
import type { ParseRequest, ParseWorkerMessage } from './parseProtocol';

export interface ParseInWorkerOptions extends ParseOptions {
  onProgress?: (p: ParseProgress) => void;
  /** Aborts the parse: the worker is terminated and the promise resolves with a 'read-failed' error. */
  signal?: AbortSignal;
  /** A port (to the data worker) that gets a copy of the table from the parse worker. */
  forward?: MessagePort;
}

let nextId = 1;

/**
 * Parses `file` in a fresh Web Worker (terminated when done, so its memory is returned at once).
 * Resolves with the table or a DataError; never rejects.
 */
export function parseCsvInWorker(file: Blob, options: ParseInWorkerOptions = {}): Promise<ParseOutcome> {
  const { onProgress, signal, forward, ...parseOptions } = options;
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), {
      type: 'module',
      name: 'csv-parse',
    });
    const id = nextId++;
    const finish = (outcome: ParseOutcome) => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish({ ok: false, error: dataErrors.readFailed('the parse was cancelled.') });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<ParseWorkerMessage>) => {
      const msg = event.data;
      if (msg.id !== id) return;
      if (msg.type === 'progress') onProgress?.(msg.progress);
      else finish(msg.outcome);
    };
    worker.onerror = (event) =>
      finish({ ok: false, error: dataErrors.readFailed(event.message || 'the parser stopped.') });
    const request: ParseRequest = { type: 'parse', id, file, options: parseOptions, forward };
    worker.postMessage(request, forward ? [forward] : []);
  });
}
