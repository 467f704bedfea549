import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { TaskStats } from './task.store';
import { percent } from './task-format';

/** Per agent: finished attempts, success rate and average gate quality, as numbers and CSS bars. */
@Component({
  selector: 'cx-agent-stats-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'agent-stats' },
  template: `
    <table>
      <caption>Per agent</caption>
      <thead>
        <tr><th scope="col">Agent</th><th scope="col" class="num">Attempts</th><th scope="col">Success rate</th><th scope="col">Avg quality</th></tr>
      </thead>
      <tbody>
        @for (a of agents(); track a.agent) {
          <tr data-testid="agent-stats-row" [attr.data-agent]="a.agent">
            <td class="name">{{ nameOf()(a.agent) }}</td>
            <td class="num">{{ a.successes }} / {{ a.attempts }}</td>
            <td>
              <span class="cell"><span class="bar"><span class="fill ok" [style.width.%]="(a.successRate ?? 0) * 100"></span></span><span class="num" data-testid="agent-success-rate">{{ pct(a.successRate) }}</span></span>
            </td>
            <td>
              <span class="cell"><span class="bar"><span class="fill q" [style.width.%]="(a.averageQuality ?? 0) * 100"></span></span><span class="num" data-testid="agent-quality">{{ pct(a.averageQuality) }}</span></span>
            </td>
          </tr>
        } @empty {
          <tr><td colspan="4" class="none">No finished attempts yet.</td></tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    :host { display: block; padding: 8px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); }
    table { width: 100%; border-collapse: collapse; font: var(--mat-sys-body-small); }
    caption { text-align: left; font: var(--mat-sys-title-small); padding-bottom: 4px; }
    th { text-align: left; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); padding: 2px 8px 4px 0; }
    td { padding: 3px 8px 3px 0; }
    .name { font-weight: 500; white-space: nowrap; }
    .num { font-variant-numeric: tabular-nums; white-space: nowrap; text-align: right; }
    .cell { display: grid; grid-template-columns: minmax(40px, 1fr) 44px; gap: 6px; align-items: center; }
    .bar { height: 6px; border-radius: 3px; background: var(--mat-sys-surface-container-highest); overflow: hidden; }
    .fill { display: block; height: 100%; }
    .fill.ok { background: var(--mat-sys-primary); }
    .fill.q { background: var(--mat-sys-tertiary); }
    .none { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AgentStatsTableComponent {
  readonly agents = input.required<TaskStats['perAgent']>();
  /** The display name of an agent id. */
  readonly nameOf = input.required<(id: string) => string>();
  protected readonly pct = percent;
}
