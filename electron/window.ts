import { BrowserWindow, dialog, nativeTheme, screen } from 'electron';
import { APP_START_URL } from './app-origin.js';
import { MIN_SIZE, initialBounds, loadWindowState, saveWindowState } from './window-state.js';

/** Window background before the renderer paints, per theme (matches the renderer's surfaces). */
export const BACKGROUND = { dark: '#121316', light: '#f8f9fb' } as const;
/** Window title until the renderer sets its own. */
export const WINDOW_TITLE = 'Phantom Cortex';
/** A renderer that crashes more often than this within {@link CRASH_WINDOW_MS} is not reloaded again. */
export const MAX_CRASH_RELOADS = 3;
export const CRASH_WINDOW_MS = 60_000;

export interface MainWindowOptions {
  /** Absolute path of the compiled preload (`preload.cjs`). */
  preload: string;
  /** Where the window's size and position are kept. */
  dataDir: string;
  /** Window / taskbar icon (Linux, Windows); none uses the executable's. */
  icon?: string;
  log: (msg: string) => void;
}

/**
 * Creates the cockpit window: sandboxed renderer with context isolation and no Node
 * integration, loading `app://cortex/`; shown once painted (no white flash), with the
 * theme's background meanwhile; size, position and maximized state restored from the
 * last run and saved on close; a crashed renderer is reloaded (sessions live on in the
 * main process and reattach), at most {@link MAX_CRASH_RELOADS} times a minute.
 */
export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const saved = loadWindowState(o.dataDir);
  const bounds = initialBounds(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: WINDOW_TITLE,
    icon: o.icon,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    autoHideMenuBar: false,
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    const [x, y, width, height] = [b.x, b.y, b.width, b.height].map(Math.round) as [number, number, number, number];
    saveWindowState(o.dataDir, { x, y, width, height, maximized: win.isMaximized() });
  });
  reloadAfterCrash(win, o.log);
  askBeforeDiscardingInput(win);
  void win.loadURL(APP_START_URL).catch((err: Error) => o.log(`could not load ${APP_START_URL}: ${err.message}`));
  return win;
}

/**
 * The page refuses to unload while the user holds unsent text (a task being written); a
 * browser asks by itself, Electron leaves the asking to the app: Leave lets the window close
 * or reload, Stay keeps it.
 */
function askBeforeDiscardingInput(win: BrowserWindow): void {
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Leave', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsent text',
      message: 'You have text that was not sent yet.',
      detail: 'Leave and lose it, or stay to finish it?',
    });
    if (choice === 0) event.preventDefault();
  });
}

function reloadAfterCrash(win: BrowserWindow, log: (msg: string) => void): void {
  const crashes: number[] = [];
  win.webContents.on('render-process-gone', (_e, details) => {
    log(`renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const now = Date.now();
    while (crashes.length && now - crashes[0]! > CRASH_WINDOW_MS) crashes.shift();
    crashes.push(now);
    if (crashes.length <= MAX_CRASH_RELOADS) win.webContents.reload();
    else log(`renderer crashed ${crashes.length} times in a minute; not reloading. Use View → Reload.`);
  });
}
