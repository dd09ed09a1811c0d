/**
 * Layer rules (DESIGN.md §8), checked by `npm run lint:deps` (part of `npm run lint`). Each rule is proved by a
 * planted violation in test/architecture/lint-rules.int-spec.ts.
 * dependency-cruiser 17 is the newest major that runs on Node 20 (18 needs Node 22).
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** What a decider must not reach, directly or through anything it imports (libs included). */
const INFRASTRUCTURE = ['@nestjs/[^/]+', 'typeorm', 'pg', 'kafkajs'];

/**
 * The libraries in layers, lowest first, by package (libs/<name>/). A library's runtime code imports only
 * libraries of lower layers; libraries of one layer do not import each other. The order is today's imports:
 *
 *   0  contracts,                (imports no library: the published language every layer may speak)
 *      disclosure-control        (imports no library: small-cell suppression is arithmetic on counts)
 *   1  event-store               (may read contracts)
 *   2  platform, jurisdictions   (event-store)
 *   3  crypto, messaging,        (crypto: event-store, platform; messaging: contracts, event-store, platform;
 *      scheduling                scheduling: event-store, platform)
 *   4  access                    (contracts, crypto, event-store, platform)
 *   5  testing                   (anything below; only tests import it, see no-test-tooling-in-runtime)
 *
 * A small type moving down (say an integration-event mapper type into event-store or platform, or an append
 * hook) keeps to the order as long as it moves into a lower package than its users. A library not listed here
 * has no layer rule; add it to a layer when it is created.
 */
const LAYERS = [
  ['contracts', 'disclosure-control'],
  ['event-store'],
  ['platform', 'jurisdictions'],
  ['crypto', 'messaging', 'scheduling'],
  ['access'],
  ['testing'],
];

/** Files that are tests (or only serve tests) wherever they sit. */
const TEST_FILES = ['\\.(spec|int-spec)\\.ts$', '(^|/)test/', '(^|/)__fixtures__/'];

const layerRules = LAYERS.flatMap((layer, index) =>
  layer.flatMap((name) => {
    const notBelow = LAYERS.slice(index)
      .flat()
      .filter((other) => other !== name);
    const below = LAYERS.slice(0, index).flat();
    if (notBelow.length === 0) return []; // the top layer may import every other library
    return {
      name: `lib-layer-${name}`,
      severity: 'error',
      comment:
        `libs/${name} is in layer ${index} and imports only ${below.length ? below.join(', ') : 'no library'} ` +
        '(see the layer order at the top of .dependency-cruiser.cjs).',
      from: { path: `^libs/${name}/`, pathNot: TEST_FILES },
      to: { path: `^libs/(${notBelow.join('|')})/` },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'decider-reaches-no-infrastructure',
      severity: 'error',
      comment:
        'A decider (decide/evolve) is a pure function of state and command: neither it nor anything it imports, ' +
        'however indirectly and through libraries too, reaches NestJS, TypeORM, pg, kafkajs, node:crypto or ' +
        '@lead/platform. Import the pure parts of a library (e.g. @lead/event-store/decider), not its barrel.',
      from: { path: '\\.decider\\.ts$' },
      to: {
        reachable: true,
        path: [
          `(^|/)node_modules/(${INFRASTRUCTURE.join('|')})/`,
          `^(${INFRASTRUCTURE.join('|')})(/|$)`, // the same, if it ever fails to resolve
          '^(node:)?crypto$',
          '^libs/platform/',
          '^@lead/platform(/|$)',
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
    ...layerRules,
    {
      name: 'no-test-tooling-in-runtime',
      severity: 'error',
      comment:
        "Test tooling stays out of every service's runtime import graph: code under apps/*/src and libs/*/src " +
        'that is not a spec imports neither @lead/testing (libs/testing) nor @nestjs/testing nor a test/ folder.',
      from: { path: '^(apps|libs)/[^/]+/src/', pathNot: [...TEST_FILES, '^libs/testing/'] },
      to: {
        path: [
          '^libs/testing/',
          '^@lead/testing(/|$)',
          '(^|/)node_modules/@nestjs/testing/',
          '^@nestjs/testing(/|$)',
          '^(apps|libs)/[^/]+/test/',
          '^test/',
        ],
      },
    },
  ],
  options: {
    // Project code plus what it resolves into; the bare names keep an unresolvable forbidden import visible.
    includeOnly: [
      '^(apps|libs|test|bench|node_modules)/',
      `^(${INFRASTRUCTURE.join('|')}|@nestjs/testing)(/|$)`,
      '^@lead/(platform|testing)(/|$)',
      '^(node:)?crypto$',
    ],
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
