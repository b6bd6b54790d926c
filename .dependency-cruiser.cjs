/**
 * The layer rules of `ts/` (run by `npm run lint`; README "Layers").
 *
 * Folders are layers, listed bottom first. A module may import from its own folder and from the
 * folders below it, never from a folder above it: `forbidden` gets one rule per layer naming the
 * layers above it, so an arrow that runs back up fails even where it closes no cycle. The tooling
 * folders (dev, demo, codegen, tools) sit on top, are not shipped, and no shipped layer imports them.
 */
const LAYERS = [
  'errors', // typed errors
  'files', // package root, atomic writes, locks
  'generated', // ABIs and bytecode (written by npm run build)
  'protocol', // field, shapes (spec, bounds, selection, names), public-input layouts, round context
  'toolchain', // Barretenberg, Noir execution, CRS, Foundry binaries
  'circuit', // bit-exact mirrors of the circuits: model, commitments, witnesses
  'crypto', // Grumpkin, owner key, key stream, registration encryption
  'data', // CSV, fixed point, synthetic data, shipped tables
  'valuation', // per-row values (off-chain)
  'prover', // proving and proof files
  'chain', // the viem client: types, reads, the send pipeline, deployment records
  'round', // round flows: open, register, settle, claim
  'report', // charts
  'terminal', // argument parsing, progress, tables
  'cli', // the zkml command
  'dev', // development helpers (anvil, the Foundry binaries): not shipped
  'demo', // npm run demo: not shipped
  'codegen', // npm run build: not shipped
  'tools', // npm test's runner and other repository tools: not shipped
];

const folder = (name) => `^ts/${name}/`;
const TOOLING = ['dev', 'demo', 'codegen', 'tools'];

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `ts/${layer}/ may import only from itself and the layers below it (${LAYERS.slice(0, i).join(', ') || 'none'}).`,
  severity: 'error',
  from: { path: folder(layer) },
  to: { path: `^ts/(${LAYERS.slice(i + 1).join('|')})/` },
})).filter((rule) => !rule.name.endsWith('-tools'));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-cycle',
      comment: 'No module depends on itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'door-own-layer',
      comment: 'A layer door (ts/<layer>/index.ts) re-exports only its own layer; the package door ts/index.ts composes the doors.',
      severity: 'error',
      from: { path: '^ts/([^/]+)/index\\.ts$' },
      to: { path: '^ts/', pathNot: '^ts/$1/' },
    },
    {
      name: 'package-door-only-doors',
      comment: 'The package door ts/index.ts re-exports layer doors only.',
      severity: 'error',
      from: { path: '^ts/index\\.ts$' },
      to: { path: '^ts/', pathNot: '^ts/[^/]+/index\\.ts$' },
    },
    {
      name: 'cli-through-doors',
      comment: 'The CLI and the demo use the doors an integrator uses: another layer only through its index.ts.',
      severity: 'error',
      from: { path: '^ts/(cli|demo)/' },
      to: { path: '^ts/', pathNot: ['^ts/(cli|demo)/', '^ts/[^/]+/index\\.ts$', '^ts/index\\.ts$'] },
    },
    {
      name: 'shipped-no-tooling',
      comment: 'Shipped code never imports the tooling folders (not in dist/).',
      severity: 'error',
      from: { path: '^ts/', pathNot: `^ts/(${TOOLING.join('|')})/` },
      to: { path: `^ts/(${TOOLING.join('|')})/` },
    },
    {
      name: 'shipped-no-dev-dependency',
      comment: 'Shipped code imports runtime dependencies only (package.json dependencies / peerDependencies).',
      severity: 'error',
      from: { path: '^ts/', pathNot: `^ts/(${TOOLING.join('|')})/` },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'npm-peer'] },
    },
    {
      name: 'known-layer',
      comment: 'Every folder of ts/ is a listed layer (add a new folder to LAYERS in its place).',
      severity: 'error',
      from: { path: '^ts/[^/]+/', pathNot: `^ts/(${LAYERS.join('|')})/` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
