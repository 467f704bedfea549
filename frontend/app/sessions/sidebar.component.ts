import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { Project, Session } from '@contract';
import { DialogsService } from '../shared/dialogs.service';
import { SessionActionsService } from './session-actions.service';
import { isLive } from './session-state';
import { toUserError } from '../shared/user-error';
import { ClockService } from '../shell/clock.service';
import { ConsoleLayoutService } from '../consoles/console-layout.service';
import { NotificationsService } from '../shell/notifications.service';
import { WorkspaceStore } from './workspace.store';
import { TaskStore } from '../tasks/task.store';
import { AddFolderComponent } from '../projects/add-folder.component';
import { ProjectGroupComponent, type SessionActionEvent } from './project-group.component';

/** The sidebar: add a folder, then every project with its sessions, a task's gathered under it. */
@Component({
  selector: 'cx-sidebar',
  imports: [MatIconModule, AddFolderComponent, ProjectGroupComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'sidebar', role: 'navigation', 'aria-label': 'Projects and sessions' },
  template: `
    <cx-add-folder class="add" />
    <div class="heading">Projects</div>
    <div class="list">
      @for (p of store.projects(); track p.id) {
        <cx-project-group
          [project]="p"
          [sessions]="store.sessionsByProject().get(p.id) ?? []"
          [tasks]="tasks.tasks()"
          [sessionLabel]="sessionLabel"
          [shownIds]="layout.shown()"
          [focusedId]="layout.focused()"
          [now]="clock.now()"
          [badges]="notifications.badges()"
          (newSession)="newSession.emit(p.id)"
          (newTask)="newTask.emit(p.id)"
          (details)="projectDetails.emit(p.id)"
          (rename)="rename(p)"
          (remove)="remove(p)"
          (clearExited)="clearExited(p)"
          (sessionAction)="onSessionAction($event)"
        />
      } @empty {
        @if (store.loaded()) {
          <div class="empty" data-testid="sidebar-empty">
            <mat-icon aria-hidden="true">folder_open</mat-icon>
            <p>No projects yet.</p>
            <p class="hint">Type the path of a local folder above and press Enter, then start a session in it.</p>
          </div>
        }
      }
    </div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      container: sidebar / inline-size;
      background: var(--mat-sys-surface-container-low);
      border-right: 1px solid var(--mat-sys-outline-variant);
    }
    .add { padding: 16px 16px 4px; }
    @container sidebar (max-width: 260px) { .add { padding: 12px 8px 4px; } .heading { padding-left: 12px; } }
    .heading {
      padding: 12px 20px 4px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .list { flex: 1; overflow: auto; padding: 0 8px 16px; }
    .empty { text-align: center; padding: 32px 16px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .empty mat-icon { font-size: 40px; width: 40px; height: 40px; opacity: 0.7; }
    .empty p { margin: 8px 0 0; }
    .empty .hint { font: var(--mat-sys-body-small); }
  `,
})
export class SidebarComponent {
  /** The user asked for a new session in a project. */
  readonly newSession = output<string>();
  /** The user asked for a new task in a project. */
  readonly newTask = output<string>();
  /** The user asked for a project's page (analysis). */
  readonly projectDetails = output<string>();
  protected readonly store = inject(WorkspaceStore);
  protected readonly layout = inject(ConsoleLayoutService);
  protected readonly clock = inject(ClockService);
  protected readonly notifications = inject(NotificationsService);
  protected readonly tasks = inject(TaskStore);
  private readonly actions = inject(SessionActionsService);
  private readonly dialogs = inject(DialogsService);
  protected readonly sessionLabel = (s: Session): string => this.store.sessionLabel(s);

  protected onSessionAction({ session, action }: SessionActionEvent): void {
    switch (action.kind) {
      case 'open':
        this.notifications.focusSession(session.id);
        return;
      case 'stop':
        void this.actions.stop(session);
        return;
      case 'relaunch':
        void this.actions.relaunch(session, action.fresh);
        return;
      case 'keep-closed':
        this.actions.keepClosed(session);
        return;
      case 'discard':
        void this.actions.discard(session);
        return;
      case 'rename':
        void this.dialogs.rename({
          title: `Rename ${this.store.sessionTitle(session)}`,
          current: this.store.sessionLabel(session),
          save: (name) => this.store.renameSession(session.id, name),
        });
        return;
      case 'restart-policy':
        void this.actions.setRestartPolicy(session, action.policy);
        return;
    }
  }

  protected async rename(p: Project): Promise<void> {
    await this.dialogs.rename({ title: 'Rename project', current: p.name, save: (name) => this.store.renameProject(p.id, name) });
  }

  /**
   * Forgets every session of the project that is no longer running (and is not about to
   * restart), after a confirm. Their saved screens go too, so there is no undo.
   */
  protected async clearExited(p: Project): Promise<void> {
    const done = (this.store.sessionsByProject().get(p.id) ?? []).filter((s) => !isLive(s) && s.restartAt === null);
    if (done.length === 0) return;
    const ok = await this.dialogs.confirm({
      title: `Clear ${done.length} exited session${done.length === 1 ? '' : 's'}?`,
      message: `${done.map((s) => this.store.sessionLabel(s)).join(', ')} will be removed from ${p.name} with their saved screens. Running sessions stay.`,
      confirmLabel: 'Clear',
      destructive: true,
    });
    if (!ok) return;
    const failed: string[] = [];
    for (const s of done) await this.store.removeSession(s.id).catch(() => failed.push(this.store.sessionLabel(s)));
    if (failed.length) await this.dialogs.confirm({ title: 'Some sessions were not cleared', message: `${failed.join(', ')} could not be removed; try again.`, confirmLabel: 'OK' });
  }

  protected async remove(p: Project): Promise<void> {
    const live = (this.store.sessionsByProject().get(p.id) ?? []).filter(isLive).length;
    const ok = await this.dialogs.confirm({
      title: `Remove ${p.name}?`,
      message:
        `Phantom Cortex forgets this project, its sessions and its tasks${live ? `, and stops the ${live} session${live === 1 ? '' : 's'} that still run${live === 1 ? 's' : ''}` : ''}. ` +
        `Worktrees of tasks not yet merged are deleted; task branches with commits stay in the repository. ` +
        `The folder ${p.path} and its files are not touched.`,
      confirmLabel: 'Remove project',
      destructive: true,
    });
    if (!ok) return;
    try {
      await this.store.removeProject(p.id);
    } catch (err) {
      const e = toUserError(err);
      await this.dialogs.confirm({ title: 'Could not remove the project', message: e.hint ? `${e.message} ${e.hint}` : e.message, confirmLabel: 'OK' });
    }
  }
}
