// Lists the functions longer than a limit (default 150 lines), longest first, and exits 1 when there are any.
// Usage: node scripts/function-lengths.mjs [--max 150] [dir or file …]   (default: src)
//
// A function's length runs from its first token (its doc comment excluded) to its closing brace, nested
// functions included. zustand slice creators are exempt: a store is one object of state and actions, so the
// function that builds it grows with the slice. A slice creator is a function passed to `create` /
// `createStore` (also curried, `createStore<T>()(fn)`), a function typed `Slice<…>` or `StateCreator<…>`,
// a function returned or produced by one whose return type is one of those, and that outer function itself.
// Syntax only (no type checker), so it runs in a second.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const SLICE_TYPES = new Set(['Slice', 'StateCreator']);
const STORE_FACTORIES = new Set(['create', 'createStore']);

function parseArgs(argv) {
  let max = 150;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max') max = Number(argv[++i]);
    else paths.push(argv[i]);
  }
  if (!Number.isInteger(max) || max < 1) throw new Error('--max takes a positive whole number of lines');
  return { max, paths: paths.length > 0 ? paths : ['src'] };
}

function sourceFiles(path) {
  if (statSync(path).isFile()) return /\.(ts|tsx|mts|mjs|js)$/.test(path) ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .flatMap((name) => sourceFiles(join(path, name)));
}

function isSliceType(typeNode) {
  return (
    typeNode !== undefined &&
    ts.isTypeReferenceNode(typeNode) &&
    SLICE_TYPES.has(typeNode.typeName.getText().split('.').pop())
  );
}

/** `create(fn)`, `createStore(fn)`, `create<T>()(fn)`, `createStore<T>()(fn)`. */
function isStoreFactoryCall(call) {
  let callee = call.expression;
  if (ts.isCallExpression(callee)) callee = callee.expression;
  return ts.isIdentifier(callee) && STORE_FACTORIES.has(callee.text);
}

/** The function whose body contains `node` (for a `return` inside it). */
function enclosingFunction(node) {
  for (let p = node.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return p;
  return undefined;
}

function isSliceCreator(fn) {
  if (isSliceType(fn.type)) return true; // its return type says it makes a slice creator
  const parent = fn.parent;
  if (ts.isCallExpression(parent) && parent.arguments.includes(fn) && isStoreFactoryCall(parent)) return true;
  if (ts.isVariableDeclaration(parent) && parent.initializer === fn && isSliceType(parent.type)) return true;
  // the arrow body of a function typed to return a slice creator: (deps): Slice<T> => (set, get) => …
  if (ts.isArrowFunction(parent) && parent.body === fn && isSliceType(parent.type)) return true;
  if (ts.isReturnStatement(parent)) {
    const outer = enclosingFunction(parent);
    return outer !== undefined && isSliceType(outer.type);
  }
  return false;
}

function functionName(fn) {
  if (fn.name) return fn.name.getText();
  const parent = fn.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText();
  }
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

function longFunctions(file, max) {
  const text = readFileSync(file, 'utf8');
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const visit = (node, owner) => {
    let name = owner;
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      name = owner ? `${owner} › ${functionName(node)}` : functionName(node);
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max && !isSliceCreator(node)) found.push({ file, line: first + 1, lines, name });
    }
    ts.forEachChild(node, (child) => visit(child, name));
  };
  visit(source, '');
  return found;
}

const { max, paths } = parseArgs(process.argv.slice(2));
const offenders = paths
  .flatMap(sourceFiles)
  .flatMap((file) => longFunctions(file, max))
  .sort((a, b) => b.lines - a.lines);

if (offenders.length === 0) {
  console.log(`function-lengths: no function over ${max} lines in ${paths.join(', ')}`);
} else {
  console.log(`function-lengths: ${offenders.length} function(s) over ${max} lines (slice creators exempt):`);
  for (const f of offenders) {
    console.log(`  ${String(f.lines).padStart(4)}  ${relative('.', f.file)}:${f.line}  ${f.name}`);
  }
  process.exitCode = 1;
}
