import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { Project, Session } from '@contract';
import type { SessionBadge } from '../shell/notifications.service';
import type { SessionAction } from './session-action';
import { SessionRowComponent } from './session-row.component';
import { isLive } from './session-state';

/** A session's action, with the session it is about. */
export interface SessionActionEvent {
  session: Session;
  action: SessionAction;
}

/** A project in the sidebar: its name and folder, its actions, and its sessions. */
@Component({
  selector: 'cx-project-group',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule, SessionRowComponent],
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
    @for (s of sessions(); track s.id) {
      <cx-session-row
        [session]="s"
        [label]="sessionLabel()(s)"
        [shown]="shownIds().includes(s.id)"
        [focused]="focusedId() === s.id"
        [now]="now()"
        [badge]="badges().get(s.id) ?? null"
        (action)="sessionAction.emit({ session: s, action: $event })"
      />
    } @empty {
      <div class="none">No sessions yet.</div>
    }
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
    cx-session-row { margin-left: 20px; }
    .none { margin-left: 40px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); padding: 4px 0; }
  `,
})
export class ProjectGroupComponent {
  readonly project = input.required<Project>();
  readonly sessions = input.required<Session[]>();
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
}
