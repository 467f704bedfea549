/** True when the platform's command key is held: Cmd on macOS, Ctrl elsewhere. */
export function hasCommandKey(e: KeyboardEvent): boolean {
  return isMac() ? e.metaKey : e.ctrlKey;
}

/** True on macOS (keyboard hints say ⌘ there). */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}

/** Ctrl/Cmd+Shift+F: open the find box of the focused console. */
export function isFindShortcut(e: KeyboardEvent): boolean {
  return hasCommandKey(e) && e.shiftKey && !e.altKey && e.code === 'KeyF';
}

/** Ctrl/Cmd+Shift+N: the New session dialog. */
export function isNewSessionShortcut(e: KeyboardEvent): boolean {
  return hasCommandKey(e) && e.shiftKey && !e.altKey && e.code === 'KeyN';
}

/** Ctrl/Cmd+Shift+T: the task composer. */
export function isNewTaskShortcut(e: KeyboardEvent): boolean {
  return hasCommandKey(e) && e.shiftKey && !e.altKey && e.code === 'KeyT';
}

/** Ctrl/Cmd+1..3: the console at that position, as a 0-based index; null otherwise. */
export function consoleIndexShortcut(e: KeyboardEvent): number | null {
  if (!hasCommandKey(e) || e.shiftKey || e.altKey) return null;
  const m = /^Digit([1-3])$/.exec(e.code);
  return m ? Number(m[1]) - 1 : null;
}

/** A shortcut label for this platform, e.g. `Ctrl+Shift+N` or `⌘⇧N`. */
export function shortcutLabel(key: string, shift = false): string {
  return isMac() ? `⌘${shift ? '⇧' : ''}${key}` : `Ctrl+${shift ? 'Shift+' : ''}${key}`;
}
