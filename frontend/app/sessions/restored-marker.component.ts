import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Session } from '@contract';
import { formatClock, formatDateTime } from '../shared/time-format';

/** A small "restored" mark on a session brought back after an app restart: time and note in the tooltip. */
@Component({
  selector: 'cx-restored-marker',
  imports: [MatIconModule, DeferredTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'restored-marker', '[attr.aria-label]': 'tooltip()', role: 'note' },
  template: `
    <span class="mark" [matTooltip]="tooltip()">
      <mat-icon aria-hidden="true">history</mat-icon>
      @if (!compact()) {
        <span>restored {{ time() }}</span>
      }
    </span>
  `,
  styles: `
    :host { display: inline-flex; flex: none; }
    .mark {
      display: inline-flex;
      align-items: center;
      gap: 3px;
      height: 20px;
      padding: 0 6px 0 4px;
      border-radius: 10px;
      font: var(--mat-sys-label-small);
      white-space: nowrap;
      border: 1px solid var(--mat-sys-tertiary);
      color: var(--mat-sys-tertiary);
    }
    mat-icon { font-size: 14px; width: 14px; height: 14px; }
  `,
})
export class RestoredMarkerComponent {
  readonly session = input.required<Pick<Session, 'restoredAt' | 'note' | 'agentSessionId'>>();
  /** Icon only (tight rows). */
  readonly compact = input(false);
  protected readonly time = computed(() => formatClock(this.session().restoredAt ?? 0));
  protected readonly tooltip = computed(() => {
    const s = this.session();
    const parts = [`Brought back at ${formatDateTime(s.restoredAt ?? 0)} after an app restart`];
    if (s.note) parts.push(s.note);
    if (s.agentSessionId) parts.push(`agent conversation ${s.agentSessionId}`);
    return parts.join(' · ');
  });
}
