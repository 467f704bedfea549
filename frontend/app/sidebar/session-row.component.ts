import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import type { Session } from '../../../backend/contract/model.js';
import { StateChipComponent } from '../shared/state-chip.component';
import { formatElapsed } from '../state/clock.service';

/** One session in the sidebar: agent, state chip with time in state; click shows its console. */
@Component({
  selector: 'cx-session-row',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, StateChipComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'session-row',
    '[attr.data-session-id]': 'session().id',
    '[class.shown]': 'shown()',
    '[class.focused]': 'focused()',
    '[class.exited]': 'session().state === \'exited\'',
  },
  template: `
    <button type="button" class="main" (click)="open.emit()" [attr.aria-label]="'Show console: ' + label()" data-testid="session-open">
      <span class="marker" aria-hidden="true"></span>
      <span class="agent">{{ label() }}</span>
      <cx-state-chip [session]="session()" [elapsed]="elapsed()" />
    </button>
    <button mat-icon-button class="more" [matMenuTriggerFor]="menu" aria-label="Session actions" data-testid="session-menu">
      <mat-icon>more_vert</mat-icon>
    </button>
    <mat-menu #menu="matMenu">
      <button mat-menu-item (click)="open.emit()"><mat-icon>visibility</mat-icon>Show console</button>
      @if (session().state !== 'exited') {
        <button mat-menu-item (click)="stop.emit()" data-testid="session-stop"><mat-icon>stop_circle</mat-icon>Stop session…</button>
      }
      <button mat-menu-item (click)="remove.emit()" data-testid="session-remove"><mat-icon>delete</mat-icon>Remove from list…</button>
    </mat-menu>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
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
      gap: 8px;
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
  readonly open = output<void>();
  readonly stop = output<void>();
  readonly remove = output<void>();

  protected readonly elapsed = computed(() => formatElapsed(this.now() - this.session().stateSince));
}
