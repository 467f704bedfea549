import type { CaptureMarker, SessionMirror } from '../pty/session-mirror.js';
import type { SessionSnapshot, SnapshotRepository } from '../store/snapshot-repository.js';
import type { HealthProblem } from '../contract/index.js';
import { FLOOD_REWRITE_INTERVAL_MS, SNAPSHOT_INTERVAL_MS, SNAPSHOT_RETRY_AFTER_FAILURE_MS } from './constants.js';

/** Where the scheduler reports that saving stopped (a full disk) and started again. */
export interface SnapshotHealthSink {
  report(problem: Omit<HealthProblem, 'since'>): void;
  clear(kind: HealthProblem['kind']): void;
}

/**
 * The problem a failed snapshot write is: `disk-full` for SQLite's SQLITE_FULL (or an
 * ENOSPC under it), `snapshot-failed` for anything else.
 * @param file the database file written to
 */
export function snapshotWriteProblem(err: unknown, file: string): Omit<HealthProblem, 'since'> {
  const code = String((err as { code?: unknown })?.code ?? '');
  const text = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || /database or disk is full|ENOSPC/i.test(text)) {
    return {
      kind: 'disk-full',
      message: `The disk holding ${file} is full: snapshots are paused.`,
      hint: 'Every session keeps running. Free some space on that disk; saving resumes on its own.',
    };
  }
  return {
    kind: 'snapshot-failed',
    message: `Snapshots could not be saved to ${file} (${code || 'error'}: ${text}): snapshots are paused.`,
    hint: 'Every session keeps running; saving is tried again every few seconds.',
  };
}

interface Tracked {
  mirror: SessionMirror;
  size: () => { cols: number; rows: number };
  savedSeq: number;
  lastSaveAt: number;
  timer: NodeJS.Timeout | null;
  saving: Promise<void> | null;
  /** First scrollback row not saved yet; null: the next save rewrites the whole scrollback. */
  marker: CaptureMarker | null;
  /** The mirror's fastForwardedChars at the last save: more since means rows were dropped unsaved. */
  forwardedAtSave: number;
  /** When output last arrived (ms epoch). */
  lastChangeAt: number;
}

/**
 * Saves each live session's serialized terminal (screen + scrollback, bounded) to SQLite
 * when it changed, at most every {@link SNAPSHOT_INTERVAL_MS} per session, from a timer —
 * never on the output path — and on demand (quit). One timer per changed session; an idle
 * session costs nothing. Saves are incremental: the screen plus only the rows that
 * scrolled off since the last save, appended as a chunk; a resize (rows reflow) or a
 * flood past the scrollback limit (its marker trimmed, or output the mirror fast-forwarded)
 * rewrites the scrollback once — while a flood goes on, at most every
 * {@link FLOOD_REWRITE_INTERVAL_MS}.
 */
export class SnapshotScheduler {
  private readonly tracked = new Map<string, Tracked>();
  /** Serialization time of the last snapshots (ms), for the benchmark. */
  readonly costsMs: number[] = [];

  /**
   * @param scrollbackLines lines of scrollback kept in a snapshot
   * @param intervalMs least time between two saves of a session, ms
   * @param floodRewriteMs least time between a save and a full rewrite while output keeps coming, ms
   */
  /** No save starts before this (ms epoch): set after a failed write (a full disk). */
  private retryAt = 0;
  /** The kind of problem reported while saving fails, null while saves succeed. */
  private failing: HealthProblem['kind'] | null = null;

  /**
   * @param scrollbackLines lines of scrollback kept in a snapshot
   * @param intervalMs least time between two saves of a session, ms
   * @param floodRewriteMs least time between a save and a full rewrite while output keeps coming, ms
   * @param health where a failed write (a full disk) is reported once, and cleared when saving works again
   * @param retryMs time after a failed write before saving is tried again, ms
   */
  constructor(
    private readonly repo: SnapshotRepository,
    private readonly scrollbackLines: () => number,
    private readonly intervalMs = SNAPSHOT_INTERVAL_MS,
    private readonly floodRewriteMs = FLOOD_REWRITE_INTERVAL_MS,
    private readonly health: SnapshotHealthSink | null = null,
    private readonly retryMs = SNAPSHOT_RETRY_AFTER_FAILURE_MS,
  ) {}

  /** The saved snapshot of a session (an exited one's final screen), or undefined. */
  load(sessionId: string): SessionSnapshot | undefined {
    return this.repo.get(sessionId);
  }

  /** Whether saving is paused by a failed write (a full disk) until a retry succeeds. */
  get paused(): boolean {
    return this.failing !== null;
  }

  /** Starts tracking a session's mirror. `seq` is what is already saved (0: nothing). */
  track(sessionId: string, mirror: SessionMirror, size: () => { cols: number; rows: number }, seq = 0): void {
    this.untrack(sessionId);
    this.tracked.set(sessionId, { mirror, size, savedSeq: seq, lastSaveAt: 0, timer: null, saving: null, marker: null, forwardedAtSave: mirror.fastForwardedChars, lastChangeAt: 0 });
  }

  /** Output arrived: schedule a save if none is pending. */
  changed(sessionId: string): void {
    const t = this.tracked.get(sessionId);
    if (!t) return;
    t.lastChangeAt = Date.now();
    if (t.timer) return;
    this.arm(sessionId, t, Math.max(0, t.lastSaveAt + this.intervalMs - Date.now(), this.retryAt - Date.now()));
  }

  private arm(sessionId: string, t: Tracked, waitMs: number): void {
    t.timer = setTimeout(() => {
      t.timer = null;
      // One save at a time: the one in flight arms the next when it ends (see save()).
      if (t.saving) return;
      const now = Date.now();
      // The mirror fast-forwards a flood without parsing it, so its marker is trimmed only
      // when the capture makes it parse: the drop itself tells that a rewrite is due.
      const rewrite = t.marker === null || t.marker.isDisposed || t.mirror.fastForwardedChars > t.forwardedAtSave;
      const flooding = now - t.lastChangeAt < this.intervalMs;
      if (rewrite && flooding && t.lastSaveAt > 0 && now - t.lastSaveAt < this.floodRewriteMs) {
        this.arm(sessionId, t, Math.min(this.intervalMs, t.lastSaveAt + this.floodRewriteMs - now));
        return;
      }
      void this.save(sessionId);
    }, waitMs);
  }

  /**
   * Saves now if the screen changed since the last save. Resolves when written. Saves of a
   * session never overlap: a call while one is in flight waits for it, then saves what came
   * after: otherwise every batch of a flood that arrives during a slow capture would arm a
   * save of its own, and dozens of full-scrollback captures would run back to back.
   */
  async save(sessionId: string): Promise<void> {
    const t = this.tracked.get(sessionId);
    if (!t) return;
    while (t.saving) await t.saving;
    if (!this.tracked.has(sessionId)) return;
    if (t.marker !== null && t.mirror.parsedSeq <= t.savedSeq && t.mirror.pendingChars === 0) return;
    const requestedAt = Date.now();
    t.saving = (async () => {
      const started = performance.now();
      const cap = await t.mirror.captureIncremental(t.marker, this.scrollbackLines());
      const cost = performance.now() - started;
      this.costsMs.push(cost);
      if (this.costsMs.length > 100) this.costsMs.shift();
      if (!this.tracked.has(sessionId)) {
        cap.marker?.dispose();
        return;
      }
      const { cols, rows } = t.size();
      try {
        this.repo.saveIncremental({
          sessionId,
          seq: cap.seq,
          cols,
          rows,
          screen: cap.screen,
          chunk: cap.chunk,
          rebase: cap.rebase,
          maxLines: this.scrollbackLines(),
          savedAt: Date.now(),
        });
      } catch (err) {
        // The transaction rolled back: the stored snapshot is the previous one, whole. The
        // next save rewrites the scrollback, after the retry delay; the session runs on.
        // (The capture already disposed the marker it was given when it returned a new one.)
        cap.marker?.dispose();
        t.marker = null;
        this.writeFailed(err);
        t.lastChangeAt = Date.now();
        return;
      }
      t.marker = cap.marker;
      t.forwardedAtSave = t.mirror.fastForwardedChars;
      t.savedSeq = cap.seq;
      t.lastSaveAt = Date.now();
      this.writeWorked();
    })();
    try {
      await t.saving;
    } finally {
      t.saving = null;
      // Output that arrived during the save: the next one, an interval after this one.
      if (this.tracked.get(sessionId) === t && t.lastChangeAt >= requestedAt) this.changed(sessionId);
    }
  }

  private writeFailed(err: unknown): void {
    this.retryAt = Date.now() + this.retryMs;
    const problem = snapshotWriteProblem(err, this.repo.file);
    if (this.failing === null) console.error(`[cortex] ${problem.message} ${problem.hint ?? ''}`);
    if (this.failing !== null && this.failing !== problem.kind) this.health?.clear(this.failing);
    this.failing = problem.kind;
    this.health?.report(problem);
  }

  private writeWorked(): void {
    if (this.failing === null) return;
    console.error('[cortex] snapshots are saved again.');
    this.health?.clear(this.failing);
    this.failing = null;
    this.retryAt = 0;
  }

  /** Saves every tracked session that changed (quit). */
  async saveAll(): Promise<void> {
    await Promise.all([...this.tracked.keys()].map((id) => this.save(id)));
  }

  /** The terminal was resized: rows reflow, so the next save rewrites the scrollback. */
  resized(sessionId: string): void {
    const t = this.tracked.get(sessionId);
    if (!t) return;
    t.marker?.dispose();
    t.marker = null;
    this.changed(sessionId);
  }

  untrack(sessionId: string): void {
    const t = this.tracked.get(sessionId);
    if (t?.timer) clearTimeout(t.timer);
    t?.marker?.dispose();
    this.tracked.delete(sessionId);
  }

  dispose(): void {
    for (const id of [...this.tracked.keys()]) this.untrack(id);
  }
}
