// Runs every CSV in tests/fixtures/csv against the expected parse stored beside it (<name>.expected.json).
// Only the keys written in an expected file are compared, each with deep equality.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../../src/data/parse/parseCsv';
import { rawCell } from '../../../src/data/table';
import type { ParsedTable, ParseOptions } from '../../../src/data/types';

const DIR = 'tests/fixtures/csv';

interface Expected {
  description: string;
  options?: ParseOptions;
  error?: string;
  errorFields?: Record<string, unknown>;
  expect?: {
    report?: Record<string, unknown>;
    columns?: Record<string, unknown>[];
    lineNumbers?: number[];
  };
}

function projectColumn(table: ParsedTable, j: number): Record<string, unknown> {
  const c = table.columns[j];
  const values =
    c.values === null
      ? null
      : Array.from(c.values, (v) =>
          Number.isNaN(v) ? null : c.type === 'datetime' ? new Date(v).toISOString() : v,
        );
  return {
    name: c.name,
    originalName: c.originalName,
    type: c.type,
    values,
    missing: c.missing,
    invalid: c.invalid,
    invalidExamples: c.invalidExamples,
    datetime: c.datetime,
    distinct: c.distinct,
    raw: Array.from({ length: table.rowCount }, (_, r) => rawCell(table, j, r)),
  };
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort();

describe('CSV conformance fixtures', () => {
  test('every fixture has an expected parse', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const f of files) expect(readdirSync(DIR)).toContain(f.replace(/\.csv$/, '.expected.json'));
  });

  for (const file of files) {
    const expected = JSON.parse(
      readFileSync(join(DIR, file.replace(/\.csv$/, '.expected.json')), 'utf8'),
    ) as Expected;
    test(`${file}: ${expected.description}`, async () => {
      // Small chunks so that even these tiny files cross chunk boundaries.
      for (const chunkBytes of [4 * 1024 * 1024, 1024]) {
        const outcome = await parseCsv(new Blob([readFileSync(join(DIR, file))]), {
          ...expected.options,
          chunkBytes,
        });
        if (expected.error) {
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.error.kind).toBe(expected.error);
          expect(outcome.error.message.length).toBeGreaterThan(10);
          for (const [k, v] of Object.entries(expected.errorFields ?? {})) {
            expect((outcome.error as unknown as Record<string, unknown>)[k], k).toEqual(v);
          }
          continue;
        }
        if (!outcome.ok) throw new Error(`${outcome.error.kind}: ${outcome.error.message}`);
        const table = outcome.table;
        const want = expected.expect ?? {};
        for (const [k, v] of Object.entries(want.report ?? {})) {
          expect((table.report as unknown as Record<string, unknown>)[k], `report.${k}`).toEqual(v);
        }
        if (want.columns) {
          expect(table.columns.map((c) => c.name)).toEqual(want.columns.map((c) => c.name));
          want.columns.forEach((wc, j) => {
            const got = projectColumn(table, j);
            for (const [k, v] of Object.entries(wc)) expect(got[k], `${wc.name}.${k}`).toEqual(v);
          });
        }
        if (want.lineNumbers) expect(Array.from(table.lineNumbers)).toEqual(want.lineNumbers);
        expect(table.report.notes.length).toBeGreaterThan(0);
      }
    });
  }
});
