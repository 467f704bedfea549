import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Result, SystemMetricsSample, UsageRow } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { toUserError, type UserError } from '../shared/user-error';
import { DASHBOARD_PERIODS, type DashboardPeriod } from './dashboard-series';

/** What the dashboard shows for its period and project. */
interface DashboardData {
  samples: SystemMetricsSample[];
  intervalMs: number;
  byAgent: UsageRow[];
  byProject: UsageRow[];
  byModel: UsageRow[];
  total: UsageRow | null;
  stats: Result<'tasks.stats'> | null;
  /** Start of the period these figures are of, ms since the epoch (null before the first load). */
  since: number | null;
}

const EMPTY: DashboardData = { samples: [], intervalMs: 15_000, byAgent: [], byProject: [], byModel: [], total: null, stats: null, since: null };

/**
 * The dashboard's figures: stored metrics samples of the chosen period (kept current by
 * `metrics.sample`), tokens and cost by agent, project and model (`usage.summary`), and the
 * task statistics of the chosen project and period (`tasks.stats`). Loading only while the dashboard
 * is shown: {@link open} and {@link close}.
 */
@Injectable({ providedIn: 'root' })
export class DashboardStore {
  private readonly client = inject(CortexClient);
  private readonly dataSignal = signal<DashboardData>(EMPTY);
  private readonly loadingSignal = signal(false);
  private readonly errorSignal = signal<UserError | null>(null);
  private openCount = 0;
  private loadSeq = 0;

  /** The period shown. */
  readonly period = signal<DashboardPeriod>('24h');
  /** The project filter (null: every project). */
  readonly projectId = signal<string | null>(null);
  readonly data = this.dataSignal.asReadonly();
  readonly loading = this.loadingSignal.asReadonly();
  readonly error = this.errorSignal.asReadonly();
  /** The newest sample, if any. */
  readonly latest = computed(() => this.data().samples.at(-1) ?? null);

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.client.events('metrics.sample').pipe(takeUntilDestroyed(destroyRef)).subscribe((s) => this.append(s));
    this.client.reconnected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => {
      if (this.openCount > 0) void this.load();
    });
  }

  /** The dashboard is shown: load its figures. */
  open(): void {
    this.openCount++;
    void this.load();
  }

  /** The dashboard is hidden. */
  close(): void {
    this.openCount = Math.max(0, this.openCount - 1);
  }

  /** Changes the period and reloads. */
  setPeriod(p: DashboardPeriod): void {
    this.period.set(p);
    void this.load();
  }

  /** Changes the project filter and reloads. */
  setProject(id: string | null): void {
    this.projectId.set(id);
    void this.load();
  }

  /** Loads every figure of the period; never throws (a failure lands in {@link error}). */
  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    const since = Date.now() - DASHBOARD_PERIODS[this.period()];
    const projectId = this.projectId() ?? undefined;
    this.loadingSignal.set(true);
    try {
      const [metrics, byAgent, byProject, byModel, stats] = await Promise.all([
        this.client.call('metrics.query', { since }),
        this.client.call('usage.summary', { groupBy: 'agent', since, projectId }),
        this.client.call('usage.summary', { groupBy: 'project', since, projectId }),
        this.client.call('usage.summary', { groupBy: 'model', since, projectId }),
        this.client.call('tasks.stats', { projectId, since }),
      ]);
      if (seq !== this.loadSeq) return;
      this.dataSignal.set({
        samples: metrics.samples,
        intervalMs: metrics.intervalMs,
        byAgent: byAgent.rows,
        byProject: byProject.rows,
        byModel: byModel.rows,
        total: byAgent.total,
        stats,
        since,
      });
      this.errorSignal.set(null);
    } catch (err) {
      if (seq === this.loadSeq) this.errorSignal.set(toUserError(err));
    } finally {
      if (seq === this.loadSeq) this.loadingSignal.set(false);
    }
  }

  /**
   * The period's samples as CSV (`metrics.export`).
   * @throws CortexError when the backend cannot be reached
   */
  async exportCsv(): Promise<{ csv: string; rows: number }> {
    return this.client.call('metrics.export', { since: Date.now() - DASHBOARD_PERIODS[this.period()] });
  }

  /**
   * Changes the sampling interval (seconds; the `metricsIntervalSec` setting).
   * @throws CortexError INVALID_REQUEST when out of bounds
   */
  async setIntervalSec(sec: number): Promise<void> {
    await this.client.call('settings.set', { metricsIntervalSec: sec });
    this.dataSignal.update((d) => ({ ...d, intervalMs: sec * 1000 }));
  }

  private append(s: SystemMetricsSample): void {
    if (this.openCount === 0) return;
    const from = Date.now() - DASHBOARD_PERIODS[this.period()];
    this.dataSignal.update((d) => ({ ...d, samples: [...d.samples.filter((x) => x.at >= from && x.at < s.at), s] }));
  }
}
