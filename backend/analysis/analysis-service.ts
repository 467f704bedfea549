import { Subject, type Observable } from 'rxjs';
import { ProjectAnalysisSchema, type ProjectAnalysis } from '../contract/index.js';
import type { CacheSource, TwoTierCache } from '../cache/two-tier-cache.js';
import type { WalkProgress } from '../cache/tree-snapshot.js';
import { systemClock, type Clock } from '../cache/clock.js';
import { analyzeSnapshot } from './project-analyzer.js';

/**
 * Version of the analysis result format, part of the cache key: bump it when
 * {@link ProjectAnalysisSchema} or the rules change meaning, so old entries are not read.
 */
export const ANALYSIS_VERSION = 2;

/** Progress of one analysis: the walk's counters, tagged with the root. */
export interface AnalysisProgress extends WalkProgress {
  root: string;
  phase: 'walk' | 'done';
  /** The walk's file budget (ANALYSIS_WALK_BUDGET): it stops there with a partial analysis. */
  maxFiles: number;
}

export interface AnalyzeOptions {
  /** Skip the cache: walk the tree from scratch and overwrite. */
  refresh?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: AnalysisProgress) => void;
}

/** An analysis and where it came from. `tookMs` is this call's wall time. */
export interface AnalyzeResult {
  analysis: ProjectAnalysis;
  source: CacheSource;
  tookMs: number;
}

/**
 * Project context analysis through the two-tier cache. The analysis of a root is keyed by
 * root and {@link ANALYSIS_VERSION}; it depends on the root's tree (Merkle hash, so adding,
 * removing, renaming or resizing a non-ignored file invalidates it) and on the content of
 * every manifest read. After a change only the changed directories are re-read.
 *
 * Progress of every running analysis is streamed on {@link progress$} (and to the caller's
 * `onProgress`). A tree larger than the walk's budget gives a partial analysis
 * (`walk.complete: false`); `watch` says how the folder is watched at the time of the answer
 * (`none` with the reason for a folder too large to watch).
 */
export class AnalysisService {
  private readonly progress = new Subject<AnalysisProgress>();
  readonly progress$: Observable<AnalysisProgress> = this.progress.asObservable();

  constructor(
    private readonly cache: TwoTierCache,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Analyses the folder `root` (an absolute, real path to a directory: check it with
   * `checkProjectFolder` first).
   * @throws the signal's reason when aborted; an fs error (ENOENT...) when the folder vanished
   */
  async analyze(root: string, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    const t0 = performance.now();
    const maxFiles = this.cache.trees.walkBudget.maxFiles;
    const emit = (p: AnalysisProgress) => {
      opts.onProgress?.(p);
      this.progress.next(p);
    };
    const r = await this.cache.get(this.key(root), {
      refresh: opts.refresh,
      signal: opts.signal,
      validate: (v) => ProjectAnalysisSchema.parse(v),
      compute: async (ctx) => {
        const snap = await ctx.trees.snapshot(root, {
          force: ctx.refresh,
          signal: ctx.signal,
          onProgress: (w) => emit({ ...w, root, phase: 'walk', maxFiles }),
        });
        const { analysis, deps } = analyzeSnapshot(snap, this.clock.now());
        return { value: analysis, deps };
      },
    });
    const tookMs = Math.round((performance.now() - t0) * 1000) / 1000;
    emit({ root, phase: 'done', dirs: r.value.dirCount + 1, files: r.value.fileCount, bytes: r.value.totalBytes, current: '', maxFiles });
    const watch = this.cache.trees.watchState(root);
    return { analysis: { ...r.value, watch }, source: r.source, tookMs };
  }

  /** The cache key of a root's analysis. */
  key(root: string): string {
    return `analysis:v${ANALYSIS_VERSION}:${root}`;
  }

  /** Completes {@link progress$}. */
  close(): void {
    this.progress.complete();
  }
}
