import { Injectable } from '@angular/core';

/**
 * Text the user typed and has not sent yet (a task being written), so that closing or
 * reloading the window asks first. Parts of the page register a check while they hold
 * such text; the page's `beforeunload` asks the browser (or the desktop app) to confirm
 * when any check says so.
 */
@Injectable({ providedIn: 'root' })
export class UnsentInputService {
  private readonly checks = new Set<() => boolean>();

  constructor() {
    window.addEventListener('beforeunload', (e) => {
      if (!this.any()) return;
      // Both forms: the standard one, and `returnValue` that Chromium still reads.
      e.preventDefault();
      e.returnValue = '';
    });
  }

  /**
   * Registers a check that says whether some text is unsent.
   * @returns a function that removes the check (call it when the part goes away)
   */
  register(hasUnsent: () => boolean): () => void {
    this.checks.add(hasUnsent);
    return () => this.checks.delete(hasUnsent);
  }

  /** True when any registered part holds unsent text. */
  any(): boolean {
    for (const check of this.checks) if (check()) return true;
    return false;
  }
}
