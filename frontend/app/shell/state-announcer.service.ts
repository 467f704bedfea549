import { LiveAnnouncer } from '@angular/cdk/a11y';
import { Injectable, effect, inject } from '@angular/core';
import type { Session } from '@contract';
import { stateLook } from '../sessions/session-state';
import { WorkspaceStore } from '../sessions/workspace.store';

/**
 * Tells screen readers when a session changes state, once per change ("Shell #1 in
 * my-app: waiting"), through one polite live region. The state chips themselves are not
 * live regions: their time in state ticks every second and would flood a screen reader.
 * The first load is not announced (nothing changed), nor are sessions that appear or go.
 */
@Injectable({ providedIn: 'root' })
export class StateAnnouncerService {
  private readonly store = inject(WorkspaceStore);
  private readonly announcer = inject(LiveAnnouncer);
  /** Last announced state label per session id. */
  private known: Map<string, string> | null = null;

  constructor() {
    effect(() => {
      if (!this.store.loaded()) return;
      this.update(this.store.sessions());
    });
  }

  private update(sessions: readonly Session[]): void {
    const next = new Map(sessions.map((s) => [s.id, stateLook(s).label]));
    const before = this.known;
    this.known = next;
    if (!before) return;
    const lines: string[] = [];
    for (const s of sessions) {
      const was = before.get(s.id);
      const now = next.get(s.id)!;
      if (was === undefined || was === now) continue;
      lines.push(`${this.store.sessionTitle(s)}: ${now}`);
    }
    if (lines.length) void this.announcer.announce(lines.join('. '), 'polite');
  }
}
