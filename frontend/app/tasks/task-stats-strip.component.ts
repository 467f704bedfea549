import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { TaskStats } from './task.store';
import { duration, oneDecimal, percent } from './task-format';

/** One number of the strip. */
interface Figure {
  key: string;
  label: string;
  icon: string;
  value: string;
  /** 0..100 for a bar under the number (rates only). */
  barPct: number | null;
}

/**
 * The dashboard's numbers in one compact strip: active, queued, success rate (with a bar),
 * average duration, iterations per task and agent switches.
 */
@Component({
  selector: 'cx-task-stats-strip',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'task-stats', role: 'group', 'aria-label': 'Task numbers' },
  template: `
    @for (f of figures(); track f.key) {
      <div class="figure" [attr.data-testid]="'stat-' + f.key">
        <span class="label"><mat-icon aria-hidden="true">{{ f.icon }}</mat-icon>{{ f.label }}</span>
        <span class="value" data-testid="stat-value">{{ f.value }}</span>
        @if (f.barPct !== null) {
          <span class="bar" aria-hidden="true"><span class="fill" [style.width.%]="f.barPct"></span></span>
        }
      </div>
    }
  `,
  styles: `
    :host { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 8px; align-items: stretch; }
    .figure { display: flex; flex-direction: column; gap: 2px; padding: 8px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); min-width: 0; }
    .label { display: inline-flex; align-items: center; gap: 4px; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .label mat-icon { font-size: 15px; width: 15px; height: 15px; }
    .value { font: var(--mat-sys-title-large); font-variant-numeric: tabular-nums; }
    .bar { height: 4px; border-radius: 2px; background: var(--mat-sys-surface-container-highest); overflow: hidden; }
    .fill { display: block; height: 100%; background: var(--mat-sys-primary); }
  `,
})
export class TaskStatsStripComponent {
  readonly stats = input.required<TaskStats>();
  protected readonly figures = computed<Figure[]>(() => {
    const s = this.stats();
    return [
      { key: 'active', label: 'Active', icon: 'autorenew', value: String(s.active), barPct: null },
      { key: 'queued', label: 'Queued', icon: 'schedule', value: String(s.queued), barPct: null },
      { key: 'success', label: 'Success rate', icon: 'task_alt', value: percent(s.successRate), barPct: s.successRate === null ? null : s.successRate * 100 },
      { key: 'duration', label: 'Avg duration', icon: 'timer', value: duration(s.averageDurationMs), barPct: null },
      { key: 'iterations', label: 'Iterations / task', icon: 'replay', value: oneDecimal(s.iterationsPerTask), barPct: null },
      { key: 'switches', label: 'Agent switches', icon: 'swap_horiz', value: String(s.agentSwitches), barPct: null },
    ];
  });
}
