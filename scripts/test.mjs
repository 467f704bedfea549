// `npm test`: everything CI runs. Builds (and so type-checks) the backend and the renderer,
// type-checks the unit tests, e2e and bench, checks the layering rules (dependency-cruiser,
// .dependency-cruiser.cjs), runs the unit and integration tests (Vitest: real PTYs, real
// SQLite, real git) and the end-to-end tests (Playwright: the real renderer in Chromium
// against the real backend in browser mode), then prints one closing line:
// "tests: N passed, N failed, N skipped". A failed type-check or layer check counts as one
// failed test each and fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build-if-stale.mjs';

const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

// The test build keeps the terminal test hook the e2e tests read; `npm run build` (what ships) replaces it.
if (run('build', 'npm', ['run', '--silent', 'build:test']) !== 0) {
  console.error('\nThe build failed: no tests were run.');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

for (const [label, script] of [
  ['type-check of the tests, e2e and bench (the build checked the product)', 'typecheck:tests'],
  ['layering rules', 'lint:layers'],
]) {
  if (run(label, 'npm', ['run', '--silent', script]) !== 0) {
    failedSteps.push(script);
    totals.failed += 1;
  }
}

const unitJson = join(RESULTS, 'unit.json');
const unitStatus = run('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]);
const unit = readJson(unitJson);
if (unit) {
  totals.passed += unit.numPassedTests ?? 0;
  totals.failed += unit.numFailedTests ?? 0;
  totals.skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
}
if (unitStatus !== 0) failedSteps.push('unit');

const e2eJson = join(RESULTS, 'e2e.json');
const e2eStatus = run('end-to-end tests', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
const e2e = existsSync(e2eJson) ? readJson(e2eJson) : null;
if (e2e?.stats) {
  totals.passed += e2e.stats.expected ?? 0;
  totals.failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
  totals.skipped += e2e.stats.skipped ?? 0;
}
if (e2eStatus !== 0) failedSteps.push('e2e');

if (failedSteps.length && totals.failed === 0) totals.failed = failedSteps.length;
console.log(`\nScreenshots and reports: ${RESULTS}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
