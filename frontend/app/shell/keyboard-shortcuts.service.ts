import { DestroyRef, Injectable, inject } from '@angular/core';
import { consoleIndexShortcut, isFindShortcut, isNewSessionShortcut, isNewTaskShortcut } from '../console/keys';

/** What the app does for each global shortcut. */
export interface ShortcutActions {
  newSession(): void;
  newTask(): void;
  focusConsole(index: number): void;
  findInConsole(): void;
}

/**
 * The app's global keyboard shortcuts: Ctrl/Cmd+Shift+N (new session), Ctrl/Cmd+Shift+T
 * (new task), Ctrl/Cmd+1..3
 * (focus console), Ctrl/Cmd+Shift+F (find in the focused console). Listens in the
 * capture phase so a focused terminal cannot swallow them. (Escape closing dialogs is
 * MatDialog's own.) In a plain browser tab, Chrome keeps Ctrl+Shift+N for itself.
 */
@Injectable({ providedIn: 'root' })
export class KeyboardShortcutsService {
  private readonly destroyRef = inject(DestroyRef);

  /** Starts listening; stops when the app is destroyed. */
  listen(actions: ShortcutActions, hasOpenDialog: () => boolean): void {
    const handler = (e: KeyboardEvent) => {
      if (e.repeat) return;
      if (isNewSessionShortcut(e)) {
        e.preventDefault();
        e.stopPropagation();
        if (!hasOpenDialog()) actions.newSession();
        return;
      }
      if (isNewTaskShortcut(e)) {
        e.preventDefault();
        e.stopPropagation();
        if (!hasOpenDialog()) actions.newTask();
        return;
      }
      if (hasOpenDialog()) return;
      const index = consoleIndexShortcut(e);
      if (index !== null) {
        e.preventDefault();
        e.stopPropagation();
        actions.focusConsole(index);
      } else if (isFindShortcut(e) && !(e.target instanceof HTMLElement && e.target.classList.contains('xterm-helper-textarea'))) {
        // A focused terminal opens its own find box; from elsewhere, the focused console's.
        e.preventDefault();
        actions.findInConsole();
      }
    };
    document.addEventListener('keydown', handler, { capture: true });
    this.destroyRef.onDestroy(() => document.removeEventListener('keydown', handler, { capture: true }));
  }
}
