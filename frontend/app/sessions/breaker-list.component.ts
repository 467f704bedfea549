import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { AgentInfo } from '@contract';
import { BreakerIndicatorComponent, breakerText } from './breaker-indicator.component';

/** Agents whose circuit breaker is open or half-open, each with a Reset button. */
@Component({
  selector: 'cx-breaker-list',
  imports: [MatButtonModule, MatIconModule, BreakerIndicatorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (a of agents(); track a.id) {
      <div class="row" data-testid="breaker-row" [attr.data-agent]="a.id">
        <cx-breaker-indicator [breaker]="a.breaker" />
        <div class="text">
          <b>{{ a.name }}</b> {{ a.breaker.state === 'open' ? 'is paused' : 'may try once' }} — {{ text(a) }}
        </div>
        <button mat-stroked-button type="button" data-testid="breaker-reset" [disabled]="busy() === a.id" (click)="reset.emit(a.id)">Reset</button>
      </div>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 6px; }
    .row {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 6px 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-body-small);
    }
    .text { flex: 1; min-width: 0; }
  `,
})
export class BreakerListComponent {
  /** Agents with a breaker that is not closed. */
  readonly agents = input.required<AgentInfo[]>();
  /** The agent being reset, if any. */
  readonly busy = input<string | null>(null);
  readonly reset = output<string>();
  protected readonly text = (a: AgentInfo): string => breakerText(a.breaker);
}
