// Which parts of src may import which. ARCHITECTURE.md explains the layers;
// tests/unit/architecture.test.ts runs these rules with the unit tests.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src, type-only imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'config-is-a-leaf',
      severity: 'error',
      comment: 'src/config holds cells, names, defaults and limits; it imports nothing outside itself.',
      from: { path: '^src/config/' },
      to: { pathNot: '^src/config/' },
    },
    {
      name: 'ui-and-store-stay-off-the-gpu',
      severity: 'error',
      comment: 'Only the worker owns the GPU device: the page never loads GPU code or WGSL.',
      from: { path: '^src/(ui|store)/' },
      to: { path: '^(src/engine/gpu/|shaders/)' },
    },
    {
      name: 'persist-below-store-and-ui',
      severity: 'error',
      comment: 'src/persist is plain data and files; the store and UI call it, never the reverse.',
      from: { path: '^src/persist/' },
      to: { path: '^src/(store|ui)/' },
    },
    {
      name: 'data-and-engine-are-pure',
      severity: 'error',
      comment:
        'src/data and src/engine run in Node tests and in the worker: no React, store, UI, worker or persist.',
      from: { path: '^src/(data|engine)/' },
      to: { path: ['^src/(store|ui|worker|persist)/', '(^|/)node_modules/(react|react-dom)/'] },
    },
    {
      name: 'baselines-are-pure',
      severity: 'error',
      comment: 'src/baselines is numerical code like src/engine: it imports only itself.',
      from: { path: '^src/baselines/' },
      to: { pathNot: '^src/baselines/' },
    },
    {
      name: 'worker-below-store-and-ui',
      severity: 'error',
      comment: 'The worker talks to the page through messages only; it never imports the store or the UI.',
      from: { path: '^src/worker/' },
      to: { path: '^src/(store|ui)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import dependency-cruiser cannot resolve would slip past every rule above.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle still ties two files together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(test|spec)\\.tsx?$' },
  },
};
