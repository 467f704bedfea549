#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI, next to (never over) the Node build:
 *   build/native/electron-<electron version>/better_sqlite3.node
 * The desktop app loads that file through better-sqlite3's `nativeBinding` option
 * (electron/native-binding.ts); node_modules/better-sqlite3 keeps its Node build, so
 * `npm test`, browser mode and the CLI are unaffected.
 *
 * How: copy node_modules/better-sqlite3 (its sources and bundled SQLite) to a temp folder,
 * run node-gyp from node_modules there against Electron's headers
 * (`--runtime=electron --target=<version> --dist-url=https://electronjs.org/headers`),
 * copy the addon out. Skipped when the addon is already there.
 *
 * Usage: node scripts/electron-native.mjs [--force] [--arch <arch>]
 * Env: CORTEX_ELECTRON_HEADERS=<dir> builds against Electron headers already on disk
 *      (an extracted node-v<version>-headers.tar.gz from electronjs.org/headers) instead
 *      of downloading them.
 * Exit status: 0 built or present; 1 failed (the message says why and what to do).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Where Electron publishes its headers for node-gyp. */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** Env var naming a folder of Electron headers already on disk (offline builds). */
export const HEADERS_DIR_ENV = 'CORTEX_ELECTRON_HEADERS';
/** File name of the addon (keep in step with electron/native-binding.ts). */
export const NATIVE_ADDON_FILE = 'better_sqlite3.node';
/** Longest the compile may take, in ms (about a minute on two cores). */
const BUILD_TIMEOUT_MS = 20 * 60_000;
/**
 * npm passes its config to scripts as npm_config_* variables, and node-gyp obeys them:
 * a user-level `nodedir` (set on some machines for offline Node builds) would silently
 * build against Node's headers instead of Electron's. None of these may leak in.
 */
const NODE_GYP_ENV_OVERRIDES = /^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|build_from_source)$/i;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Path of the Electron build of the addon for `electronVersion` under a project `root`.
 * The same layout as electron/native-binding.ts `nativeBindingPath(join(root, 'build', 'native'), v)`.
 */
export function nativeOutputPath(projectRoot, electronVersion) {
  return join(projectRoot, 'build', 'native', `electron-${electronVersion}`, NATIVE_ADDON_FILE);
}

/** The installed Electron version (node_modules/electron/package.json). @throws when electron is not installed */
export function electronVersion(projectRoot = root) {
  return JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** Whether node-gyp's output says the headers could not be downloaded. */
export function isHeadersDownloadFailure(output) {
  return /network connectivity|getaddrinfo|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed|socket hang up|headers\.tar\.gz.*(40\d|50\d)|certificate/i.test(output);
}

/** `process.env` minus the npm settings that would redirect node-gyp. */
export function nodeGypEnv(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !NODE_GYP_ENV_OVERRIDES.test(k)));
}

function main() {
  const { values } = parseArgs({ options: { force: { type: 'boolean', default: false }, arch: { type: 'string', default: process.arch } } });
  const version = electronVersion();
  const out = nativeOutputPath(root, version);
  if (existsSync(out) && !values.force) {
    console.log(`better-sqlite3 for Electron ${version}: already built (${relative(root, out)}).`);
    return 0;
  }
  const source = join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(source, 'binding.gyp'))) {
    console.error(`Cannot build better-sqlite3 for Electron: ${source} is missing. Run \`npm ci\` first.`);
    return 1;
  }
  const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  const work = mkdtempSync(join(tmpdir(), 'cortex-electron-native-'));
  try {
    const pkg = join(work, 'better-sqlite3');
    // Sources only: its Node build stays where it is, untouched.
    cpSync(source, pkg, { recursive: true, filter: (p) => !isBuildDir(source, p) });
    const headersDir = process.env[HEADERS_DIR_ENV];
    const args = [
      nodeGyp,
      'rebuild',
      '--release',
      `--target=${version}`,
      `--arch=${values.arch}`,
      '--runtime=electron',
      ...(headersDir ? [`--nodedir=${headersDir}`] : [`--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${join(homedir(), '.electron-gyp')}`]),
    ];
    console.log(`Building better-sqlite3 for Electron ${version} (${process.platform}-${values.arch}); this takes about a minute...`);
    const run = spawnSync(process.execPath, args, {
      cwd: pkg,
      env: nodeGypEnv(),
      encoding: 'utf8',
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    if (run.status !== 0) return explainFailure(version, output, run.error);
    const built = join(pkg, 'build', 'Release', NATIVE_ADDON_FILE);
    if (!existsSync(built)) {
      console.error(`node-gyp reported success but ${NATIVE_ADDON_FILE} is not in build/Release.\n${tail(output)}`);
      return 1;
    }
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(built, out);
    console.log(`better-sqlite3 for Electron ${version}: built (${relative(root, out)}).`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function explainFailure(version, output, error) {
  if (error?.code === 'ETIMEDOUT') {
    console.error(`Building better-sqlite3 for Electron ${version} took longer than ${BUILD_TIMEOUT_MS / 60_000} minutes and was stopped.`);
  } else if (isHeadersDownloadFailure(output)) {
    console.error(
      [
        `Cannot build better-sqlite3 for Electron ${version}: Electron's headers could not be downloaded from ${ELECTRON_HEADERS_URL}`,
        `(no network access to it from this machine). The desktop app needs this build; without it, use browser mode: \`npm run serve\`.`,
        `Offline: extract node-v${version}-headers.tar.gz from ${ELECTRON_HEADERS_URL}/v${version}/ somewhere and set ${HEADERS_DIR_ENV} to that folder.`,
      ].join('\n'),
    );
  } else {
    console.error(
      `Building better-sqlite3 for Electron ${version} failed (a C++ toolchain and python3 are needed). node-gyp said:\n${tail(output)}`,
    );
  }
  return 1;
}

/** `build/` of the package itself (its Node build), not folders deeper down. */
function isBuildDir(source, p) {
  const rel = relative(source, p);
  return rel === 'build' || rel.startsWith(`build${sep}`);
}

function tail(text, lines = 25) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
