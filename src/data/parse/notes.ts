// Plain-language summary of a parse, for the report panel.

import type { ParsedColumn, ParseReport, PivotReport } from '../types';
import { countMissing } from './missing';
import { targetCandidates } from './typing';

const DELIMITER_NAME: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const THOUSANDS_NAME: Record<string, string> = {
  ',': 'comma',
  '.': 'dot',
  ' ': 'space',
  '\u00a0': 'no-break space',
  "'": 'apostrophe',
};

function lineList(lines: number[]): string {
  return lines.length > 8 ? `${lines.slice(0, 8).join(', ')}, …` : lines.join(', ');
}

export function describeParse(report: ParseReport, columns: ParsedColumn[]): string[] {
  const notes: string[] = [];
  const candidates = targetCandidates(columns).map((c) => c.name);
  notes.push(
    `${report.rowCount} rows × ${report.columnCount} columns, ${DELIMITER_NAME[report.delimiter]}-separated, ` +
      `decimal ${report.decimalSeparator === ',' ? 'comma' : 'point'}` +
      (report.thousandsSeparator
        ? `, ${THOUSANDS_NAME[report.thousandsSeparator]} as thousands separator`
        : '') +
      '.',
  );
  notes.push(report.headerDetected ? 'The first row is a header.' : 'No header row: columns are numbered.');
  if (report.bom) notes.push('A byte-order mark at the start of the file was skipped.');
  if (report.encoding !== 'utf-8') notes.push(`Text encoding: ${report.encoding}.`);
  if (report.emptyLinesSkipped > 0) notes.push(`${report.emptyLinesSkipped} blank line(s) skipped.`);
  if (report.footerLines.length > 0) {
    notes.push(
      `${report.footerLines.length} line(s) after the data hold no numbers or dates and were left out as a footer (line ${lineList(report.footerLines)}).`,
    );
  }
  if (report.raggedRowCount > 0) {
    const padded = report.raggedRows.filter((r) => r.action === 'padded').length;
    const truncated = report.raggedRows.length - padded;
    notes.push(
      `${report.raggedRowCount} row(s) do not have ${report.columnCount} fields (line ${lineList(report.raggedRows.map((r) => r.line))}): ` +
        `${padded} short row(s) padded with missing cells, ${truncated} long row(s) cut to ${report.columnCount} fields (the extra fields are kept in the report).`,
    );
  }
  for (const r of report.renamedHeaders) {
    notes.push(
      r.reason === 'empty'
        ? `Column ${r.index + 1} has no name; it is called "${r.renamed}".`
        : `Column ${r.index + 1} repeats the name "${r.original}"; it is called "${r.renamed}".`,
    );
  }
  if (report.quoteProblemLines.length > 0) {
    notes.push(`Unbalanced quotes near line ${lineList(report.quoteProblemLines)}: check those rows.`);
  }
  for (const c of columns) {
    if (c.type === 'datetime' && c.datetime) {
      let s = `"${c.name}": dates read as ${c.datetime.format}`;
      if (c.datetime.orderAmbiguous) s += ' (ambiguous: no day above 12 was found, so day-first was assumed)';
      notes.push(`${s}.`);
    }
    const missing = countMissing(c.missing);
    if (missing > 0 && c.type !== 'empty') notes.push(`"${c.name}": ${missing} missing cell(s).`);
    // text cells in a number or date column are a warning (report.warnings), shown at once, not a note
    if (c.type === 'empty') notes.push(`"${c.name}" is empty.`);
  }
  if (report.categoricalColumns.length > 0) {
    notes.push(
      `Text columns (not usable as features): ${report.categoricalColumns.map((n) => `"${n}"`).join(', ')}.`,
    );
  }
  if (report.longFormat) {
    const { column, series } = report.longFormat;
    notes.push(
      `${series.length} series one below the other, told apart by "${column}" (${series
        .slice(0, 6)
        .map((s) => `${s.name}: ${s.rows} rows`)
        .join(
          ', ',
        )}${series.length > 6 ? ', …' : ''}). "${series[0].name}" is used; pick another under Series.`,
    );
  }
  for (const c of columns) {
    if (c.type !== 'numeric') continue;
    // `?0.2`, `−0.2` from a lossy export: one stray character before a number, most often a lost minus sign
    const lost = c.invalidExamples.filter((e) => /^[^\d\s+\-.,][\d.,]*\d$/.test(e.text.trim()));
    if (lost.length === 0) continue;
    const example = lost[0].text.trim();
    notes.push(
      `"${c.name}": cells like "${example}" (line ${lineList(lost.map((e) => e.line))}) look like ${
        example.slice(1).startsWith('-') ? '' : '−'
      }${example.slice(1)} with a lost minus sign? They are treated as missing; fix them in the file if so.`,
    );
  }
  const target = report.suggestedRoles.targets[0];
  if (target && report.suggestedRoles.targets.length === 1 && candidates.length > 1) {
    notes.push(
      `Several columns could be the target (${candidates.map((c) => `"${c}"`).join(', ')}); "${target}" is chosen. Pick another under Target if you meant it.`,
    );
  }
  for (const c of columns) {
    if (c.datetime?.format === 'YYYY (year)')
      notes.push(`"${c.name}" holds whole years and is read as dates.`);
    if (c.datetime?.format.startsWith('combined from'))
      notes.push(`The date is split over columns; "${c.name}" combines them into one time column.`);
  }
  return notes;
}

/** The line that says a long-format file was pivoted, and what that cost. */
export function pivotNote(pivot: PivotReport, longRows: number, wideRows: number): string {
  const shown = pivot.columns.slice(0, 6).map((c) => `"${c}"`);
  const extra = [
    pivot.rowsWithoutTime > 0 ? `${pivot.rowsWithoutTime} rows without a readable time were left out` : '',
    pivot.duplicates > 0 ? `${pivot.duplicates} repeated (series, time) rows kept their last value` : '',
  ].filter(Boolean);
  return (
    `Pivoted ${pivot.series.length} series told apart by "${pivot.column}" into one column each: ` +
    `${shown.join(', ')}${pivot.columns.length > 6 ? ', …' : ''} (${longRows} rows → ${wideRows}; a series ` +
    `without a row at some time has a missing cell there)${extra.length ? `; ${extra.join('; ')}` : ''}. ` +
    `The ${pivot.series.length === 1 ? 'series is' : `${pivot.series.length} series are`} the targets and the inputs of one model; untick any under Target or Features.`
  );
}
