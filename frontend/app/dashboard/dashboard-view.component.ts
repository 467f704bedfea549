import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { METRICS_LIMITS } from '@contract';
import { WorkspaceStore } from '../sessions/workspace.store';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { TaskStore } from '../tasks/task.store';
import { duration, percent } from '../tasks/task-format';
import { agentCsvFileName, agentRowsCsv, agentUsageRows } from './agent-usage';
import { CostBarsComponent } from './cost-bars.component';
import { costBars, csvFileName, dashboardSeries, formatRowTokens, formatUSD, notReadText, rowsWithUsage, DASHBOARD_PERIODS, type DashboardPeriod } from './dashboard-series';
import { DashboardStore } from './dashboard.store';
import { TimeChartComponent } from './time-chart.component';

/**
 * The dashboard: headline figures, time series (cost per hour, tokens per minute, tasks,
 * success rate, CPU and memory of the app and the agents), cost by agent, project and model,
 * and a per-agent table (attempts, success rate, quality, cost, tokens, mean task time), with
 * a period and project filter, CSV exports of the samples and of the per-agent table as
 * filtered, and the sampling interval.
 */
@Component({
  selector: 'cx-dashboard-view',
  imports: [MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TimeChartComponent, CostBarsComponent, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'dashboard' },
  template: `
    <header class="filters">
      <h2>Usage and metrics</h2>
      <mat-button-toggle-group hideSingleSelectionIndicator aria-label="Period" data-testid="dashboard-period" [value]="store.period()" (change)="store.setPeriod($event.value)">
        @for (p of periods; track p) {
          <mat-button-toggle [value]="p" [attr.data-testid]="'dashboard-period-' + p">{{ p }}</mat-button-toggle>
        }
      </mat-button-toggle-group>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="project">
        <mat-label>Project</mat-label>
        <mat-select data-testid="dashboard-project" [value]="store.projectId() ?? ''" (valueChange)="store.setProject($event || null)">
          <mat-option value="">All projects</mat-option>
          @for (p of workspace.projects(); track p.id) {
            <mat-option [value]="p.id">{{ p.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="interval">
        <mat-label>Sample every (s)</mat-label>
        <input
          matInput
          type="number"
          data-testid="dashboard-interval"
          [min]="INTERVAL.min"
          [max]="INTERVAL.max"
          [value]="store.data().intervalMs / 1000"
          (change)="setInterval($any($event.target).value)"
        />
      </mat-form-field>
      <button mat-stroked-button data-testid="dashboard-export" title="Every metrics sample of the period (all projects)" (click)="exportCsv()" [disabled]="exporting()"><mat-icon>download</mat-icon>Samples CSV</button>
      <button mat-stroked-button data-testid="dashboard-export-agents" title="The per-agent table as filtered: this period and project" (click)="exportAgentsCsv()"><mat-icon>download</mat-icon>Per-agent CSV</button>
    </header>
    @if (problem(); as e) {
      <cx-error-text [error]="e" data-testid="dashboard-error" />
    }
    @if (exported(); as note) {
      <p class="note" role="status" data-testid="dashboard-exported">{{ note }}</p>
    }

    <section class="headline" aria-label="Totals of the period">
      <div class="figure"><span class="label">Cost (list-price estimate)</span><span class="value" data-testid="dashboard-cost">{{ usd(store.data().total?.costUSD ?? null) }}</span></div>
      <div class="figure"><span class="label">Tokens</span><span class="value" data-testid="dashboard-tokens">{{ totalTokens() }}</span></div>
      <div class="figure"><span class="label">Sessions running</span><span class="value" data-testid="dashboard-sessions">{{ running() }}</span></div>
      <div class="figure"><span class="label">Tasks active / queued</span><span class="value" data-testid="dashboard-tasks">{{ tasksNow() }}</span></div>
      <div class="figure"><span class="label">Success rate</span><span class="value" data-testid="dashboard-success">{{ pct(store.data().stats?.successRate ?? null) }}</span></div>
      <div class="figure"><span class="label">Average task time</span><span class="value" data-testid="dashboard-avg-time">{{ dur(store.data().stats?.averageDurationMs ?? null) }}</span></div>
    </section>
    @if (notRead(); as note) {
      <p class="note" data-testid="dashboard-not-read">{{ note }}.</p>
    }
    @if (store.projectId() !== null) {
      <p class="note">Cost and tokens per hour and the task counts are for every project; the rest is for the chosen project.</p>
    }

    <section class="charts" aria-label="Over time">
      <cx-time-chart title="Cost per hour" unit="USD/h" [data]="series().cost" data-testid="chart-cost" />
      <cx-time-chart title="Tokens per minute" unit="tokens/min" [data]="series().tokens" data-testid="chart-tokens" />
      <cx-time-chart title="Tasks" [data]="series().tasks" data-testid="chart-tasks" />
      <cx-time-chart title="Success rate" unit="%" [data]="series().success" data-testid="chart-success" />
      <cx-time-chart title="CPU" unit="% of a core" [data]="series().cpu" data-testid="chart-cpu" />
      <cx-time-chart title="Memory" unit="MiB" [data]="series().memory" data-testid="chart-memory" />
    </section>

    <section class="bars" aria-label="Cost by">
      <cx-cost-bars title="Cost by agent" [bars]="byAgent()" data-testid="cost-by-agent" />
      <cx-cost-bars title="Cost by project" [bars]="byProject()" data-testid="cost-by-project" />
      <cx-cost-bars title="Cost by model" [bars]="byModel()" data-testid="cost-by-model" />
    </section>

    <!-- Scrolls sideways on a narrow window: focusable so the keyboard can scroll it too. -->
    <section class="table" data-testid="dashboard-agents" tabindex="0" aria-label="Per agent">
      <table>
        <caption>Per agent</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Success rate</th><th scope="col" class="num">Avg quality</th>
            <th scope="col" class="num">Cost</th><th scope="col" class="num">Tokens</th><th scope="col" class="num">Avg task time</th>
          </tr>
        </thead>
        <tbody>
          @for (a of agentRows(); track a.agent) {
            <tr data-testid="dashboard-agent-row" [attr.data-agent]="a.agent">
              <td>{{ workspace.agentName(a.agent) }}</td>
              <td class="num">{{ a.successes }} / {{ a.attempts }}</td>
              <td class="num">{{ pct(a.successRate) }}</td>
              <td class="num">{{ pct(a.averageQuality) }}</td>
              <td class="num">{{ a.tokens === null ? 'not recorded' : usd(a.costUSD) }}</td>
              <td class="num" [attr.title]="a.notRead || null">{{ a.tokensText }}</td>
              <td class="num">{{ dur(a.averageTaskMs) }}</td>
            </tr>
          } @empty {
            <tr><td colspan="7" class="none">No agent has worked on a task or recorded usage yet.</td></tr>
          }
        </tbody>
      </table>
    </section>
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 12px; padding: 12px 16px; overflow: auto; min-width: 0; }
    /* The view scrolls, its sections never shrink: one that scrolls sideways (the table) would otherwise be squeezed to nothing. */
    :host > * { flex-shrink: 0; }
    .filters { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
    h2 { margin: 0 auto 0 0; font: var(--mat-sys-title-large); }
    .project { width: 200px; }
    .interval { width: 140px; }
    mat-button-toggle-group { --mat-button-toggle-height: 32px; }
    .note { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .headline { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
    .figure { display: flex; flex-direction: column; padding: 8px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); }
    .label { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .value { font: var(--mat-sys-headline-small); font-variant-numeric: tabular-nums; }
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 8px; }
    .bars { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 8px; }
    .table { padding: 8px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; font: var(--mat-sys-body-small); }
    caption { text-align: left; font: var(--mat-sys-title-small); padding-bottom: 4px; }
    th { text-align: left; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); padding: 2px 8px 4px 0; }
    td { padding: 3px 8px 3px 0; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .none { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class DashboardViewComponent {
  protected readonly store = inject(DashboardStore);
  protected readonly workspace = inject(WorkspaceStore);
  private readonly tasks = inject(TaskStore);
  protected readonly periods = Object.keys(DASHBOARD_PERIODS) as DashboardPeriod[];
  protected readonly INTERVAL = METRICS_LIMITS.intervalSec;
  protected readonly usd = formatUSD;
  protected readonly pct = percent;
  protected readonly dur = duration;
  protected readonly exporting = signal(false);
  protected readonly exported = signal<string | null>(null);
  private readonly actionError = signal<UserError | null>(null);
  protected readonly problem = computed(() => this.actionError() ?? this.store.error());

  protected readonly series = computed(() => dashboardSeries(this.store.data().samples, this.store.projectId()));
  private readonly projectName = (id: string) => this.workspace.projectById().get(id)?.name ?? id;
  protected readonly byAgent = computed(() => costBars(this.store.data().byAgent, (k) => this.workspace.agentName(k)));
  protected readonly byProject = computed(() => costBars(this.store.data().byProject, this.projectName));
  protected readonly byModel = computed(() => costBars(rowsWithUsage(this.store.data().byModel)));
  protected readonly agentRows = computed(() => agentUsageRows(this.store.data().stats, this.store.data().byAgent, this.tasks.tasks(), this.store.projectId(), this.store.data().since));
  protected readonly totalTokens = computed(() => {
    const total = this.store.data().total;
    const t = total?.tokens;
    return total && t ? formatRowTokens(t.input + t.output + t.cacheWrite + t.cacheRead, total) : '—';
  });
  /** What of the period's usage could not be read, in words; '' when everything could. */
  protected readonly notRead = computed(() => {
    const total = this.store.data().total;
    return total ? notReadText(total) : '';
  });
  protected readonly running = computed(() => this.workspace.sessions().filter((s) => s.state !== 'exited').length);
  protected readonly tasksNow = computed(() => {
    const list = this.tasks.tasks().filter((t) => this.store.projectId() === null || t.projectId === this.store.projectId());
    return `${list.filter((t) => t.status === 'in_progress').length} / ${list.filter((t) => t.status === 'pending').length}`;
  });

  constructor() {
    this.store.open();
    inject(DestroyRef).onDestroy(() => this.store.close());
  }

  protected async setInterval(raw: string): Promise<void> {
    const sec = Number(raw);
    if (!Number.isInteger(sec) || sec < this.INTERVAL.min || sec > this.INTERVAL.max) {
      this.actionError.set({ code: 'INVALID_REQUEST', message: `"${raw}" is not a sampling interval.`, hint: `Give whole seconds from ${this.INTERVAL.min} to ${this.INTERVAL.max}.` });
      return;
    }
    try {
      await this.store.setIntervalSec(sec);
      this.actionError.set(null);
    } catch (err) {
      this.actionError.set(toUserError(err));
    }
  }

  /** Hands `csv` to the browser as a download named `name`. */
  private download(csv: string, name: string): void {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  /** The per-agent table as shown (the chosen period and project) as a CSV download. */
  protected exportAgentsCsv(): void {
    const rows = this.agentRows();
    const id = this.store.projectId();
    const name = agentCsvFileName(this.store.period(), id === null ? null : this.projectName(id), Date.now());
    this.download(agentRowsCsv(rows, (a) => this.workspace.agentName(a)), name);
    this.exported.set(`Exported ${rows.length} agent row${rows.length === 1 ? '' : 's'} as ${name}.`);
    this.actionError.set(null);
  }

  protected async exportCsv(): Promise<void> {
    this.exporting.set(true);
    try {
      const { csv, rows } = await this.store.exportCsv();
      const name = csvFileName(this.store.period(), Date.now());
      this.download(csv, name);
      this.exported.set(`Exported ${rows} sample${rows === 1 ? '' : 's'} as ${name}.`);
      this.actionError.set(null);
    } catch (err) {
      this.actionError.set(toUserError(err));
    } finally {
      this.exporting.set(false);
    }
  }
}
