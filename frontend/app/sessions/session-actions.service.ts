import { Injectable, inject } from '@angular/core';
import type { RestartPolicy, Session } from '@contract';
import { ConsoleLayoutService } from '../consoles/console-layout.service';
import { KeptClosedService } from './kept-closed.service';
import { WorkspaceStore } from './workspace.store';
import { DialogsService } from '../shared/dialogs.service';
import { isLive } from './session-state';
import { toUserError } from '../shared/user-error';

/**
 * What the user can do to a session from its menu or its console, with the confirms and
 * the error reports: stop, relaunch (resume or fresh), keep closed, discard, restart policy.
 */
@Injectable({ providedIn: 'root' })
export class SessionActionsService {
  private readonly store = inject(WorkspaceStore);
  private readonly layout = inject(ConsoleLayoutService);
  private readonly dialogs = inject(DialogsService);
  private readonly keptClosed = inject(KeptClosedService);

  /** Stops the session's process group after a confirm. */
  async stop(s: Session): Promise<void> {
    const ok = await this.dialogs.confirm({
      title: 'Stop this session?',
      message: `${this.store.sessionTitle(s)} will be stopped (its whole process group). The console stays open with its last screen.`,
      confirmLabel: 'Stop session',
      destructive: true,
    });
    if (ok) await this.report(() => this.store.killSession(s.id), 'Could not stop the session');
  }

  /** Relaunches a session that is not running (its agent's resume arguments, or `fresh`) and shows its console. */
  async relaunch(s: Session, fresh: boolean): Promise<void> {
    await this.report(async () => {
      await this.store.restoreSession(s.id, fresh);
      await this.layout.show(s.id);
    }, 'Could not relaunch the session');
  }

  /** Keeps a restored session closed: history only, no relaunch offered again. */
  keepClosed(s: Session): void {
    this.keptClosed.keep(s.id);
  }

  /** Forgets a session (stopping it first when it runs) after a confirm. */
  async discard(s: Session): Promise<void> {
    const running = isLive(s);
    const ok = await this.dialogs.confirm({
      title: 'Discard this session?',
      message: running
        ? `${this.store.sessionTitle(s)} is still running: it will be stopped and removed with its history.`
        : `${this.store.sessionTitle(s)} and its saved screen will be removed from the list.`,
      confirmLabel: running ? 'Stop and discard' : 'Discard',
      destructive: true,
    });
    if (ok) await this.report(() => this.store.removeSession(s.id), 'Could not discard the session');
  }

  /** Sets what happens when the session's process fails. */
  async setRestartPolicy(s: Session, policy: RestartPolicy): Promise<void> {
    await this.report(() => this.store.setRestartPolicy(s.id, policy), 'Could not change the restart policy');
  }

  private async report(action: () => Promise<void>, title: string): Promise<void> {
    try {
      await action();
    } catch (err) {
      const e = toUserError(err);
      await this.dialogs.confirm({ title, message: e.hint ? `${e.message} ${e.hint}` : e.message, confirmLabel: 'OK' });
    }
  }
}
