import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// Every WGSL file says in its header which TypeScript function it mirrors and which test holds the two
// side by side, so a reader can go from a kernel to its CPU twin and its parity test (and back: the twin's
// name is greppable). The header lines:
//   // CPU twin: <file> <function>[, <function>…] [(note)]
//   // Parity test: <test file>[, <test file>…]

const WGSL_DIRS = ['shaders', 'tests/gpu'];

function wgslFiles(): string[] {
  return WGSL_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.wgsl'))
      .map((f) => join(dir, f)),
  );
}

/** The leading comment block of a WGSL file (its header). */
function header(code: string): string[] {
  const lines = code.split('\n');
  const end = lines.findIndex((l) => !l.startsWith('//') && l.trim() !== '');
  return lines.slice(0, end === -1 ? lines.length : end).filter((l) => l.startsWith('//'));
}

function field(lines: string[], name: string): string | undefined {
  const prefix = `// ${name}: `;
  return lines.find((l) => l.startsWith(prefix))?.slice(prefix.length);
}

describe('WGSL headers', () => {
  const files = wgslFiles();

  test('there are WGSL files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(22);
  });

  test.each(files)('%s names its CPU twin, which exists and defines the named functions', (file) => {
    const twin = field(header(readFileSync(file, 'utf8')), 'CPU twin');
    expect(twin, `${file}: no "// CPU twin: <file> <function>" line in the header`).toBeDefined();
    const match = /^(\S+\.ts) ([\w, ]+?)(?: \(.*\))?$/.exec(twin!);
    expect(match, `${file}: "${twin}" is not "<file> <function>[, <function>…]"`).not.toBeNull();
    const [, path, names] = match!;
    expect(existsSync(path), `${file}: CPU twin ${path} does not exist`).toBe(true);
    const source = readFileSync(path, 'utf8');
    for (const name of names.split(',').map((n) => n.trim())) {
      expect(
        new RegExp(`\\b(function|class|const|let)\\s+${name}\\b`).test(source),
        `${file}: ${path} does not define ${name}`,
      ).toBe(true);
    }
  });

  test.each(files)('%s names its parity tests, which exist', (file) => {
    const tests = field(header(readFileSync(file, 'utf8')), 'Parity test');
    expect(tests, `${file}: no "// Parity test: <test file>" line in the header`).toBeDefined();
    for (const path of tests!.split(',').map((p) => p.trim())) {
      expect(path, `${file}: ${path} is not a test file`).toMatch(/^tests\/.+\.test\.ts$/);
      expect(existsSync(path), `${file}: parity test ${path} does not exist`).toBe(true);
    }
  });
});
