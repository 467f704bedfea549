import type { Orphan, RestoreMode, Session } from '../contract/index.js';
import type { SessionManager } from './session-manager.js';
import type { RunRepository } from '../store/run-repository.js';
import type { SessionRepository } from '../store/session-repository.js';
import type { SnapshotRepository } from '../store/snapshot-repository.js';
import { findOrphans } from '../recovery/orphans.js';

/** What startup recovery did. */
export interface RecoveryReport {
  restored: Session[];
  discarded: string[];
  orphans: Orphan[];
  /** Runs that ended without recording it (crash, SIGKILL). */
  crashedRuns: number;
}

/**
 * At start: every session that was live when the app last ran — after a quit, a crash or
 * `kill -9` — comes back with its saved screen, per `mode` (relaunched with its resume
 * arguments, kept closed, or discarded). Processes that crashed runs left alive are
 * looked up (orphans) so the user can end them; the crashed runs are marked ended.
 */
export function recoverLastRun(
  d: { sessions: SessionRepository; snapshots: SnapshotRepository; runs: RunRepository; manager: SessionManager; runId: string },
  mode: RestoreMode,
): RecoveryReport {
  const crashed = d.runs.unended(d.runId);
  const crashedIds = new Set(crashed.map((r) => r.id));
  const stale = d.sessions.list().filter((s) => s.state !== 'exited');
  const orphans = findOrphans(
    stale.filter((s) => s.pid !== null && crashedIds.has(d.sessions.runOf(s.id) ?? '')).map((s) => ({ sessionId: s.id, pid: s.pid! })),
  );
  for (const r of crashed) d.runs.end(r.id);
  const restored: Session[] = [];
  const discarded: string[] = [];
  for (const s of stale) {
    if (mode === 'discard') {
      d.sessions.remove(s.id);
      discarded.push(s.id);
    } else {
      restored.push(d.manager.restoreFromLastRun(s, d.snapshots.get(s.id), mode));
    }
  }
  return { restored, discarded, orphans, crashedRuns: crashed.length };
}
