// Page-side client of the data worker: sends each new table once, then preparation requests; each answer
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
}

export function createDataWorker(): DataPort {
  const worker = new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
  let sent: ParsedTable | null = null;
  let seq = 0;
  const waiting = new Map<number, (answer: PrepareAnswer) => void>();
  worker.onmessage = (event: MessageEvent<DataWorkerMessage>) => {
    const resolve = waiting.get(event.data.seq);
    waiting.delete(event.data.seq);
    resolve?.(event.data.answer);
  };
  const post = (request: DataRequest) => worker.postMessage(request);
  return {
    prepare(table, roles, options, suggest) {
      if (table !== sent) {
        // a copy, once per table; the worker keeps it for every later preparation
        post({ type: 'table', table });
        sent = table;
      }
      const id = ++seq;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        post({ type: 'prepare', seq: id, roles, options, suggest });
      });
    },
  };
}
