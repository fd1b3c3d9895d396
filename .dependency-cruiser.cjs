/**
 * The import rules `npm test` enforces (`npm run check:deps`), with dependency-cruiser
 * (https://github.com/sverweij/dependency-cruiser, rules reference:
 * https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md).
 *
 *  - No import cycles in server/src or client/src. A cycle makes the load order decide
 *    what a module sees (an `undefined` class at decoration time, a half-initialised
 *    registry), and it ties files together that can then only change together.
 *    Type-only imports count too (`tsPreCompilationDeps`): they do not run, but a cycle of
 *    types is still two files that cannot be understood or moved one without the other.
 *  - `core` never imports `modules`, on either tier: core is what every module builds on,
 *    and it learns about the modules only through what they register (server: each
 *    module's manifest in its index.ts, assembled in server/src/app-modules.ts).
 *  - Production code in server `core` does not import the composition root or the test
 *    support either (those import the modules, so it would be the same dependency, once
 *    removed). Tests in core may start a whole app through test-support.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'This import is part of a cycle. Break it by moving the shared part down, or by registration (a module registers with core instead of core importing it).',
      from: { path: '^(server|client)/src/' },
      to: { circular: true },
    },
    {
      name: 'server-core-not-to-modules',
      severity: 'error',
      comment: 'server/src/core must not import server/src/modules: let the module register what core needs in its manifest (server/src/core/module.ts).',
      from: { path: '^server/src/core/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'server-core-not-to-composition',
      severity: 'error',
      comment: 'Production code in server/src/core must not import the composition root, the test support, the seed or the entry points: they import the modules.',
      from: { path: '^server/src/core/', pathNot: '[.]test[.]ts$' },
      to: { path: '^server/src/(app-modules|main|schema-cli|migrate-cli|setup-cli)[.]ts$|^server/src/(test-support|seed)/' },
    },
    {
      name: 'client-core-not-to-modules',
      severity: 'error',
      comment: 'client/src/core must not import client/src/modules: core is what the modules build on.',
      from: { path: '^client/src/core/' },
      to: { path: '^client/src/modules/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    // Type-only imports (`import type`, and imports TypeScript would erase) are dependencies too.
    tsPreCompilationDeps: true,
    // Resolve the way each workspace's compiler does (client: bundler resolution, JSX).
    tsConfig: { fileName: 'tsconfig.base.json' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs'],
    },
  },
};
