// The data worker: holds the loaded table and prepares it whenever the roles or options change, so the
// page never runs the cleaning, scaling or windowing itself. It answers with a small summary. A table
// parsed in the parse worker arrives from there directly (a 'table-port'), so the page never copies it.

/// <reference lib="webworker" />
import { prepareSummary } from '../data/summary';
import type { ParsedTable } from '../data/types';
import type { DataRequest, DataWorkerMessage, ForwardedTable } from './dataProtocol';

type PrepareRequest = Extract<DataRequest, { type: 'prepare' }>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The current table (only the latest is kept) and requests waiting for a table still on its way. */
let current: { id: number; table: ParsedTable } | null = null;
let waiting: PrepareRequest[] = [];

function prepare(req: PrepareRequest, table: ParsedTable): void {
  const answer = prepareSummary(table, req.roles, req.options, req.suggest);
  const message: DataWorkerMessage = { type: 'prepared', seq: req.seq, answer };
  scope.postMessage(message);
}

function adopt(id: number, table: ParsedTable): void {
  if (current && current.id > id) return; // a newer table is already here
  current = { id, table };
  const ready = waiting.filter((r) => r.tableId === id);
  waiting = waiting.filter((r) => r.tableId > id);
  for (const req of ready) prepare(req, table);
}

scope.onmessage = (event: MessageEvent<DataRequest>) => {
  const req = event.data;
  switch (req.type) {
    case 'table':
      adopt(req.id, req.table);
      return;
    case 'table-port':
      req.port.onmessage = (e: MessageEvent<ForwardedTable>) => {
        req.port.close();
        adopt(req.id, e.data.table);
      };
      return;
    case 'prepare':
      if (current?.id === req.tableId) prepare(req, current.table);
      else if (!current || req.tableId > current.id) waiting.push(req);
      return;
  }
};
