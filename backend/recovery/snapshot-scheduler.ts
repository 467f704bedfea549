import type { CaptureMarker, SessionMirror } from '../pty/session-mirror.js';
import type { SnapshotRepository } from '../store/snapshot-repository.js';
import { FLOOD_REWRITE_INTERVAL_MS, SNAPSHOT_INTERVAL_MS } from './constants.js';

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
  constructor(
    private readonly repo: SnapshotRepository,
    private readonly scrollbackLines: () => number,
    private readonly intervalMs = SNAPSHOT_INTERVAL_MS,
    private readonly floodRewriteMs = FLOOD_REWRITE_INTERVAL_MS,
  ) {}

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
    this.arm(sessionId, t, Math.max(0, t.lastSaveAt + this.intervalMs - Date.now()));
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
   * after. (Before, every batch of a flood that arrived during a slow capture armed a save
   * of its own, and dozens of full-scrollback captures ran back to back.)
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
      t.marker = cap.marker;
      t.forwardedAtSave = t.mirror.fastForwardedChars;
      const { cols, rows } = t.size();
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
      t.savedSeq = cap.seq;
      t.lastSaveAt = Date.now();
    })();
    try {
      await t.saving;
    } finally {
      t.saving = null;
      // Output that arrived during the save: the next one, an interval after this one.
      if (this.tracked.get(sessionId) === t && t.lastChangeAt >= requestedAt) this.changed(sessionId);
    }
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
