// Messages between the page and the data worker, and from the parse worker to the data worker.
import type { PrepareAnswer } from '../data/summary';
import type { ColumnRole, ParsedTable, PrepareOptions } from '../data/types';

export type DataRequest =
  /** A table from the page (copied); it becomes table `id`. */
  | { type: 'table'; id: number; table: ParsedTable }
  /** A port on which the parse worker will send table `id` itself, so the page never copies it. */
  | { type: 'table-port'; id: number; port: MessagePort }
  | {
      type: 'prepare';
      seq: number;
      tableId: number;
      roles: ColumnRole;
      options: PrepareOptions;
      suggest: boolean;
    };

/** Parse worker → data worker, on a 'table-port' port. */
export type ForwardedTable = { type: 'table'; table: ParsedTable };

export type DataWorkerMessage = { type: 'prepared'; seq: number; answer: PrepareAnswer };
