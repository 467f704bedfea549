import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { NEW_SESSION_ACCELERATOR, menuTemplate, type MenuOptions } from './menu-template.js';

const options = (o: Partial<MenuOptions> = {}): MenuOptions => ({
  isMac: false,
  isDev: false,
  appName: 'Phantom Cortex',
  newSession: vi.fn(),
  showDataFolder: vi.fn(),
  ...o,
});

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((m) => [m, ...items((m.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
}
const roles = (t: MenuItemConstructorOptions[]) => items(t).map((i) => i.role).filter(Boolean);

describe('menuTemplate', () => {
  it('has File, Edit, View, Window, Help; the app menu only on macOS', () => {
    expect(menuTemplate(options()).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(menuTemplate(options({ isMac: true }))[0]!.label).toBe('Phantom Cortex');
  });

  it('New Session shows the renderer shortcut and replays it on click', () => {
    const o = options();
    const item = items(menuTemplate(o)).find((i) => i.label === 'New Session…')!;
    expect(item.accelerator).toBe(NEW_SESSION_ACCELERATOR);
    expect(item.registerAccelerator).toBe(false);
    (item.click as () => void)();
    expect(o.newSession).toHaveBeenCalledOnce();
  });

  it('uses roles for the standard edit, view and window actions', () => {
    const r = roles(menuTemplate(options()));
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'forceReload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'quit']) {
      expect(r, role).toContain(role);
    }
  });

  it('offers the developer tools only in development', () => {
    expect(roles(menuTemplate(options()))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate(options({ isDev: true })))).toContain('toggleDevTools');
  });

  it('shows Help → Documentation only when there are docs to open', () => {
    const find = (o: MenuOptions) => items(menuTemplate(o)).find((i) => i.label === 'Documentation');
    expect(find(options())).toBeUndefined();
    const openDocs = vi.fn();
    (find(options({ openDocs }))!.click as () => void)();
    expect(openDocs).toHaveBeenCalledOnce();
  });
});
