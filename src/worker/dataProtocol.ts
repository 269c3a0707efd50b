// Messages between the page and the data worker.
import type { PrepareAnswer } from '../data/summary';
import type { ColumnRole, ParsedTable, PrepareOptions } from '../data/types';

export type DataRequest =
  | { type: 'table'; table: ParsedTable }
  | { type: 'prepare'; seq: number; roles: ColumnRole; options: PrepareOptions; suggest: boolean };

export type DataWorkerMessage = { type: 'prepared'; seq: number; answer: PrepareAnswer };
