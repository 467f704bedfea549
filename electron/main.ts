import { installLastResort, killGroups } from '../backend/server/shutdown.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { APP_DIR_NAME, DATA_DIR_ENV, DATA_FILES, resolveDataDir } from '../backend/config/data-dir.js';
import { EncryptedFileKeychain } from '../backend/secrets/encrypted-file-keychain.js';
import { CortexBackend } from '../backend/service/cortex-backend.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { INDEX_FILE } from './app-files.js';
import { publishCliEndpoint } from './cli-endpoint.js';
import { SafeStorageCipher } from './safe-storage-cipher.js';
import { IpcTransport } from './ipc-transport.js';
import { installMenu } from './menu.js';
import { findNativeBinding } from './native-binding.js';
import { guardSession, guardWebContents } from './web-guards.js';
import { createMainWindow } from './window.js';

/**
 * The desktop app's main process: one instance per data dir, the backend hosted in this
 * process (PTYs, SQLite with its Electron build, the contract over IPC and, for the CLI,
 * over a loopback WebSocket), one sandboxed window on `app://cortex/`. Quitting kills every
 * session's process group before the process exits. See electron/README.md.
 */

const here = dirname(fileURLToPath(import.meta.url));
/** Longest wait for sessions to die and the store to close on quit, in ms. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
const log = (msg: string) => console.log(`[cortex] ${msg}`);

// The data dir names the Chromium profile too, so the single-instance lock is per data
// dir: `CORTEX_DATA_DIR` gives tests and scripts their own instance.
app.setName(APP_DIR_NAME);
app.setPath('userData', process.env[DATA_DIR_ENV] || join(app.getPath('appData'), APP_DIR_NAME));
const dataDir = resolveDataDir({ ...process.env, [DATA_DIR_ENV]: app.getPath('userData') });

registerAppScheme();
app.on('web-contents-created', (_e, contents) => guardWebContents(contents, log));

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this data dir; it gets focus through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app.whenReady().then(start, (err: Error) => fail('Phantom Cortex could not start', err.message));
}

async function start(): Promise<void> {
  const native = findNativeBinding({
    packaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron,
  });
  if ('error' in native) return fail('SQLite is not ready for Electron', native.error);

  const rendererDir = join(app.getAppPath(), 'dist', 'frontend', 'browser');
  if (!existsSync(join(rendererDir, INDEX_FILE))) {
    return fail('The interface is not built', `${join(rendererDir, INDEX_FILE)} is missing. Run \`npm run build\`, then start again.`);
  }

  let backend: CortexBackend;
  try {
    backend = await CortexBackend.create({
      dataDir,
      nativeBinding: native.path,
      keychain: (dir) => new EncryptedFileKeychain(join(dir, DATA_FILES.sealedKeys), new SafeStorageCipher()),
    });
  } catch (err) {
    return fail('Phantom Cortex could not open its data', (err as Error).message);
  }

  // As in browser mode: a fault nothing caught is logged, and every session runs on (Electron
  // would otherwise show a modal error box in the main process and leave it in doubt).
  installLastResort((line, err) => console.error(line, err));
  guardSession(session.defaultSession, log);
  serveAppProtocol(rendererDir, log);
  const ipc = new IpcTransport(backend, log);
  let closeCli: () => Promise<void> = async () => {};
  try {
    closeCli = await publishCliEndpoint(backend);
  } catch (err) {
    log(`the cortex CLI cannot reach this instance: ${(err as Error).message}`);
  }
  installMenu({ appName: APP_DIR_NAME, isDev: !app.isPackaged, dataDir, docs: docsLocation() });
  installQuitHandler(
    async () => {
      ipc.close();
      await closeCli();
      await backend.close();
    },
    () => backend.sessions.list().flatMap((s) => (s.state !== 'exited' && s.pid !== null ? [s.pid] : [])),
  );

  const openWindow = () => {
    mainWindow = createMainWindow({ preload: join(here, 'preload.cjs'), dataDir, icon: iconPath(), log });
    ipc.trust(mainWindow.webContents);
    mainWindow.on('closed', () => (mainWindow = null));
  };
  openWindow();
  // macOS: closing the window keeps the app (and its sessions) running; the Dock reopens it.
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

/**
 * Holds the quit until `shutdown` (kill every PTY, close the store) has finished or
 * {@link SHUTDOWN_TIMEOUT_MS} passed (then every session's process group left gets
 * SIGKILL), then quits for real. SIGINT/SIGTERM/SIGHUP (a
 * terminal's Ctrl-C on `npm start`) take the same path.
 */
function installQuitHandler(shutdown: () => Promise<void>, liveGroups: () => number[]): void {
  // A closed terminal (EIO on stdout) must not crash the quit half-way.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (e) => {
    if (state === 'stopped') return;
    e.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    const timeout = new Promise<void>((r) => setTimeout(() => {
      log(`sessions did not stop within ${SHUTDOWN_TIMEOUT_MS} ms; killing what is left and quitting`);
      killGroups(liveGroups());
      r();
    }, SHUTDOWN_TIMEOUT_MS).unref());
    void Promise.race([shutdown().catch((err: Error) => log(`shutdown: ${err.message}`)), timeout]).then(() => {
      state = 'stopped';
      app.quit();
    });
  });
  // `on`, not `once`: a terminal's Ctrl-C reaches both `npm start` and us, and a second
  // signal without a handler would kill the process before the sessions are stopped.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => app.quit());
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Shows an error box and exits with status 1 (before any session exists). */
function fail(title: string, message: string): void {
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

/** The window icon in a checkout (packaged apps carry theirs in the executable). */
function iconPath(): string | undefined {
  const icon = join(app.getAppPath(), 'build', 'icon.png');
  return !app.isPackaged && existsSync(icon) ? icon : undefined;
}

/** Help → Documentation: package.json's `homepage`, else the README of a checkout. */
function docsLocation(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as { homepage?: unknown };
    if (typeof pkg.homepage === 'string') return pkg.homepage;
  } catch {
    /* no package.json: no homepage */
  }
  const readme = join(app.getAppPath(), 'README.md');
  return existsSync(readme) ? readme : undefined;
}
