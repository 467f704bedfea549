#!/usr/bin/env node
/**
 * `npm start`: the desktop app from a checkout.
 *  1. find Electron's binary (node_modules/electron/path.txt → dist/), trying Electron's own
 *     download once when it is missing; where it cannot be had, say so and point to
 *     browser mode (`npm run serve`), exit 1;
 *  2. `npm run build` when dist/ lacks the main process or the renderer;
 *  3. the Electron build of better-sqlite3 (scripts/electron-native.mjs; skipped when present);
 *  4. launch Electron on this folder, passing on extra arguments; its exit status is ours.
 * The binary is checked first so a machine without it fails in seconds, not after a build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Longest Electron's own download may take, in ms. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** What must exist in dist/ to skip the build. */
const BUILD_OUTPUTS = [join('dist', 'node', 'electron', 'main.js'), join('dist', 'node', 'electron', 'preload.cjs'), join('dist', 'frontend', 'browser', 'index.html')];

/**
 * Path of the Electron executable in node_modules/electron, or null when it has not been
 * downloaded. Reads the files Electron's installer writes; unlike `require('electron')` it
 * never starts a download. Honours `ELECTRON_OVERRIDE_DIST_PATH` like Electron does.
 */
export function electronBinary(projectRoot = root) {
  const pkg = join(projectRoot, 'node_modules', 'electron');
  let relPath;
  try {
    relPath = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    relPath = null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? join(override, relPath || 'electron') : relPath ? join(pkg, 'dist', relPath) : null;
  return exe && existsSync(exe) ? exe : null;
}

/** Message when the binary cannot be had (also used by the Electron e2e test's skip). */
export const NO_ELECTRON_MESSAGE = [
  'The Electron binary could not be downloaded on this machine (node_modules/electron has no dist/),',
  'so the desktop app cannot start here.',
  'Use browser mode instead: `npm run serve`, then open the printed URL.',
  'To retry the download: `node node_modules/electron/install.js` (needs access to github.com).',
].join('\n');

function ensureElectron() {
  const found = electronBinary();
  if (found) return found;
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return null;
  console.log('The Electron binary is missing; trying to download it once...');
  const run = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8', timeout: DOWNLOAD_TIMEOUT_MS });
  if (run.status !== 0 || run.error) {
    const reason = firstLine(run.stderr) || run.error?.message || `exit status ${run.status}`;
    console.error(`Electron's download failed: ${reason}`);
  }
  return electronBinary();
}

function ensureBuild() {
  if (BUILD_OUTPUTS.every((f) => existsSync(join(root, f)))) return true;
  console.log('dist/ is not built yet: running `npm run build`...');
  return runNpm(['run', 'build']) === 0;
}

function ensureNative() {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' });
  return run.status === 0;
}

/** Runs npm with `args` (argv, no shell): the npm that runs this script when there is one. */
function runNpm(args) {
  const npmCli = process.env.npm_execpath;
  const run = npmCli
    ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return run.status ?? 1;
}

function firstLine(text) {
  return (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function main() {
  const electron = ensureElectron();
  if (!electron) {
    console.error(NO_ELECTRON_MESSAGE);
    process.exit(1);
  }
  if (!ensureBuild()) {
    console.error('The build failed; fix the errors above, then `npm start` again.');
    process.exit(1);
  }
  if (!ensureNative()) process.exit(1);
  const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
