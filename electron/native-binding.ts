import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the Electron build of better-sqlite3 lives. better-sqlite3 is not Node-API: the
 * build in node_modules serves Node (tests, browser mode, CLI) and stays untouched; the
 * desktop app loads a second build, made for Electron's ABI by
 * `scripts/electron-native.mjs`, through better-sqlite3's `nativeBinding` option.
 * Layout, the same in a checkout and in a packaged app:
 *   `<native root>/electron-<electron version>/better_sqlite3.node`
 * with the native root `build/native` in a checkout and `<resources>/native` when packaged
 * (electron-builder's `extraResources`). Keep in step with `scripts/electron-native.mjs`
 * (a unit test checks they agree). Pure: no Electron import.
 */

/** File name of the addon. */
export const NATIVE_ADDON_FILE = 'better_sqlite3.node';
/** Native root relative to the app root in a checkout. */
export const DEV_NATIVE_ROOT = join('build', 'native');
/** Native root relative to `process.resourcesPath` in a packaged app. */
export const PACKAGED_NATIVE_ROOT = 'native';
/** The command that makes the Electron build, for messages. */
export const NATIVE_BUILD_COMMAND = 'node scripts/electron-native.mjs';

/** Path of the addon for `electronVersion` (e.g. `45.4.1`) under `nativeRoot`. */
export function nativeBindingPath(nativeRoot: string, electronVersion: string): string {
  return join(nativeRoot, `electron-${electronVersion}`, NATIVE_ADDON_FILE);
}

/** Where the app looks for its addon. */
export interface NativeLocation {
  /** `app.isPackaged`. */
  packaged: boolean;
  /** `app.getAppPath()`: the project folder in a checkout. */
  appPath: string;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  /** `process.versions.electron`. */
  electronVersion: string;
}

/**
 * The addon path for this app, or an Error whose message tells the user how to make it.
 * @returns `{ path }` when the file exists, else `{ error }`
 */
export function findNativeBinding(loc: NativeLocation, exists: (p: string) => boolean = existsSync): { path: string } | { error: string } {
  const root = loc.packaged ? join(loc.resourcesPath, PACKAGED_NATIVE_ROOT) : join(loc.appPath, DEV_NATIVE_ROOT);
  const path = nativeBindingPath(root, loc.electronVersion);
  if (exists(path)) return { path };
  return {
    error: loc.packaged
      ? `This installation is missing its SQLite module for Electron ${loc.electronVersion} (${path}). Reinstall Phantom Cortex.`
      : `better-sqlite3 has not been built for Electron ${loc.electronVersion} yet (${path} is missing). Run \`${NATIVE_BUILD_COMMAND}\` (or \`npm start\`, which runs it), then start again.`,
  };
}
