import { LRUCache } from 'lru-cache';
import { PtySession } from '../pty/pty-session.js';
import type { SessionSnapshot } from '../store/snapshot-repository.js';

/** Exited sessions of earlier runs whose screens are held in memory at once (LRU). */
export const MAX_EXITED_VIEWS = 8;

/**
 * The final screen and scrollback of sessions that exited in an earlier run (no process,
 * no live pipeline), loaded from their saved snapshot when first asked for (`screen`,
 * `attach`) and kept for the {@link MAX_EXITED_VIEWS} most recently used. The snapshot is
 * bounded by the scrollback setting and is deleted with the session (ON DELETE CASCADE).
 */
export class ExitedViews {
  private readonly views: LRUCache<string, PtySession>;

  /**
   * @param load the saved snapshot of a session, or undefined
   * @param scrollbackLines lines of scrollback of a view's mirror
   */
  constructor(
    private readonly load: (sessionId: string) => SessionSnapshot | undefined,
    private readonly scrollbackLines: () => number,
    max = MAX_EXITED_VIEWS,
  ) {
    this.views = new LRUCache<string, PtySession>({ max, dispose: (pty) => pty.dispose() });
  }

  /** The session's final terminal, or undefined when nothing was saved. */
  get(sessionId: string): PtySession | undefined {
    let view = this.views.get(sessionId);
    if (view) return view;
    const snap = this.load(sessionId);
    if (!snap) return undefined;
    view = new PtySession({ cols: snap.cols, rows: snap.rows }, this.scrollbackLines());
    view.inject(snap.data);
    this.views.set(sessionId, view);
    return view;
  }

  /** Forgets a session's view (it was removed, or is live again). */
  drop(sessionId: string): void {
    this.views.delete(sessionId);
  }

  dispose(): void {
    this.views.clear();
  }
}
