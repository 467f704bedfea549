// Installs the real agent CLIs the live-status tests run (test/agents/package.json and its
// lock file, exact versions) into .cache/agents, never as the app's dependencies. Idempotent:
// skips when the installed lock file equals the manifest's. Exits 0 even when the registry is
// unreachable (the tests then skip, saying why); the reason is written to
// .cache/agents/install-error.txt.
//
//   node scripts/install-test-agents.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'test', 'agents');
const CACHE = join(ROOT, '.cache', 'agents');
const lock = readFileSync(join(MANIFEST, 'package-lock.json'), 'utf8');
const stamp = join(CACHE, '.installed-lock.json');
const errorFile = join(CACHE, 'install-error.txt');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
  console.log(`test agents: already installed in ${CACHE}`);
  process.exit(0);
}
mkdirSync(CACHE, { recursive: true, mode: 0o700 });
rmSync(stamp, { force: true });
rmSync(errorFile, { force: true });
copyFileSync(join(MANIFEST, 'package.json'), join(CACHE, 'package.json'));
copyFileSync(join(MANIFEST, 'package-lock.json'), join(CACHE, 'package-lock.json'));
console.log(`test agents: installing into ${CACHE} (npm ci)`);
const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: CACHE, stdio: 'inherit' });
if (r.status !== 0) {
  writeFileSync(errorFile, `npm ci in ${CACHE} failed with status ${r.status ?? r.signal}`);
  console.error(`test agents: npm ci failed (status ${r.status ?? r.signal}); their tests will skip`);
  process.exit(0);
}
writeFileSync(stamp, lock);
console.log('test agents: installed');
