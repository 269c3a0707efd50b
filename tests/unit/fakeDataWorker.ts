// What the parse worker and the training worker do with tables, in memory: parsing answers with the
// table's view and keeps the table under its id; preparation reads the kept table.
import { parseCsvText } from '../../src/data/parse/parseCsv';
import { type PrepareAnswer, prepareSummary } from '../../src/data/summary';
import { fileFingerprint, tableView } from '../../src/data/table';
import type {
  ColumnRole,
  LoadOutcome,
  ParsedTable,
  ParseOptions,
  ParseOutcome,
  PrepareOptions,
  TableView,
} from '../../src/data/types';

export function fakeDataWorker() {
  const tables = new Map<number, ParsedTable>();
  let ids = 0;
  /** Keeps a parsed table as the training worker would, and answers with its view. */
  const keep = async (outcome: ParseOutcome, text = ''): Promise<LoadOutcome> => {
    if (!outcome.ok) return outcome;
    const id = ++ids;
    tables.set(id, outcome.table);
    const bytes = new TextEncoder().encode(text);
    return {
      ok: true,
      table: tableView(outcome.table, id, await fileFingerprint(bytes.buffer as ArrayBuffer)),
    };
  };
  return {
    tables,
    keep,
    parse: async (text: string, options?: ParseOptions) => keep(await parseCsvText(text, options), text),
    prepare: async (
      view: TableView,
      roles: ColumnRole,
      options: PrepareOptions,
      suggest: boolean,
    ): Promise<PrepareAnswer> => {
      const table = tables.get(view.id);
      if (!table) throw new Error(`no table ${view.id}`);
      return prepareSummary(table, roles, options, suggest);
    },
  };
}
