import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { Session } from '../../../backend/contract/model.js';
import { DialogsService } from '../shared/dialogs.service';
import { StateChipComponent } from '../shared/state-chip.component';
import { toUserError } from '../shared/user-error';
import { ClockService, formatElapsed } from '../state/clock.service';
import { ConsoleLayoutService } from '../state/console-layout.service';
import { WorkspaceStore } from '../state/workspace.store';
import { shortcutLabel } from './keys';
import { TerminalViewComponent } from './terminal-view.component';

/**
 * One console: a title bar (project, agent, state; stop, maximize/restore, close) over
 * the session's terminal. Close only hides the console; Stop ends the session after a confirm.
 */
@Component({
  selector: 'cx-console-panel',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, MatTooltipModule, StateChipComponent, TerminalViewComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'console-panel',
    '[attr.data-session-id]': 'session().id',
    '[class.focused]': 'focused()',
    '(focusin)': 'layout.focus(session().id)',
  },
  template: `
    <header class="title-bar" data-testid="console-title" (mousedown)="layout.focus(session().id)">
      <span class="index" [matTooltip]="'Focus: ' + indexShortcut()">{{ index() + 1 }}</span>
      <div class="names" [matTooltip]="projectPath()" matTooltipShowDelay="600">
        <span class="project" data-testid="console-project">{{ projectName() }}</span>
        <span class="dot" aria-hidden="true">·</span>
        <span class="agent" data-testid="console-agent">{{ agentName() }}</span>
      </div>
      <cx-state-chip [session]="session()" [matTooltip]="'In this state for ' + elapsed()" />
      <span class="spacer"></span>
      @if (session().state !== 'exited') {
        <button mat-icon-button matTooltip="Stop session…" aria-label="Stop session" data-testid="console-stop" (click)="stop()">
          <mat-icon>stop_circle</mat-icon>
        </button>
      }
      <button
        mat-icon-button
        [matTooltip]="maximized() ? 'Restore' : 'Maximize'"
        [attr.aria-label]="maximized() ? 'Restore' : 'Maximize'"
        data-testid="console-maximize"
        (click)="layout.toggleMaximize(session().id)"
      >
        <mat-icon>{{ maximized() ? 'close_fullscreen' : 'open_in_full' }}</mat-icon>
      </button>
      <button mat-icon-button matTooltip="Close console (the session keeps running)" aria-label="Close console" data-testid="console-close" (click)="layout.hide(session().id)">
        <mat-icon>close</mat-icon>
      </button>
    </header>
    @if (session().state === 'starting') {
      <mat-progress-bar mode="indeterminate" class="starting" data-testid="console-starting" />
    }
    <cx-terminal class="terminal" [sessionId]="session().id" [active]="focused()" (focusIn)="layout.focus(session().id)" />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
      border-radius: 12px;
      overflow: hidden;
      background: var(--cx-terminal-bg);
      border: 1px solid var(--mat-sys-outline-variant);
      transition: border-color 120ms ease, box-shadow 120ms ease;
    }
    :host(.focused) { border-color: var(--mat-sys-primary); box-shadow: 0 0 0 1px var(--mat-sys-primary); }
    .title-bar {
      display: flex;
      align-items: center;
      gap: 6px;
      height: 44px;
      flex: none;
      padding: 0 4px 0 10px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      cursor: default;
      user-select: none;
      --mat-icon-button-state-layer-size: 32px;
      --mdc-icon-button-state-layer-size: 32px;
    }
    :host(.focused) .title-bar { background: var(--mat-sys-surface-container-high); }
    .title-bar button { padding: 4px; width: 32px; height: 32px; color: var(--mat-sys-on-surface-variant); }
    .title-bar button mat-icon { font-size: 20px; width: 20px; height: 20px; }
    .index {
      display: inline-grid;
      place-items: center;
      width: 20px;
      height: 20px;
      border-radius: 6px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
      flex: none;
    }
    :host(.focused) .index { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .names { display: flex; align-items: baseline; gap: 6px; min-width: 0; overflow: hidden; flex: 0 1 auto; }
    .agent { flex: none; }
    .project { font: var(--mat-sys-title-small); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
    .agent { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); white-space: nowrap; }
    .dot { color: var(--mat-sys-outline); }
    .spacer { flex: 1; }
    .starting { flex: none; --mat-progress-bar-track-height: 2px; --mat-progress-bar-active-indicator-height: 2px; }
    .terminal { flex: 1; }
  `,
})
export class ConsolePanelComponent {
  readonly session = input.required<Session>();
  /** Position from the left, 0-based (for the Ctrl/Cmd+N hint). */
  readonly index = input(0);

  protected readonly layout = inject(ConsoleLayoutService);
  private readonly store = inject(WorkspaceStore);
  private readonly dialogs = inject(DialogsService);
  private readonly clock = inject(ClockService);
  private readonly terminal = viewChild(TerminalViewComponent);

  protected readonly focused = computed(() => this.layout.focused() === this.session().id);
  protected readonly maximized = computed(() => this.layout.maximized() === this.session().id);
  protected readonly projectName = computed(() => this.store.projectById().get(this.session().projectId)?.name ?? 'Unknown project');
  protected readonly projectPath = computed(() => this.store.projectById().get(this.session().projectId)?.path ?? this.session().cwd);
  protected readonly agentName = computed(() => this.store.sessionLabel(this.session()));
  protected readonly elapsed = computed(() => formatElapsed(this.clock.now() - this.session().stateSince));
  protected readonly indexShortcut = computed(() => shortcutLabel(String(this.index() + 1)));

  /** Opens this console's find box. */
  openFind(): void {
    this.terminal()?.openFind();
  }

  protected async stop(): Promise<void> {
    const ok = await this.dialogs.confirm({
      title: 'Stop this session?',
      message: `${this.agentName()} in ${this.projectName()} will be stopped (its whole process group). The console stays open with its last screen.`,
      confirmLabel: 'Stop session',
      destructive: true,
    });
    if (!ok) return;
    try {
      await this.store.killSession(this.session().id);
    } catch (err) {
      await this.dialogs.confirm({ title: 'Could not stop the session', message: describe(err), confirmLabel: 'OK' });
    }
  }
}

function describe(err: unknown): string {
  const e = toUserError(err);
  return e.hint ? `${e.message} ${e.hint}` : e.message;
}
