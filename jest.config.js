/** Jest runs in native ESM mode because NestJS 12 packages are ESM-only. */
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }];
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@lead/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@lead/platform/workers$': '<rootDir>/libs/platform/src/lifecycle/workers.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec}.ts'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
