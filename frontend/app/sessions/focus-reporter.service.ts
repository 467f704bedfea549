import { DestroyRef, Injectable, computed, effect, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { CortexClient } from '../core/cortex-client';
import { ConsoleLayoutService } from '../consoles/console-layout.service';
import { WindowActivityService } from '../shell/window-activity.service';
import { WorkspaceStore } from './workspace.store';

/**
 * Tells the backend which console the user looks at (`sessions.focus`): the focused
 * console while the window is focused and visible, else null, so the backend raises
 * `session.notify` for the others. A console that gets the focus is marked seen.
 * Sent again after a reconnect (the backend forgets it with the link).
 */
@Injectable({ providedIn: 'root' })
export class FocusReporterService {
  private readonly client = inject(CortexClient);
  private readonly store = inject(WorkspaceStore);
  private readonly layout = inject(ConsoleLayoutService);
  private readonly activity = inject(WindowActivityService);
  /** The session the user looks at now, or null. */
  readonly lookingAt = computed(() => (this.activity.active() ? this.layout.focused() : null));

  constructor() {
    effect(() => this.report(this.lookingAt()));
    // A state change of the looked-at session counts as seen at once.
    effect(() => {
      const id = this.lookingAt();
      if (id !== null && this.store.loaded() && this.store.sessionById().get(id)?.seen === false) this.store.markSeen(id);
    });
    this.client.reconnected$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.report(this.lookingAt()));
  }

  private report(id: string | null): void {
    this.client.call('sessions.focus', { id }).catch(() => undefined);
  }
}
