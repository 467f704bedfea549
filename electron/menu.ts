import { BrowserWindow, Menu, shell, type WebContents } from 'electron';
import { isExternalLink } from './navigation-policy.js';
import { menuTemplate } from './menu-template.js';

/** What {@link installMenu} needs to know. */
export interface InstallMenuOptions {
  appName: string;
  isDev: boolean;
  dataDir: string;
  /** An http(s) URL or a local file of documentation; none hides Help → Documentation. */
  docs?: string;
}

/** Builds the application menu (see `menu-template.ts`) and installs it. */
export function installMenu(o: InstallMenuOptions): void {
  const docs = o.docs;
  const template = menuTemplate({
    isMac: process.platform === 'darwin',
    isDev: o.isDev,
    appName: o.appName,
    newSession: () => {
      const contents = BrowserWindow.getFocusedWindow()?.webContents ?? BrowserWindow.getAllWindows()[0]?.webContents;
      if (contents) pressNewSessionKeys(contents);
    },
    showDataFolder: () => void shell.openPath(o.dataDir),
    openDocs: docs ? () => void (isExternalLink(docs) ? shell.openExternal(docs) : shell.openPath(docs)) : undefined,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/**
 * Replays Ctrl+Shift+N (Cmd+Shift+N on macOS) into the renderer, which opens its New
 * session dialog on that key: the menu reuses the renderer's own shortcut instead of a
 * message outside the contract.
 */
export function pressNewSessionKeys(contents: WebContents): void {
  const modifiers: ('shift' | 'control' | 'meta')[] = ['shift', process.platform === 'darwin' ? 'meta' : 'control'];
  contents.focus();
  contents.sendInputEvent({ type: 'keyDown', keyCode: 'N', modifiers });
  contents.sendInputEvent({ type: 'keyUp', keyCode: 'N', modifiers });
}
