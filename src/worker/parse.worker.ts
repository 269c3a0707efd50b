// The CSV parsing worker: reads a File in chunks off the main thread and posts progress and the table.

/// <reference lib="webworker" />
import { parseCsv } from '../data/parse/parseCsv';
import { tableTransferables } from '../data/table';
import type { ForwardedTable } from './dataProtocol';
import type { ParseRequest, ParseWorkerMessage } from './parseProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ParseRequest>) => {
  const req = event.data;
  if (req.type !== 'parse') return;
  const post = (msg: ParseWorkerMessage, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
  const outcome = await parseCsv(req.file, req.options, (progress) =>
    post({ type: 'progress', id: req.id, progress }),
  );
  if (req.forward) {
    // the copy for the data worker is made here, off the page; then the page gets the original
    if (outcome.ok) req.forward.postMessage({ type: 'table', table: outcome.table } satisfies ForwardedTable);
    req.forward.close();
  }
  post({ type: 'done', id: req.id, outcome }, outcome.ok ? tableTransferables(outcome.table) : []);
};
