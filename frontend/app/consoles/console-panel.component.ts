import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Session } from '@contract';
import { BreakerIndicatorComponent } from '../sessions/breaker-indicator.component';
import { RestoredMarkerComponent } from '../sessions/restored-marker.component';
import { SessionActionsService } from '../sessions/session-actions.service';
import { isLive } from '../sessions/session-state';
import { StateChipComponent } from '../sessions/state-chip.component';
import { ClockService, formatElapsed } from '../shell/clock.service';
import { ConsoleLayoutService } from './console-layout.service';
import { KeptClosedService } from '../sessions/kept-closed.service';
import { WorkspaceStore } from '../sessions/workspace.store';
import type { CommandId } from '../shell/commands';
import { CommandService } from '../shell/command.service';
import { RestoredBarComponent } from './restored-bar.component';
import { TerminalViewComponent } from './terminal-view.component';

/**
 * One console: a title bar (project, agent, state with time in state, restored mark,
 * agent breaker; stop or relaunch, maximize/restore, close) over the session's terminal.
 * Close only hides the console; Stop ends the session after a confirm. A restored session
 * that is not running offers relaunch / keep closed / discard above its saved screen.
 */
@Component({
  selector: 'cx-console-panel',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    DeferredTooltip,
    BreakerIndicatorComponent,
    RestoredBarComponent,
    RestoredMarkerComponent,
    StateChipComponent,
    TerminalViewComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'console-panel',
    '[attr.id]': "'console-' + session().id",
    '[attr.data-session-id]': 'session().id',
    '[class.focused]': 'focused()',
    '(focusin)': 'layout.focus(session().id)',
  },
  template: `
    <header class="title-bar" data-testid="console-title" (mousedown)="layout.focus(session().id)">
      <span class="index" [matTooltip]="'Focus: ' + indexShortcut()">{{ index() + 1 }}</span>
      <div class="names" [matTooltip]="projectPath()" matTooltipShowDelay="600">
        <span class="project" data-testid="console-project">{{ projectName() }}</span>
        <span class="agent" data-testid="console-agent">{{ agentName() }}</span>
      </div>
      <cx-state-chip [session]="session()" [elapsed]="elapsed()" />
      @if (session().restoredAt !== null) {
        <cx-restored-marker [session]="session()" />
      }
      @if (breaker(); as b) {
        <cx-breaker-indicator [breaker]="b" />
      }
      <span class="spacer"></span>
      @if (live()) {
        <button mat-icon-button matTooltip="Stop session…" aria-label="Stop session" data-testid="console-stop" (click)="actions.stop(session())">
          <mat-icon>stop_circle</mat-icon>
        </button>
      } @else {
        <button mat-icon-button matTooltip="Relaunch (resume)" aria-label="Relaunch session" data-testid="console-relaunch" (click)="actions.relaunch(session(), false)">
          <mat-icon>replay</mat-icon>
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
    @if (offerRestore()) {
      <cx-restored-bar
        [session]="session()"
        (relaunch)="actions.relaunch(session(), $event)"
        (keepClosed)="actions.keepClosed(session())"
        (discard)="actions.discard(session())"
      />
    }
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
    /* The keyboard is in this console's terminal: a thicker ring (WCAG 2.4.7). */
    :host(:focus-within) { border-color: var(--mat-sys-primary); box-shadow: 0 0 0 2px var(--mat-sys-primary); }
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
      /* The state chip drops its time, then its label, when the console is narrow. */
      container: console-title / inline-size;
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
    /* Project over agent, two lines: each gets the bar's whole free width before it is cut. */
    .names { display: flex; flex-direction: column; justify-content: center; min-width: 40px; overflow: hidden; flex: 0 1 auto; }
    cx-state-chip, cx-restored-marker { min-width: 0; overflow: hidden; flex: 0 0.1 auto; }
    .project, .agent { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
    .project { font: var(--mat-sys-title-small); line-height: 18px; }
    .agent { font: var(--mat-sys-label-small); line-height: 14px; color: var(--mat-sys-on-surface-variant); }
    .spacer { flex: 1; }
    .starting { flex: none; --mat-progress-bar-track-height: 2px; --mat-progress-bar-active-indicator-height: 2px; }
    .terminal { flex: 1; }
    /* A narrow console puts its state and buttons on a second line of the title bar rather
       than cutting the names, the state or the buttons. */
    :host { container: console-panel / inline-size; }
    @container console-panel (max-width: 400px) {
      .title-bar { flex-wrap: wrap; height: auto; min-height: 44px; row-gap: 2px; padding-top: 4px; padding-bottom: 2px; }
      .names { flex: 1 1 calc(100% - 34px); }
      cx-state-chip { flex: none; }
    }
    @container console-panel (max-width: 240px) {
      .title-bar { gap: 2px; padding-right: 2px; }
      .title-bar button { width: 28px; height: 28px; padding: 2px; }
    }
  `,
})
export class ConsolePanelComponent {
  readonly session = input.required<Session>();
  /** Position from the left, 0-based (for the Ctrl/Cmd+N hint). */
  readonly index = input(0);

  protected readonly layout = inject(ConsoleLayoutService);
  protected readonly actions = inject(SessionActionsService);
  private readonly store = inject(WorkspaceStore);
  private readonly clock = inject(ClockService);
  private readonly keptClosed = inject(KeptClosedService);
  private readonly terminal = viewChild(TerminalViewComponent);

  protected readonly focused = computed(() => this.layout.focused() === this.session().id);
  protected readonly maximized = computed(() => this.layout.maximized() === this.session().id);
  protected readonly projectName = computed(() => this.store.projectById().get(this.session().projectId)?.name ?? 'Unknown project');
  protected readonly projectPath = computed(() => this.store.projectById().get(this.session().projectId)?.path ?? this.session().cwd);
  protected readonly agentName = computed(() => this.store.sessionLabel(this.session()));
  protected readonly elapsed = computed(() => formatElapsed(this.clock.now() - this.session().stateSince));
  private readonly commands = inject(CommandService);
  protected readonly indexShortcut = computed(() => this.commands.shortcut(`console.focus${this.index() + 1}` as CommandId) || 'the command palette');
  protected readonly live = computed(() => isLive(this.session()));
  /** The agent's breaker, when it is not closed. */
  protected readonly breaker = computed(() => {
    const b = this.store.agentById().get(this.session().agent)?.breaker;
    return b && b.state !== 'closed' ? b : null;
  });
  /** A restored session that is not running and the user has not chosen to keep closed. */
  protected readonly offerRestore = computed(
    () => this.session().restoredAt !== null && !this.live() && !this.keptClosed.ids().has(this.session().id),
  );

  /** Opens this console's find box. */
  openFind(): void {
    this.terminal()?.openFind();
  }

  /** Gives this console's terminal the keyboard focus. */
  focusTerminal(): void {
    this.terminal()?.focus();
  }

  /** Runs a terminal command (copy, paste, select all, clear, find) on this console's terminal. */
  runTerminalCommand(id: CommandId): void {
    this.terminal()?.runCommand(id);
  }
}
