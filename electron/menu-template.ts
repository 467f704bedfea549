import type { MenuItemConstructorOptions } from 'electron';

/** Accelerator of File → New Session; the renderer binds the same keys. */
export const NEW_SESSION_ACCELERATOR = 'CmdOrCtrl+Shift+N';

/** What the menu needs from the app; the callbacks keep this file free of Electron at run time. */
export interface MenuOptions {
  /** `process.platform === 'darwin'`: adds the app menu and the macOS Window roles. */
  isMac: boolean;
  /** Development build (`!app.isPackaged`): adds the developer tools. */
  isDev: boolean;
  /** Product name for the app menu's labels. */
  appName: string;
  /** Asks the focused window's renderer to open its New session dialog. */
  newSession(): void;
  /** Opens the data folder in the OS file manager. */
  showDataFolder(): void;
  /** Opens the documentation, when there is one to open. */
  openDocs?: () => void;
}

/**
 * The application menu with the usual shortcuts. Standard actions use Electron roles, so
 * their accelerators and platform behaviour come from Electron; the one app command
 * (New Session) is a key the renderer already handles: on Windows and Linux its
 * accelerator is only displayed (`registerAccelerator: false`) so the key reaches the
 * renderer unchanged; clicking it (and the macOS accelerator) calls `newSession`, which
 * replays the key into the renderer. No channel outside the contract is involved.
 * Pure: type-only Electron import, unit-tested.
 */
export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const appMenu: MenuItemConstructorOptions = {
    label: o.appName,
    submenu: [
      { role: 'about' },
      sep,
      { role: 'services' },
      sep,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Session…', accelerator: NEW_SESSION_ACCELERATOR, registerAccelerator: false, click: () => o.newSession() },
      sep,
      { label: 'Show Data Folder', click: () => o.showDataFolder() },
      ...(o.isMac ? [] : [sep, { role: 'quit' } as MenuItemConstructorOptions]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, sep, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      ...(o.isDev ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: '&Window',
    role: 'windowMenu',
    submenu: o.isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      ...(o.openDocs ? [{ label: 'Documentation', click: () => o.openDocs?.() } as MenuItemConstructorOptions] : []),
      ...(o.isMac ? [] : [{ role: 'about' } as MenuItemConstructorOptions]),
    ],
  };
  return [...(o.isMac ? [appMenu] : []), file, edit, view, window, help];
}
