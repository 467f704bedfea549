import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Breaker } from '@contract';
import { formatClock } from '../shared/time-format';

/** Words for a breaker that is not closed, e.g. `Paused after 5 failures · retry at 14:05`. */
export function breakerText(b: Breaker): string {
  if (b.state === 'half-open') return `Trial start allowed after ${b.failures} failures`;
  const retry = b.retryAt !== null ? ` · retry at ${formatClock(b.retryAt)}` : '';
  return `Paused after ${b.failures} failures${retry}`;
}

/**
 * A small mark when an agent's circuit breaker is open (starts refused) or half-open (one
 * trial start allowed); nothing when it is closed.
 */
@Component({
  selector: 'cx-breaker-indicator',
  imports: [MatIconModule, DeferredTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'breaker-indicator', '[attr.data-breaker]': 'breaker().state' },
  template: `
    @if (breaker().state !== 'closed') {
      <mat-icon [class]="breaker().state" [matTooltip]="'Agent circuit breaker ' + breaker().state + ': ' + text()" [attr.aria-label]="'Circuit breaker ' + breaker().state">
        {{ breaker().state === 'open' ? 'power_off' : 'power' }}
      </mat-icon>
    }
  `,
  styles: `
    :host { display: inline-flex; }
    mat-icon { font-size: 18px; width: 18px; height: 18px; }
    .open { color: var(--mat-sys-error); }
    .half-open { color: var(--cx-waiting); }
  `,
})
export class BreakerIndicatorComponent {
  readonly breaker = input.required<Breaker>();
  protected readonly text = computed(() => breakerText(this.breaker()));
}
