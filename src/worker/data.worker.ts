// The data worker: holds the loaded table and prepares it whenever the roles or options change, so the
// page never runs the cleaning, scaling or windowing itself. It answers with a small summary.

/// <reference lib="webworker" />
import { prepareSummary } from '../data/summary';
import type { ParsedTable } from '../data/types';
import type { DataRequest, DataWorkerMessage } from './dataProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let table: ParsedTable | null = null;

scope.onmessage = (event: MessageEvent<DataRequest>) => {
  const req = event.data;
  if (req.type === 'table') {
    table = req.table;
    return;
  }
  if (!table) return;
  const answer = prepareSummary(table, req.roles, req.options, req.suggest);
  const message: DataWorkerMessage = { type: 'prepared', seq: req.seq, answer };
  scope.postMessage(message);
};
