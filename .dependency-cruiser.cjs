// Import rules of src/, checked by `npm run check:deps` (dependency-cruiser; part of `npm run lint`).
// The floor plan is src/README.md's (which folder may import which) and src/nn/README.md's (inside
// nn/); type-only imports count like any other (`tsPreCompilationDeps`), and so do lazy `import()`s.

/** src/README.md: the folders (and top-level files) each folder may import; cli/ may import everything. */
const FLOOR_PLAN = {
  'errors.ts': [],
  io: ['errors.ts', 'geometry'],
  geometry: ['errors.ts', 'io'],
  data: ['errors.ts', 'io', 'geometry'],
  nn: ['errors.ts', 'io', 'geometry', 'data'],
  train: ['errors.ts', 'io', 'geometry', 'data', 'nn', 'render'],
  recon: ['errors.ts', 'io', 'geometry', 'nn'],
  methods: ['errors.ts', 'nn', 'recon', 'train'],
  eval: ['errors.ts', 'io', 'geometry', 'data', 'nn', 'recon', 'methods', 'render'],
  render: ['errors.ts', 'io', 'geometry'],
  web: ['errors.ts', 'io', 'geometry', 'nn', 'recon', 'eval'],
  'index.ts': ['errors.ts', 'io', 'geometry', 'nn', 'recon', 'eval', 'methods'],
};

/** src/nn/README.md: the nn/ folders each nn/ folder may import (models/ holds the files the networks share). */
const NN_FLOOR_PLAN = {
  engine: [],
  ops: ['engine'],
  pcnn: ['engine', 'ops'],
  'models/pcnnOcc': ['engine', 'ops', 'pcnn', 'models/[^/]+\\.ts$'],
  'models/onet': ['engine', 'ops', 'models/[^/]+\\.ts$'],
  'models/[^/]+\\.ts$': ['engine', 'models'],
  serve: ['engine', 'ops', 'pcnn', 'models'],
};

/** `^src/(a|b)` for a list of folders or files; a folder matches itself and what is inside it. */
const under = (base, names) => `^${base}(${names.map((n) => (n.endsWith('$') ? n : `${n}(/|$)`)).join('|')})`;

const floorRules = Object.entries(FLOOR_PLAN).map(([folder, allowed]) => ({
  name: `floor-plan-${folder}`,
  comment: `src/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing of src'} (src/README.md)`,
  severity: 'error',
  from: { path: under('src/', [folder]) },
  to: { path: '^src/', pathNot: under('src/', [folder, ...allowed]) },
}));

const nnRules = Object.entries(NN_FLOOR_PLAN).map(([folder, allowed]) => ({
  name: `nn-floor-plan-${folder.replace(/[^a-zA-Z]+/g, '-')}`,
  comment: `src/nn/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing'} of nn (src/nn/README.md)`,
  severity: 'error',
  from: { path: under('src/nn/', [folder]) },
  to: { path: '^src/nn/', pathNot: under('src/nn/', [folder, ...allowed]) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles in src/, type-only imports included: a shared type gets its own file',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'io-geometry-types-only',
      comment: 'io/ uses geometry/ for the mesh and cloud types alone (src/README.md)',
      severity: 'error',
      from: { path: '^src/io/' },
      to: { path: '^src/geometry/', pathNot: '^src/geometry/(Mesh|PointCloud)\\.ts$' },
    },
    {
      name: 'io-geometry-no-values',
      comment: 'io/ imports the mesh and cloud types only as types (src/README.md)',
      severity: 'error',
      from: { path: '^src/io/' },
      to: { path: '^src/geometry/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'methods-nn-models-only',
      comment: 'the method registry names networks (nn/models), not the engine beneath them (src/README.md)',
      severity: 'error',
      from: { path: '^src/methods/' },
      to: { path: '^src/nn/', pathNot: '^src/nn/models/' },
    },
    ...floorRules,
    ...nnRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(css|html)$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
