// Builds what `npm run serve` / `npm start` need when it is missing or older than its sources.
// Usage: import { buildIfStale } from './build-if-stale.mjs'; await buildIfStale();
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time (ms) of the files below `dir`, skipping node_modules; 0 when missing. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function mtimeOf(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const TARGETS = [
  {
    name: 'backend',
    script: 'build:node',
    output: join(ROOT, 'dist/node/backend/server/serve-main.js'),
    sources: ['backend', 'cli', 'electron'],
  },
  {
    name: 'renderer',
    script: 'build:frontend',
    output: join(ROOT, 'dist/frontend/browser/index.html'),
    sources: ['frontend', 'backend/contract'],
  },
];

/**
 * Runs `npm run build:node` / `npm run build:frontend` for each part whose output is
 * missing or older than its newest source file. Exits the process when a build fails.
 */
export function buildIfStale() {
  for (const t of TARGETS) {
    const built = mtimeOf(t.output);
    const newest = Math.max(...t.sources.map((s) => newestMtime(join(ROOT, s))));
    if (built > 0 && built >= newest) continue;
    console.log(`Building the ${t.name} (${built ? 'sources changed' : 'not built yet'})...`);
    const r = spawnSync('npm', ['run', '--silent', t.script], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) {
      console.error(`Building the ${t.name} failed; see the errors above.`);
      process.exit(r.status ?? 1);
    }
  }
}
