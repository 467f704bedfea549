import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { Session } from '@contract';
import { formatDateTime } from '../shared/time-format';

/**
 * Shown over the console of a session restored from the last run but not running (the
 * restore setting said "closed", or it ended): relaunch it (resume or fresh), keep it
 * closed (history only) or discard it.
 */
@Component({
  selector: 'cx-restored-bar',
  imports: [MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'restored-bar', role: 'region', 'aria-label': 'Restored session' },
  template: `
    <mat-icon class="lead" aria-hidden="true">history</mat-icon>
    <div class="text">
      <b>Restored at {{ when() }}.</b> It is not running{{ session().note ? ' (' + session().note + ')' : '' }}.
    </div>
    <button mat-flat-button data-testid="restored-relaunch" (click)="relaunch.emit(false)"><mat-icon>replay</mat-icon>Relaunch</button>
    <button mat-stroked-button data-testid="restored-relaunch-fresh" (click)="relaunch.emit(true)">Fresh</button>
    <button mat-button data-testid="restored-keep-closed" (click)="keepClosed.emit()">Keep closed</button>
    <button mat-button data-testid="restored-discard" (click)="discard.emit()">Discard…</button>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px;
      padding: 6px 10px;
      flex: none;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-small);
      --mat-button-filled-container-height: 30px;
      --mat-button-outlined-container-height: 30px;
      --mat-button-text-container-height: 30px;
    }
    .lead { flex: none; color: var(--mat-sys-tertiary); }
    .text { flex: 1 1 180px; min-width: 0; }
  `,
})
export class RestoredBarComponent {
  readonly session = input.required<Session>();
  readonly relaunch = output<boolean>();
  readonly keepClosed = output<void>();
  readonly discard = output<void>();
  protected readonly when = computed(() => formatDateTime(this.session().restoredAt ?? 0));
}
