import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Project, Session, Task } from '@contract';
import { statusLook, type StatusLook } from '../tasks/task-format';
import type { SessionBadge } from '../shell/notifications.service';
import type { SessionAction } from './session-action';
import { SessionRowComponent } from './session-row.component';
import { isLive } from './session-state';
import { isTaskGroupOpen, sidebarEntries, taskTitle } from './task-groups';

/** A session's action, with the session it is about. */
export interface SessionActionEvent {
  session: Session;
  action: SessionAction;
}

/**
 * A project in the sidebar: its name and folder, its actions, and its sessions as a list;
 * the agent and gate sessions of a task are gathered under the task's title, a disclosure
 * button (Enter or Space folds and unfolds it) open while the task runs.
 */
@Component({
  selector: 'cx-project-group',
  imports: [NgTemplateOutlet, MatButtonModule, MatIconModule, MatMenuModule, DeferredTooltip, SessionRowComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'project-row', '[attr.data-project-id]': 'project().id' },
  template: `
    <div class="head">
      <mat-icon class="folder" aria-hidden="true">folder</mat-icon>
      <button type="button" class="names" [matTooltip]="'Project details: ' + project().path" matTooltipShowDelay="500" (click)="details.emit()" data-testid="project-open-details">
        <div class="name" data-testid="project-name">{{ project().name }}</div>
        <div class="path" data-testid="project-path">{{ project().path }}</div>
      </button>
      <button mat-icon-button matTooltip="New session here" aria-label="New session in this project" data-testid="project-new-session" (click)="newSession.emit()">
        <mat-icon>add</mat-icon>
      </button>
      <button mat-icon-button [matMenuTriggerFor]="menu" aria-label="Project actions" data-testid="project-menu">
        <mat-icon>more_vert</mat-icon>
      </button>
      <mat-menu #menu="matMenu">
        <button mat-menu-item (click)="newTask.emit()" data-testid="project-new-task"><mat-icon>add_task</mat-icon>New task…</button>
        <button mat-menu-item (click)="details.emit()" data-testid="project-menu-details"><mat-icon>analytics</mat-icon>Project details</button>
        <button mat-menu-item (click)="rename.emit()" data-testid="project-rename"><mat-icon>edit</mat-icon>Rename…</button>
        <button mat-menu-item (click)="clearExited.emit()" [disabled]="exitedCount() === 0" data-testid="project-clear-exited">
          <mat-icon>clear_all</mat-icon>Clear exited sessions ({{ exitedCount() }})…
        </button>
        <button mat-menu-item (click)="remove.emit()" data-testid="project-remove"><mat-icon>delete</mat-icon>Remove from Phantom Cortex…</button>
      </mat-menu>
    </div>
    @if (entries().length) {
      <ul class="entries" role="list" [attr.aria-label]="'Sessions in ' + project().name" data-testid="project-sessions">
        @for (e of entries(); track e.kind === 'task' ? 'task:' + e.task.id : e.session.id) {
          @if (e.kind === 'session') {
            <li>
              <ng-container *ngTemplateOutlet="row; context: { $implicit: e.session }" />
            </li>
          } @else {
            <li class="task" data-testid="task-group" [attr.data-task-id]="e.task.id" [attr.data-status]="e.task.status">
              @let open = isOpen(e.task);
              @let look = taskLook(e.task);
              <button
                type="button"
                class="task-head"
                [attr.aria-expanded]="open"
                [attr.aria-controls]="'task-sessions-' + e.task.id"
                [matTooltip]="e.task.text"
                matTooltipShowDelay="600"
                (click)="toggle(e.task)"
                data-testid="task-group-toggle"
              >
                <mat-icon class="chevron" aria-hidden="true">{{ open ? 'expand_more' : 'chevron_right' }}</mat-icon>
                <mat-icon class="tone" [class]="'tone-' + look.tone" aria-hidden="true">{{ look.icon }}</mat-icon>
                <span class="task-title" data-testid="task-group-title">{{ title(e.task) }}</span>
                <span class="count" aria-hidden="true" data-testid="task-group-count">{{ e.sessions.length }}</span>
                <span class="cx-sr-only">, task, {{ look.label }}, {{ e.sessions.length }} session{{ e.sessions.length === 1 ? '' : 's' }}</span>
              </button>
              @if (open) {
                <ul class="task-sessions" role="list" [id]="'task-sessions-' + e.task.id" [attr.aria-label]="'Sessions of the task ' + title(e.task)" data-testid="task-group-sessions">
                  @for (s of e.sessions; track s.id) {
                    <li><ng-container *ngTemplateOutlet="row; context: { $implicit: s, inTask: true }" /></li>
                  }
                </ul>
              }
            </li>
          }
        }
      </ul>
    } @else {
      <div class="none">No sessions yet.</div>
    }
    <ng-template #row let-s let-inTask="inTask">
      <cx-session-row
        [class.in-task]="!!inTask"
        [session]="s"
        [label]="sessionLabel()(s)"
        [shown]="shownIds().includes(s.id)"
        [focused]="focusedId() === s.id"
        [now]="now()"
        [badge]="badges().get(s.id) ?? null"
        (action)="sessionAction.emit({ session: s, action: $event })"
      />
    </ng-template>
  `,
  styles: `
    :host { display: block; padding: 4px 0 8px; }
    .head {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 0 4px 8px;
      --mat-icon-button-state-layer-size: 32px;
      --mdc-icon-button-state-layer-size: 32px;
    }
    .head button { padding: 4px; width: 32px; height: 32px; color: var(--mat-sys-on-surface-variant); }
    .head button mat-icon { font-size: 20px; width: 20px; height: 20px; }
    .folder { color: var(--mat-sys-primary); flex: none; }
    .names {
      flex: 1;
      min-width: 0;
      padding: 2px 4px;
      margin: 0;
      border: none;
      border-radius: 6px;
      background: transparent;
      color: inherit;
      text-align: left;
      cursor: pointer;
    }
    .names:hover .name { text-decoration: underline; }
    .names:focus-visible { outline: 2px solid var(--mat-sys-primary); }
    .name { font: var(--mat-sys-title-small); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .path { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .entries, .task-sessions { list-style: none; margin: 0; padding: 0; }
    .entries > li > cx-session-row { margin-left: 20px; }
    .task { margin-left: 20px; }
    @container sidebar (max-width: 260px) {
      .entries > li > cx-session-row, .task { margin-left: 8px; }
      .task-sessions { margin-left: 8px; }
    }
    .task-head {
      display: flex;
      align-items: center;
      gap: 4px;
      width: 100%;
      height: 32px;
      padding: 0 8px 0 2px;
      border: none;
      border-radius: 16px;
      background: transparent;
      color: inherit;
      font: var(--mat-sys-label-large);
      text-align: left;
      cursor: pointer;
    }
    .task-head:hover { background: var(--mat-sys-surface-container-high); }
    .task-head:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: -2px; }
    .task-head mat-icon { flex: none; font-size: 18px; width: 18px; height: 18px; }
    .chevron { color: var(--mat-sys-on-surface-variant); }
    .tone-working { color: var(--mat-sys-primary); }
    .tone-ok { color: var(--cx-score-specialization); }
    .tone-fail { color: var(--mat-sys-error); }
    .tone-warn { color: var(--cx-waiting); }
    .task-title { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .count {
      flex: none;
      min-width: 20px;
      padding: 0 6px;
      border-radius: 10px;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-small);
      line-height: 18px;
      text-align: center;
    }
    .task-sessions { margin-left: 10px; padding-left: 2px; border-left: 1px solid var(--mat-sys-outline-variant); }
    .none { margin-left: 40px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); padding: 4px 0; }
  `,
})
export class ProjectGroupComponent {
  readonly project = input.required<Project>();
  readonly sessions = input.required<Session[]>();
  /** Every task (the project's own are picked out). */
  readonly tasks = input<readonly Task[]>([]);
  /** A session's label, e.g. `Shell #2`. */
  readonly sessionLabel = input.required<(s: Session) => string>();
  readonly shownIds = input.required<readonly string[]>();
  readonly focusedId = input<string | null>(null);
  readonly now = input.required<number>();
  /** Unread notifications by session id. */
  readonly badges = input<ReadonlyMap<string, SessionBadge>>(new Map());
  readonly newSession = output<void>();
  /** Open the task composer on this project. */
  readonly newTask = output<void>();
  readonly rename = output<void>();
  readonly remove = output<void>();
  /** Forget the sessions that are no longer running. */
  readonly clearExited = output<void>();
  /** Sessions no longer running and not about to restart. */
  protected readonly exitedCount = computed(() => this.sessions().filter((s) => !isLive(s) && s.restartAt === null).length);
  /** Open the project page (analysis). */
  readonly details = output<void>();
  readonly sessionAction = output<SessionActionEvent>();

  /** The sessions, with each task's gathered into one entry. */
  protected readonly entries = computed(() => sidebarEntries(this.sessions(), this.tasks()));
  /** Task groups the user folded (false) or unfolded (true), by task id. */
  private readonly choices = signal<ReadonlyMap<string, boolean>>(new Map());
  protected readonly title = taskTitle;

  protected isOpen(task: Task): boolean {
    return isTaskGroupOpen(task, this.choices().get(task.id));
  }

  protected toggle(task: Task): void {
    const open = !this.isOpen(task);
    this.choices.update((m) => new Map(m).set(task.id, open));
  }

  protected taskLook(task: Task): StatusLook {
    return statusLook(task);
  }
}
