// Shared Jest settings: ESM mode (Nest 12 is ESM-only), @swc/jest with decorator metadata.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
  },
  // `npm test` runs two phases: unit and integration files in parallel, then end-to-end files (which
  // start the whole stack and serve fixed NATS subjects) one at a time. GC_TEST_PHASE picks one.
  testMatch:
    process.env.GC_TEST_PHASE === 'e2e'
      ? ['<rootDir>/**/*.e2e-spec.ts']
      : process.env.GC_TEST_PHASE === 'main'
        ? ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts']
        : ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/fixtures/'],
  globalSetup: '<rootDir>/../../libs/testing/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/../../libs/testing/jest/global-teardown.mjs',
};
