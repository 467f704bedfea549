import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { CacheStatsResult, ProjectAnalysis } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { ErrorTextComponent } from '../shared/error-text.component';
import { formatDateTime } from '../shared/time-format';
import { toUserError, type UserError } from '../shared/user-error';
import { WorkspaceStore } from '../sessions/workspace.store';
import { AnalysisViewComponent } from './analysis-view.component';
import { CacheStatsComponent } from './cache-stats.component';
import { QualitySettingsComponent } from './quality-settings.component';
import { PresetPanelComponent } from '../presets/preset-panel.component';

/** What the project page opens on. */
export interface ProjectDetailsData {
  projectId: string;
}

/** Words for where an analysis came from. */
const SOURCE_TEXT = { hot: 'from memory (hot cache)', cold: 'from disk (cold cache)', fresh: 'freshly analysed' } as const;

/**
 * The project page: its context analysis (`projects.analyze`, through the two-tier cache)
 * with where the answer came from and how long it took, a Refresh (a fresh walk, with a
 * spinner), its quality gate's checks and their settings, and the cache's per-tier stats
 * (`cache.stats`).
 */
@Component({
  selector: 'cx-project-details-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatProgressSpinnerModule, AnalysisViewComponent, CacheStatsComponent, ErrorTextComponent, QualitySettingsComponent, PresetPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'project-details' },
  template: `
    <h2 mat-dialog-title class="title">
      <mat-icon aria-hidden="true">folder</mat-icon>
      <span class="name">{{ project()?.name ?? 'Project' }}</span>
    </h2>
    <mat-dialog-content class="content">
      <div class="meta">
        <code class="path">{{ project()?.path }}</code>
        <span class="spacer"></span>
        @if (source(); as src) {
          <span class="source" data-testid="analysis-source" [attr.data-source]="src">
            <mat-icon aria-hidden="true">{{ src === 'fresh' ? 'travel_explore' : 'bolt' }}</mat-icon>
            {{ sourceText() }} · <span data-testid="analysis-took">{{ tookText() }}</span>
          </span>
        }
        <button mat-stroked-button data-testid="analysis-refresh" [disabled]="busy()" (click)="load(true)">
          @if (busy()) {
            <mat-spinner diameter="16" data-testid="analysis-spinner" />
          } @else {
            <mat-icon>refresh</mat-icon>
          }
          Refresh
        </button>
      </div>
      @if (error(); as e) {
        <cx-error-text [error]="e" data-testid="analysis-error" />
      }
      @if (busy() && progress(); as p) {
        <div class="progress" role="status" data-testid="analysis-progress">Reading the folder: {{ p.files }} files, {{ p.dirs }} folders so far (stops at {{ p.maxFiles }} files)</div>
      }
      @if (analysis(); as a) {
        @if (!a.walk.complete) {
          <div class="notice" role="status" data-testid="analysis-partial">
            <mat-icon aria-hidden="true">content_cut</mat-icon>
            <span>Partial: the folder is larger than one analysis reads ({{ a.walk.stoppedBy === 'files' ? a.walk.limit + ' files' : ((a.walk.limit ?? 0) / 1000).toFixed(0) + ' s' }}); the figures cover the part read.</span>
          </div>
        }
        @if (a.watch.mode === 'none' && a.watch.reason) {
          <div class="notice" role="status" data-testid="analysis-unwatched">
            <mat-icon aria-hidden="true">visibility_off</mat-icon>
            <span>Not watched: {{ a.watch.reason }}. Each analysis reads the folder again.</span>
          </div>
        }
        <cx-analysis-view [analysis]="a" />
        <div class="analysed">Analysed {{ analysedAt() }} in {{ a.computeMs < 10 ? a.computeMs.toFixed(1) : a.computeMs.toFixed(0) }} ms · tree {{ a.treeHash.slice(0, 10) }}</div>
      } @else if (busy()) {
        <div class="loading"><mat-spinner diameter="32" /><span>Analysing the folder…</span></div>
      }
      <h3 class="stats-title">Preset</h3>
      <cx-preset-panel [projectId]="data.projectId" />
      <h3 class="stats-title">Quality gate</h3>
      <cx-quality-settings [projectId]="data.projectId" />
      <h3 class="stats-title">Cache</h3>
      @if (stats(); as s) {
        <cx-cache-stats [stats]="s" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close data-testid="project-details-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; }
    .title mat-icon { color: var(--mat-sys-primary); }
    .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .content { width: 920px; max-width: 100%; max-height: 80vh; display: flex; flex-direction: column; gap: 12px; }
    .meta { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .path { font-family: 'JetBrains Mono', monospace; font-size: 12px; color: var(--mat-sys-on-surface-variant); overflow-wrap: anywhere; }
    .spacer { flex: 1; }
    .source { display: inline-flex; align-items: center; gap: 4px; font: var(--mat-sys-label-medium); padding: 2px 10px; border-radius: 10px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .source mat-icon { font-size: 16px; width: 16px; height: 16px; }
    mat-spinner { display: inline-block; margin-right: 6px; }
    .loading { display: flex; align-items: center; gap: 12px; padding: 24px; justify-content: center; }
    .analysed { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .stats-title { margin: 4px 0 0; font: var(--mat-sys-title-small); }
    .progress { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .notice { display: flex; align-items: center; gap: 8px; padding: 6px 10px; border-radius: 8px; font: var(--mat-sys-body-medium); background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .notice mat-icon { flex: none; }
  `,
})
export class ProjectDetailsDialogComponent {
  protected readonly data = inject<ProjectDetailsData>(MAT_DIALOG_DATA);
  private readonly client = inject(CortexClient);
  private readonly store = inject(WorkspaceStore);

  protected readonly project = computed(() => this.store.projectById().get(this.data.projectId) ?? null);
  protected readonly analysis = signal<ProjectAnalysis | null>(null);
  protected readonly source = signal<'hot' | 'cold' | 'fresh' | null>(null);
  protected readonly tookMs = signal(0);
  protected readonly stats = signal<CacheStatsResult | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);
  /** The walk's latest progress (files and folders read so far) while an analysis of this project runs. */
  protected readonly progress = signal<{ files: number; dirs: number; maxFiles: number } | null>(null);
  protected readonly sourceText = computed(() => {
    const s = this.source();
    return s ? SOURCE_TEXT[s] : '';
  });
  protected readonly tookText = computed(() => `${this.tookMs() < 10 ? this.tookMs().toFixed(1) : this.tookMs().toFixed(0)} ms`);
  protected readonly analysedAt = computed(() => formatDateTime(this.analysis()?.analyzedAt ?? 0));

  constructor() {
    this.client
      .events('analysis.progress')
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((p) => {
        if (p.phase === 'walk' && p.root === this.project()?.path) this.progress.set({ files: p.files, dirs: p.dirs, maxFiles: p.maxFiles });
      });
    void this.load(false);
  }

  /** Analyses the project (`refresh`: skip the cache), then reloads the cache stats. */
  protected async load(refresh: boolean): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.progress.set(null);
    try {
      const res = await this.client.call('projects.analyze', { projectId: this.data.projectId, refresh });
      this.analysis.set(res.analysis);
      this.source.set(res.source);
      this.tookMs.set(res.tookMs);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
    try {
      this.stats.set(await this.client.call('cache.stats', {}));
    } catch {
      // The stats are a side view: leave the last ones.
    }
  }
}
