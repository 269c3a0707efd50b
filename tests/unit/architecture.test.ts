// The import rules of ARCHITECTURE.md, checked by dependency-cruiser against .dependency-cruiser.cjs.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

const root = resolve(__dirname, '../..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

function cruise(): { violations: Violation[]; modules: number } {
  const bin = resolve(root, 'node_modules/.bin/depcruise');
  const run = spawnSync(bin, ['--validate', '.dependency-cruiser.cjs', '--output-type', 'json', 'src'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (!run.stdout) throw new Error(`depcruise printed nothing (exit ${run.status}): ${run.stderr}`);
  const { summary } = JSON.parse(run.stdout);
  return { violations: summary.violations, modules: summary.totalCruised };
}

function describe(v: Violation): string {
  const path = v.cycle ? [v.from, ...v.cycle.map((c) => c.name)].join(' → ') : `${v.from} → ${v.to}`;
  return `${v.rule.name}: ${path}`;
}

test('src follows the import rules in .dependency-cruiser.cjs', () => {
  const { violations, modules } = cruise();
  expect(modules).toBeGreaterThan(50); // it really cruised src
  expect(violations.map(describe)).toEqual([]);
});
