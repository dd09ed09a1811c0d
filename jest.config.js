/** Jest runs in native ESM mode because NestJS 12 packages are ESM-only. */
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }];
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@lead/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@lead/platform/workers$': '<rootDir>/libs/platform/src/lifecycle/workers.ts',
    // The pure subpaths a decider imports (package.json exports): @lead/<lib>/<file> is libs/<lib>/src/<file>.ts.
    '^@lead/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec}.ts'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
