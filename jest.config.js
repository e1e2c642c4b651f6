/** Unit tests live beside the code (src/**\/*.spec.ts); e2e tests boot the real app (test/e2e). */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' } }];
const fs = require('node:fs');
const path = require('node:path');

/**
 * NestJS 12 and some of its dependencies ship only as ES modules. The app loads them with Node's
 * require(esm); Jest's module system cannot, so those packages are transpiled to CommonJS.
 */
function esmPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  const visit = (dir, prefix) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@') && !prefix) { visit(path.join(dir, entry.name), entry.name + '/'); continue; }
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, entry.name, 'package.json'), 'utf8'));
        if (pkg.type === 'module') names.push(prefix + entry.name);
      } catch { /* not a package */ }
    }
  };
  visit(root, '');
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // ES-module packages loaded with require() from our code.
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/src/$1' },
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 60000,
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
