// The CSV parsing worker: reads a File in chunks off the main thread and posts progress. The parsed table
// goes to the training worker (on the port in the request), which owns it; the page gets its view: the
// columns without their values, the report, a preview and a fingerprint.

/// <reference lib="webworker" />
import { parseCsv } from '../data/parse/parseCsv';
import { fileFingerprint, tableTransferables, tableView } from '../data/table';
import type { ParseRequest, ParseWorkerMessage } from './parseProtocol';
import type { ForwardedTable } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ParseRequest>) => {
  const req = event.data;
  if (req.type !== 'parse') return;
  const post = (msg: ParseWorkerMessage) => scope.postMessage(msg);
  const outcome = await parseCsv(req.file, req.options, (progress) =>
    post({ type: 'progress', id: req.id, progress }),
  );
  if (!outcome.ok) {
    req.forward.close();
    post({ type: 'done', id: req.id, outcome });
    return;
  }
  const view = tableView(outcome.table, req.tableId, await fileFingerprint(await req.file.arrayBuffer()));
  const message: ForwardedTable = { type: 'table', table: outcome.table };
  req.forward.postMessage(message, tableTransferables(outcome.table));
  req.forward.close();
  post({ type: 'done', id: req.id, outcome: { ok: true, table: view } });
};
