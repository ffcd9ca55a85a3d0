// One Jest run for the whole workspace. Projects:
//  unit        *.spec.ts(x) next to the code, no services;
//  integration *.integration-spec.ts, against the real PostgreSQL (a fresh database per run) and Redis.
const swc = ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'typescript', decorators: true, tsx: true }, transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' }, sourceMaps: 'inline' }];
const moduleNameMapper = {
  '^@retain/rules$': '<rootDir>/libs/rules/src/index.ts',
  '^@retain/segmentation$': '<rootDir>/libs/segmentation/src/index.ts',
  '^@retain/experiments$': '<rootDir>/libs/experiments/src/index.ts',
};
const common = { rootDir: __dirname, transform: { '^.+\\.(t|j)sx?$': swc }, moduleNameMapper, testPathIgnorePatterns: ['/node_modules/', '/dist/'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', setupFilesAfterEnv: ['<rootDir>/libs/testing-setup.ts'], testMatch: ['<rootDir>/{apps/engine,libs}/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'builder',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/builder/src/**/*.spec.{ts,tsx}'],
      setupFiles: ['<rootDir>/apps/builder/src/testing/jest-setup.ts'],
      // @retain/rules runs in the builder too; json-rules-engine's jsonpath-plus has only an ESM "browser" build, so take its CommonJS one
      moduleNameMapper: { ...moduleNameMapper, '\\.css$': '<rootDir>/apps/builder/src/testing/style-stub.ts', '^jsonpath-plus$': '<rootDir>/node_modules/jsonpath-plus/dist/index-browser-umd.cjs' },
    },
    {
      ...common,
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/apps/engine/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/apps/engine/src/testing/global-setup.ts',
      globalTeardown: '<rootDir>/apps/engine/src/testing/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/apps/engine/src/testing/integration-setup.ts'],
    },
  ],
};
