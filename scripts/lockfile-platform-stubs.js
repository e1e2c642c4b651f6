// The package registry reachable here does not serve every platform build of a few native
// packages (@swc/core, @unrs/resolver-binding); npm then leaves them out of package-lock.json and
// `npm ci` refuses the lock (npm/cli#9846). This adds the missing optional entries with their
// os/cpu, so npm ci skips them on other platforms exactly as it would with full metadata.
// Run after `npm install` changes the lock: node scripts/lockfile-platform-stubs.js
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64'];
let added = 0;
for (const [, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const m = /-(darwin|linux|win32|android|freebsd|openharmony)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
    if (!m) continue;
    const [, os, cpu, abi] = m;
    if (!CPUS.includes(cpu)) continue;
    packages[key] = { version, cpu: [cpu], optional: true, os: [os], ...(abi && /musl/.test(abi) ? { libc: ['musl'] } : abi && /gnu/.test(abi) ? { libc: ['glibc'] } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform stub entries`);
