import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { Session } from '../../../backend/contract/model.js';
import { stateLook } from './session-state';

/**
 * A session's state as a small chip: icon + label (+ optional time in state).
 * `data-state` carries the raw state for tests and styling.
 */
@Component({
  selector: 'cx-state-chip',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'state-chip',
    '[attr.data-state]': 'session().state',
    '[class]': '"tone-" + look().tone',
    '[attr.aria-label]': '"State: " + look().label',
    role: 'status',
  },
  template: `
    <mat-icon aria-hidden="true" [class.spin]="session().state === 'starting'">{{ look().icon }}</mat-icon>
    <span class="label">{{ look().label }}</span>
    @if (elapsed()) {
      <span class="elapsed" data-testid="state-elapsed">· {{ elapsed() }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      height: 22px;
      padding: 0 8px 0 6px;
      border-radius: 11px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      border: 1px solid transparent;
      flex: none;
    }
    mat-icon { font-size: 15px; width: 15px; height: 15px; }
    .elapsed { opacity: 0.8; font-variant-numeric: tabular-nums; }
    :host(.tone-starting) { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface); }
    :host(.tone-running) { background: var(--cx-running-container); color: var(--cx-on-running-container); }
    :host(.tone-quiet) { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    :host(.tone-exited-ok) { background: transparent; border-color: var(--mat-sys-outline-variant); color: var(--mat-sys-on-surface-variant); }
    :host(.tone-exited-fail) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .spin { animation: cx-spin 1.6s linear infinite; }
    @keyframes cx-spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spin { animation: none; } }
  `,
})
export class StateChipComponent {
  readonly session = input.required<Pick<Session, 'state' | 'exitCode' | 'signal'>>();
  /** Pre-formatted time in state; empty hides it. */
  readonly elapsed = input('');
  protected readonly look = computed(() => stateLook(this.session()));
}
