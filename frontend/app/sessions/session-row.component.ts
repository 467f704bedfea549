import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Session } from '@contract';
import { RestoredMarkerComponent } from './restored-marker.component';
import { isLive } from './session-state';
import { StateChipComponent } from './state-chip.component';
import { formatClock } from '../shared/time-format';
import { formatElapsed } from '../shell/clock.service';
import type { SessionBadge } from '../shell/notifications.service';
import type { SessionAction } from './session-action';

/** Words of a notification badge by kind. */
const BADGE_TEXT: Record<SessionBadge['kind'], string> = { waiting: 'needs you', finished: 'finished', exited: 'exited' };

/**
 * One session in the sidebar: agent, state chip with time in state, a notification badge
 * until the user looks at it, a "restored" mark; click shows its console. Its menu holds
 * the session's actions (stop, relaunch, keep closed, discard, restart policy).
 */
@Component({
  selector: 'cx-session-row',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, DeferredTooltip, RestoredMarkerComponent, StateChipComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'session-row',
    '[attr.data-session-id]': 'session().id',
    '[attr.data-state]': 'session().state',
    '[class.shown]': 'shown()',
    '[class.focused]': 'focused()',
    '[class.exited]': '!live()',
  },
  template: `
    <button type="button" class="main" (click)="action.emit({ kind: 'open' })" matTooltip="Show console" matTooltipShowDelay="800" data-testid="session-open">
      <span class="marker" aria-hidden="true"></span>
      <span class="agent">{{ label() }}</span>
      @if (badge(); as b) {
        <mat-icon
          class="badge"
          [class]="'badge-' + badgeLook().tone"
          data-testid="notify-badge"
          [attr.data-kind]="b.kind"
          [matTooltip]="b.title + ' at ' + badgeTime()"
          [attr.aria-label]="'Notification: ' + badgeLook().text"
          >{{ badgeLook().icon }}</mat-icon
        >
      }
      @if (session().restoredAt !== null) {
        <cx-restored-marker [session]="session()" [compact]="true" />
      }
      <cx-state-chip [session]="session()" [elapsed]="elapsed()" />
    </button>
    <button mat-icon-button class="more" [matMenuTriggerFor]="menu" aria-label="Session actions" data-testid="session-menu">
      <mat-icon>more_vert</mat-icon>
    </button>
    <mat-menu #menu="matMenu">
      <button mat-menu-item (click)="action.emit({ kind: 'open' })"><mat-icon>visibility</mat-icon>Show console</button>
      @if (live()) {
        <button mat-menu-item (click)="action.emit({ kind: 'stop' })" data-testid="session-stop"><mat-icon>stop_circle</mat-icon>Stop session…</button>
      } @else {
        <button mat-menu-item (click)="action.emit({ kind: 'relaunch', fresh: false })" data-testid="session-relaunch"><mat-icon>replay</mat-icon>Relaunch (resume)</button>
        <button mat-menu-item (click)="action.emit({ kind: 'relaunch', fresh: true })" data-testid="session-relaunch-fresh"><mat-icon>restart_alt</mat-icon>Relaunch fresh</button>
        @if (session().restoredAt !== null) {
          <button mat-menu-item (click)="action.emit({ kind: 'keep-closed' })" data-testid="session-keep-closed"><mat-icon>inventory_2</mat-icon>Keep closed</button>
        }
      }
      <button mat-menu-item (click)="action.emit({ kind: 'rename' })" data-testid="session-rename"><mat-icon>edit</mat-icon>Rename…</button>
      <button mat-menu-item (click)="action.emit({ kind: 'restart-policy', policy: nextPolicy() })" data-testid="session-restart-policy">
        <mat-icon>{{ session().restartPolicy === 'on-failure' ? 'check_box' : 'check_box_outline_blank' }}</mat-icon>Restart on failure
      </button>
      <button mat-menu-item (click)="action.emit({ kind: 'discard' })" data-testid="session-remove"><mat-icon>delete</mat-icon>Discard…</button>
    </mat-menu>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      container: session-row / inline-size;
      border-radius: 20px;
      margin: 1px 0;
      --mat-icon-button-state-layer-size: 32px;
      --mdc-icon-button-state-layer-size: 32px;
    }
    :host(:hover) { background: var(--mat-sys-surface-container-high); }
    :host(.exited) .agent { color: var(--mat-sys-on-surface-variant); }
    :host(.shown) .marker { background: var(--mat-sys-outline); }
    :host(.focused) { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    :host(.focused) .marker { background: var(--mat-sys-primary); }
    .main {
      flex: 1;
      min-width: 0;
      display: flex;
      align-items: center;
      gap: 6px;
      height: 36px;
      padding: 0 4px 0 12px;
      border: none;
      background: transparent;
      color: inherit;
      font: var(--mat-sys-body-medium);
      cursor: pointer;
      text-align: left;
      border-radius: 18px;
    }
    .main:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: -2px; }
    .marker { width: 6px; height: 6px; border-radius: 50%; flex: none; background: transparent; }
    .agent { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .badge { flex: none; font-size: 18px; width: 18px; height: 18px; color: var(--mat-sys-primary); font-variation-settings: 'FILL' 1; }
    .badge-waiting { color: var(--cx-waiting); }
    .badge-failed { color: var(--mat-sys-error); }
    /* Under a task in a narrow sidebar, the state moves below the name rather than cut it. */
    @container sidebar (max-width: 260px) {
      :host(.in-task) .main { flex-wrap: wrap; height: auto; min-height: 36px; padding-top: 4px; padding-bottom: 4px; row-gap: 2px; }
      :host(.in-task) .agent { flex-basis: calc(100% - 12px); }
    }
    .more { flex: none; padding: 4px; width: 32px; height: 32px; opacity: 0.6; }
    :host(:hover) .more, .more:focus-visible { opacity: 1; }
    .more mat-icon { font-size: 20px; width: 20px; height: 20px; }
  `,
})
export class SessionRowComponent {
  readonly session = input.required<Session>();
  /** What the row says, e.g. `Shell #2`. */
  readonly label = input.required<string>();
  /** Its console is on screen. */
  readonly shown = input(false);
  /** Its console has focus. */
  readonly focused = input(false);
  /** Current time, ms since the epoch (ticks). */
  readonly now = input.required<number>();
  /** An unread notification, if any. */
  readonly badge = input<SessionBadge | null>(null);
  readonly action = output<SessionAction>();

  protected readonly live = computed(() => isLive(this.session()));
  protected readonly elapsed = computed(() => formatElapsed(this.now() - this.session().stateSince));
  protected readonly nextPolicy = computed(() => (this.session().restartPolicy === 'on-failure' ? 'never' : 'on-failure'));
  /**
   * How the badge looks: a program that exited with code 0 finished well and gets the
   * success look, not the failure colour; a non-zero code or a signal is a failure.
   */
  protected readonly badgeLook = computed((): { tone: 'waiting' | 'finished' | 'failed'; icon: string; text: string } => {
    const b = this.badge();
    if (!b) return { tone: 'finished', icon: '', text: '' };
    if (b.kind === 'waiting') return { tone: 'waiting', icon: 'notifications_active', text: BADGE_TEXT.waiting };
    if (b.kind === 'finished') return { tone: 'finished', icon: 'notifications', text: BADGE_TEXT.finished };
    const s = this.session();
    const ok = s.exitCode === 0 && s.signal === null;
    return ok
      ? { tone: 'finished', icon: 'check_circle', text: 'exited with code 0' }
      : { tone: 'failed', icon: 'error', text: s.signal !== null ? `ended by signal ${s.signal}` : `exited with code ${s.exitCode ?? '?'}` };
  });
  protected readonly badgeTime = computed(() => formatClock(this.badge()?.at ?? 0));
}
