// Page-side client of the data worker: each table reaches the worker once (from the parse worker directly
// when it was parsed there, else copied from the page), then preparation requests name it; each answer
// resolves the promise of its request.
import type { PrepareAnswer } from '../data/summary';
import type { ColumnRole, ParsedTable, PrepareOptions } from '../data/types';
import type { DataRequest, DataWorkerMessage } from './dataProtocol';

export interface DataPort {
  prepare(
    table: ParsedTable,
    roles: ColumnRole,
    options: PrepareOptions,
    suggest: boolean,
  ): Promise<PrepareAnswer>;
  /** A port for the parse worker to send its table on, and how to name that table once the page has it. */
  forwardedTable(): { port: MessagePort; adopt(table: ParsedTable): void; cancel(): void };
}

export function createDataWorker(): DataPort {
  const worker = new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
  const ids = new WeakMap<ParsedTable, number>();
  let nextTable = 0;
  let seq = 0;
  const waiting = new Map<number, (answer: PrepareAnswer) => void>();
  worker.onmessage = (event: MessageEvent<DataWorkerMessage>) => {
    const resolve = waiting.get(event.data.seq);
    waiting.delete(event.data.seq);
    resolve?.(event.data.answer);
  };
  const post = (request: DataRequest, transfer: Transferable[] = []) => worker.postMessage(request, transfer);
  return {
    prepare(table, roles, options, suggest) {
      let tableId = ids.get(table);
      if (tableId === undefined) {
        // a table the parse worker did not send (tests, or a table built on the page): copied once
        tableId = ++nextTable;
        ids.set(table, tableId);
        post({ type: 'table', id: tableId, table });
      }
      const id = ++seq;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        post({ type: 'prepare', seq: id, tableId, roles, options, suggest });
      });
    },
    forwardedTable() {
      const id = ++nextTable;
      const channel = new MessageChannel();
      post({ type: 'table-port', id, port: channel.port1 }, [channel.port1]);
      return {
        port: channel.port2,
        adopt: (table) => ids.set(table, id),
        cancel: () => channel.port2.close(),
      };
    },
  };
}
