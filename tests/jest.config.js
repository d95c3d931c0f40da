const fs = require('node:fs');
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

/**
 * Packages shipped as ES modules only (NestJS 12 and some of its dependencies). The service
 * loads them through Node's require(esm); Jest's module system cannot, so they are compiled to
 * CommonJS like our own code. Found by reading node_modules, so upgrades need no list to keep.
 */
function esmOnlyPackages() {
  const root = path.resolve(__dirname, '../node_modules');
  const names = [];
  for (const entry of fs.readdirSync(root)) {
    const dirs = entry.startsWith('@')
      ? fs.readdirSync(path.join(root, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of dirs) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8'));
        if (pkg.type === 'module') names.push(name);
      } catch {
        // not a package directory
      }
    }
  }
  return names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

const shared = {
  rootDir: path.resolve(__dirname, '..'),
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.c?js$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages().join('|')})/)`],
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
    {
      ...shared,
      displayName: 'fault',
      testMatch: ['<rootDir>/tests/fault/**/*.fault.ts'],
    },
  ],
};
