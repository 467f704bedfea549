import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { Task } from '@contract';
import { DialogsService } from '../shared/dialogs.service';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError } from '../shared/user-error';
import { ClockService } from '../shell/clock.service';
import { NotificationsService } from '../shell/notifications.service';
import { TaskStore } from './task.store';
import { WorkspaceStore } from '../sessions/workspace.store';
import { AgentStatsTableComponent } from './agent-stats-table.component';
import { TaskCardComponent, type TaskCardAction } from './task-card.component';
import { TaskDialogsService } from './task-dialogs.service';
import { BOARD_COLUMNS } from './task-format';
import { TaskStatsStripComponent } from './task-stats-strip.component';

/**
 * The task board: the dashboard numbers, then the tasks in columns (pending, in progress,
 * done, failed — cancelled ones with the failed), live from `task.updated`, and the
 * per-agent table. Card actions open a session in a console, cancel, retry, or review.
 */
@Component({
  selector: 'cx-task-board',
  imports: [MatButtonModule, MatIconModule, AgentStatsTableComponent, ErrorTextComponent, TaskCardComponent, TaskStatsStripComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'task-board' },
  template: `
    <div class="top">
      <h2>Tasks</h2>
      <span class="spacer"></span>
      <button mat-flat-button data-testid="board-new-task" (click)="dialogs.compose()"><mat-icon>add_task</mat-icon>New task</button>
    </div>
    @if (store.loadError(); as e) {
      <cx-error-text [error]="e" data-testid="board-error" />
    }
    <div class="dashboard">
      @if (stats(); as s) {
        <cx-task-stats-strip [stats]="s" />
      }
      <section class="agents" aria-label="Agents">
        <cx-agent-stats-table [agents]="store.stats()?.perAgent ?? []" [nameOf]="agentName" />
      </section>
    </div>
    <div class="columns">
        @for (c of columns(); track c.id) {
          <section class="column" data-testid="board-column" [attr.data-column]="c.id" [attr.aria-label]="c.title">
            <h3><mat-icon aria-hidden="true">{{ c.icon }}</mat-icon>{{ c.title }}<span class="count" data-testid="board-column-count">{{ c.tasks.length }}</span></h3>
            <div class="cards">
              @for (t of c.tasks; track t.id) {
                <cx-task-card
                  [task]="t"
                  [projectName]="projectName(t)"
                  [agentNameOf]="agentName"
                  [now]="clock.now()"
                  [hasSession]="hasSession(t.sessionId)"
                  [hasGateSession]="hasSession(t.gateSessionId)"
                  (action)="onAction(t, $event)"
                />
              } @empty {
                <div class="empty">None</div>
              }
            </div>
          </section>
        }
    </div>
    @if (store.tasks().length === 0) {
      <div class="intro" data-testid="board-empty">
        <mat-icon aria-hidden="true">assignment</mat-icon>
        <p>No tasks yet. Describe a change in plain words: Phantom Cortex picks an agent, runs it in a git worktree of its own, checks the result with the project's tests and puts it up for review.</p>
      </div>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 10px; padding: 12px 14px; min-width: 0; min-height: 0; overflow: auto; background: var(--mat-sys-surface); }
    .top { display: flex; align-items: center; gap: 12px; }
    h2 { margin: 0; font: var(--mat-sys-title-large); }
    .spacer { flex: 1; }
    .dashboard { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 10px; align-items: stretch; }
    .columns { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; align-items: start; }
    .column { display: flex; flex-direction: column; gap: 8px; padding: 8px; border-radius: 14px; background: var(--mat-sys-surface-container-lowest); border: 1px solid var(--mat-sys-outline-variant); min-height: 120px; }
    h3 { display: flex; align-items: center; gap: 6px; margin: 2px 4px; font: var(--mat-sys-title-small); }
    h3 mat-icon { font-size: 18px; width: 18px; height: 18px; color: var(--mat-sys-primary); }
    .count { margin-left: auto; padding: 0 8px; border-radius: 10px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-highest); font-variant-numeric: tabular-nums; }
    .cards { display: flex; flex-direction: column; gap: 8px; }
    .empty { padding: 12px; text-align: center; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .intro { display: flex; gap: 12px; align-items: center; max-width: 720px; margin: 8px auto; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .intro mat-icon { font-size: 36px; width: 36px; height: 36px; color: var(--mat-sys-primary); flex: none; }
  `,
})
export class TaskBoardComponent {
  protected readonly store = inject(TaskStore);
  protected readonly dialogs = inject(TaskDialogsService);
  protected readonly clock = inject(ClockService);
  private readonly workspace = inject(WorkspaceStore);
  private readonly notifications = inject(NotificationsService);
  private readonly confirm = inject(DialogsService);

  protected readonly columns = computed(() => BOARD_COLUMNS.map((c) => ({ ...c, tasks: this.store.tasks().filter((t) => c.statuses.includes(t.status)) })));
  /** The stats, with active and queued counted from the live task list (the stats are re-read a moment after). */
  protected readonly stats = computed(() => {
    const s = this.store.stats();
    if (!s) return null;
    const tasks = this.store.tasks();
    return { ...s, active: tasks.filter((t) => t.status === 'in_progress').length, queued: tasks.filter((t) => t.status === 'pending').length };
  });
  protected readonly agentName = (id: string): string => this.workspace.agentName(id);

  protected projectName(t: Task): string {
    return this.workspace.projectById().get(t.projectId)?.name ?? 'removed project';
  }

  protected hasSession(id: string | null): boolean {
    return id !== null && this.workspace.sessionById().has(id);
  }

  protected onAction(t: Task, action: TaskCardAction): void {
    switch (action) {
      case 'open-session':
        if (t.sessionId) this.openConsole(t.sessionId);
        return;
      case 'open-gate':
        if (t.gateSessionId) this.openConsole(t.gateSessionId);
        return;
      case 'cancel':
        void this.cancel(t);
        return;
      case 'review':
        this.dialogs.review(t.id);
        return;
      case 'retry':
        this.dialogs.retry(t);
        return;
    }
  }

  /** Switches to the consoles and brings the session's console into view. */
  private openConsole(sessionId: string): void {
    this.notifications.focusSession(sessionId);
  }

  private async cancel(t: Task): Promise<void> {
    const ok = await this.confirm.confirm({
      title: 'Cancel this task?',
      message: `The agent and the quality gate are stopped. The worktree stays until you discard it. "${t.text}"`,
      confirmLabel: 'Cancel task',
      destructive: true,
    });
    if (!ok) return;
    try {
      await this.store.cancel(t.id);
    } catch (err) {
      const e = toUserError(err);
      await this.confirm.confirm({ title: 'Could not cancel the task', message: e.hint ? `${e.message} ${e.hint}` : e.message, confirmLabel: 'OK' });
    }
  }
}
