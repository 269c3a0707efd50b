import { usePlayground } from '../../store';
import { columnsLine, countMissingCells } from '../../store/dataSummary';
import { TableScroll } from '../controls/TableScroll';
import { formatInteger } from '../format';

/**
 * What was found in the file: columns with their detected types, cells read as missing (at once, not folded
 * away), a preview of the first rows, the parse notes.
 */
export function DataSummary() {
  const table = usePlayground((s) => s.table);
  const source = usePlayground((s) => s.source);
  if (!table || !source) return null;
  const rows = table.preview;
  return (
    <div className="data-summary">
      <p className="dataset-line" data-testid="dataset-name">
        <strong>{source.name}</strong> · {formatInteger(table.rowCount)} rows ·{' '}
        {columnsLine(table.columns, table.report.columnCount)}
      </p>
      {table.report.warnings.length > 0 && (
        <div className="notice notice--warning" role="status" aria-label="Cells read as missing">
          <ul className="notes">
            {table.report.warnings.map((w) => (
              <li key={w.column}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      <TableScroll label="Preview of the first rows">
        <table className="preview-table" aria-label="Preview of the first rows">
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.name} scope="col">
                  {c.name}
                  <span className={`type-tag type-tag--${c.type}`}>{c.type}</span>
                  {countMissingCells(c) > 0 && (
                    <span className="missing-tag">{formatInteger(countMissingCells(c))} missing</span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((cells, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are positional and never reorder
              <tr key={r}>
                {cells.map((cell, c) => (
                  <td key={table.columns[c].name}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {table.report.notes.length > 0 && (
        <details className="data-details">
          <summary>What was detected in the file</summary>
          <ul className="notes">
            {table.report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
