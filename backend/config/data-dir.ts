import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Folder name of the app's per-user data directory. */
export const APP_DIR_NAME = 'Phantom Cortex';
/** Environment variable that overrides the data directory (tests and scripts use it). */
export const DATA_DIR_ENV = 'CORTEX_DATA_DIR';

/**
 * The per-user application data directory, created when missing (mode 0700).
 * `CORTEX_DATA_DIR` wins; else the OS's location, matching Electron's `app.getPath('userData')`:
 * `%APPDATA%\Phantom Cortex` on Windows, `~/Library/Application Support/Phantom Cortex` on macOS,
 * `$XDG_CONFIG_HOME/Phantom Cortex` (default `~/.config`) elsewhere.
 * @throws Error when the directory cannot be created (the message names the path).
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const dir = dataDirPath(env, platform);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new Error(`Cannot create the data directory ${dir}: ${(err as Error).message}. Set ${DATA_DIR_ENV} to a writable folder.`);
  }
  return dir;
}

/**
 * The data directory's path, as {@link resolveDataDir} has it, without creating it (the CLI
 * only reads it: a mistyped `CORTEX_DATA_DIR` must not leave an empty folder behind).
 */
export function dataDirPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return env[DATA_DIR_ENV] || defaultDataDir(env, platform);
}

/**
 * The OS's per-user application data location for the app (not created), as Electron's
 * `app.getPath('userData')` has it for an app named {@link APP_DIR_NAME}.
 * @param home the user's home folder (default `os.homedir()`)
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: string, home = homedir()): string {
  if (platform === 'win32') return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), APP_DIR_NAME);
}

/** File names inside the data directory. */
export const DATA_FILES = {
  database: 'cortex.sqlite',
  endpoint: 'endpoint.json',
  profiles: 'profiles.json',
  prices: 'prices.json',
  /** Provider API keys sealed by the OS (desktop app only; browser mode keeps them in the keychain itself). */
  sealedKeys: 'provider-keys.sealed.json',
} as const;
