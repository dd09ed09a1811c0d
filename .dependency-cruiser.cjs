/**
 * Layer rules (DESIGN.md §8), checked by `npm run lint:deps` (part of `npm run lint`).
 * dependency-cruiser 17 is the newest major that runs on Node 20 (18 needs Node 22).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'decider-is-pure',
      severity: 'error',
      comment:
        'A decider (decide/evolve) is a pure function of state and command: it imports nothing from NestJS, ' +
        'TypeORM, kafkajs or pg, and nothing from another service.',
      from: { path: '\\.decider\\.ts$' },
      to: {
        path: [
          '(^|/)node_modules/(@nestjs/[^/]+|typeorm|kafkajs|pg)/',
          '^(@nestjs/[^/]+|typeorm|kafkajs|pg)(/|$)', // the same, if it ever fails to resolve
        ],
      },
    },
    {
      name: 'decider-not-to-other-app',
      severity: 'error',
      comment: 'A decider imports nothing from another service (its own aggregate events are fine).',
      from: { path: '^apps/([^/]+)/.+\\.decider\\.ts$' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment: 'Services share only libs/: an app never imports another app (use libs/contracts and the bus).',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      comment: 'Libraries never depend on applications.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    // Project code plus what it resolves into; the bare names keep an unresolvable forbidden import visible.
    includeOnly: ['^(apps|libs|test|bench|node_modules)/', '^(@nestjs/[^/]+|typeorm|kafkajs|pg)(/|$)'],
    exclude: { path: '(^|/)(dist|\\.local|coverage)/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true, // type-only imports count too
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['types', 'module', 'main'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
