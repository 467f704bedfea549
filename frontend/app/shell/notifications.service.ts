import { DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { EventPayload } from '@contract';
import type { NotifyKind } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { beep } from '../shared/beep';
import { ConsoleLayoutService } from '../consoles/console-layout.service';
import { FocusReporterService } from '../sessions/focus-reporter.service';
import { LocalPrefsService } from './local-prefs.service';
import { MainViewService } from './main-view.service';
import { WorkspaceStore } from '../sessions/workspace.store';

/** The browser's answer about notifications, or `unsupported` where there is no Notification API. */
export type NotifyPermission = NotificationPermission | 'unsupported';

/** What an OS notification says happened, after the session's name. */
const OS_TITLE_WORDS: Record<NotifyKind, string> = { waiting: 'needs you', finished: 'finished', exited: 'exited' };

/** A notification as the session row's badge shows it. */
export interface SessionBadge {
  kind: NotifyKind;
  title: string;
  at: number;
}

/**
 * Turns `session.notify` (and `task.notify`: a task's outcome) events into what the user notices: a badge on the session row
 * (until the user looks at that console), an OS notification through the web Notification
 * API (when the bell is on and the browser allows it; works in Electron's renderer too),
 * and an optional WebAudio beep. Clicking a notification focuses that console.
 * Permission is asked only from the bell's click (a user gesture), never on its own.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsService {
  private readonly client = inject(CortexClient);
  private readonly store = inject(WorkspaceStore);
  private readonly layout = inject(ConsoleLayoutService);
  private readonly focus = inject(FocusReporterService);
  private readonly prefs = inject(LocalPrefsService);
  private readonly view = inject(MainViewService);
  private readonly badgesSignal = signal<ReadonlyMap<string, SessionBadge>>(new Map());
  private readonly permissionSignal = signal<NotifyPermission>(currentPermission());
  private readonly open = new Map<string, Notification>();

  /** Unread notification per session id. */
  readonly badges = this.badgesSignal.asReadonly();
  readonly permission = this.permissionSignal.asReadonly();
  /** The bell is on and the browser allows notifications. */
  readonly enabled = computed(() => this.prefs.value().notifications && this.permissionSignal() === 'granted');

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.client.events('session.notify').pipe(takeUntilDestroyed(destroyRef)).subscribe((n) => this.onNotify(n));
    this.client.events('task.notify').pipe(takeUntilDestroyed(destroyRef)).subscribe((n) => this.onTaskNotify(n));
    // Looking at a console clears its badge and closes its OS notification.
    effect(() => {
      const id = this.focus.lookingAt();
      if (id !== null) this.clear(id);
    });
    // Removed sessions lose their badges.
    effect(() => {
      const known = this.store.sessionById();
      if (!this.store.loaded()) return;
      for (const id of this.badgesSignal().keys()) if (!known.has(id)) this.clear(id);
    });
    destroyRef.onDestroy(() => {
      for (const n of this.open.values()) n.close();
    });
  }

  /**
   * The bell: turns OS notifications on (asking the browser's permission if it was never
   * asked — call this from a click) or off.
   */
  async toggle(): Promise<void> {
    if (this.prefs.value().notifications) {
      this.prefs.set({ notifications: false });
      return;
    }
    if (this.permissionSignal() === 'default') {
      try {
        this.permissionSignal.set(await Notification.requestPermission());
      } catch {
        this.permissionSignal.set(currentPermission());
      }
    }
    this.prefs.set({ notifications: this.permissionSignal() === 'granted' });
  }

  /** Brings a session's console into view (the consoles, not the task board), focuses it and marks it seen. */
  focusSession(id: string): void {
    window.focus();
    this.view.show('consoles');
    void this.layout.show(id);
    this.store.markSeen(id);
    this.clear(id);
  }

  /** Forgets a session's badge and closes its OS notification. */
  clear(id: string): void {
    this.open.get(id)?.close();
    this.open.delete(id);
    if (!this.badgesSignal().has(id)) return;
    this.badgesSignal.update((m) => {
      const next = new Map(m);
      next.delete(id);
      return next;
    });
  }

  private onNotify(n: EventPayload<'session.notify'>): void {
    if (this.focus.lookingAt() === n.sessionId) return;
    this.badgesSignal.update((m) => new Map(m).set(n.sessionId, { kind: n.kind, title: n.title, at: n.at }));
    if (this.prefs.value().sound) beep();
    if (this.enabled()) this.showOsNotification(n);
  }

  /**
   * A task ended (completed, failed, unverified) or switched agents: a beep (when on) and an
   * OS notification titled with the task's text; clicking it brings up the task board.
   */
  private onTaskNotify(n: EventPayload<'task.notify'>): void {
    if (this.prefs.value().sound) beep();
    if (!this.enabled()) return;
    const key = `task:${n.taskId}`;
    try {
      this.open.get(key)?.close();
      const note = new Notification(n.title, { body: n.body, tag: key, silent: true });
      note.onclick = () => {
        window.focus();
        this.view.show('tasks');
        note.close();
      };
      note.onclose = () => {
        if (this.open.get(key) === note) this.open.delete(key);
      };
      this.open.set(key, note);
    } catch {
      // Some platforms allow notifications only from a service worker: the board still shows it.
    }
  }

  /**
   * The OS notification's title: the session's label and project (a notification is read away
   * from the sidebar, where "Shell needs you" could be any of several shells), e.g. `Shell #2
   * in my-app needs you`; the backend's title when the session is not (yet) known here.
   */
  private osTitle(n: EventPayload<'session.notify'>): string {
    const s = this.store.sessionById().get(n.sessionId);
    return s ? `${this.store.sessionTitle(s)} ${OS_TITLE_WORDS[n.kind]}` : n.title;
  }

  private showOsNotification(n: EventPayload<'session.notify'>): void {
    try {
      this.open.get(n.sessionId)?.close();
      const note = new Notification(this.osTitle(n), { body: n.body, tag: n.sessionId, silent: true });
      note.onclick = () => {
        this.focusSession(n.sessionId);
        note.close();
      };
      note.onclose = () => {
        if (this.open.get(n.sessionId) === note) this.open.delete(n.sessionId);
      };
      this.open.set(n.sessionId, note);
    } catch {
      // Some platforms allow notifications only from a service worker: the badge still shows.
    }
  }
}

function currentPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
