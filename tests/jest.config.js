const path = require('node:path');

// One Jest configuration, three tiers. Every suite that touches PostgreSQL or Redis creates its
// own database / key prefix (tests/support), so the tiers can run in parallel.
const swc = [
  path.join(__dirname, 'support/swc-jest-transformer.js'),
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: path.resolve(__dirname, '..'),
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.c?js$': swc },
  // NestJS 12 ships ES modules only; the service runs them through Node's require(esm), and Jest,
  // whose module system cannot, gets them compiled to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@electric-sql)/)'],
  moduleNameMapper: {
    '^@app/config$': '<rootDir>/config/src',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  // Integration and end-to-end suites start databases and processes; speed is measured by the
  // benchmarks, never by timeouts.
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,config}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
    },
  ],
};
