// After `vite build`: the page's own bundle (the entry chunk and every chunk it imports) holds no WGSL and
// no GPU engine: only the workers do. Exits 1 naming the chunk and what it found.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map((m) => m[1]);
if (entries.length === 0) {
  console.error('check-bundle: no entry script in dist/index.html');
  process.exit(1);
}
const FORBIDDEN = [
  ['WGSL', /@compute|@workgroup_size|var<storage/],
  ['the GPU engine', /createComputePipeline|createShaderModule/],
];
const seen = new Set();
const queue = [...entries];
let failed = false;
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [what, pattern] of FORBIDDEN) {
    if (pattern.test(code)) {
      console.error(`check-bundle: ${file} (main thread) contains ${what}`);
      failed = true;
    }
  }
  // static imports of other chunks (workers are separate entries and are not followed)
  for (const m of code.matchAll(/(?:^|[;\n])import\s*(?:[^'"]*from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(join('assets', m[1]));
  }
}
if (failed) process.exit(1);
console.log(`check-bundle: ${seen.size} main-thread chunk(s), no WGSL and no GPU engine`);
