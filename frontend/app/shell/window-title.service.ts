import { Injectable, computed, effect, inject } from '@angular/core';
import { WorkspaceStore } from '../sessions/workspace.store';

/** The app's name, the page title when nothing waits. */
export const APP_TITLE = 'Phantom Cortex';

/** Keeps the page (window) title counting the sessions waiting for the user: `(2) Phantom Cortex`. */
@Injectable({ providedIn: 'root' })
export class WindowTitleService {
  private readonly store = inject(WorkspaceStore);
  /** Sessions in state `waiting`. */
  readonly waiting = computed(() => this.store.sessions().filter((s) => s.state === 'waiting').length);

  constructor() {
    effect(() => {
      const n = this.waiting();
      document.title = n > 0 ? `(${n}) ${APP_TITLE}` : APP_TITLE;
    });
  }
}
