import type { Db } from './database.js';

/** A saved terminal state: serialized screen and scrollback at output batch `seq`. */
export interface SessionSnapshot {
  sessionId: string;
  seq: number;
  cols: number;
  rows: number;
  /** serialize-addon output (VT sequences). */
  data: string;
  /** ms since the epoch. */
  savedAt: number;
}

interface Row {
  session_id: string;
  seq: number;
  cols: number;
  rows: number;
  data: string;
  saved_at: number;
}

/**
 * Rows of `session_snapshots`: one, the latest, per session. Each save is one statement in
 * its own transaction (INSERT OR REPLACE), so a write cut short leaves the previous
 * snapshot whole (SQLite's atomic commit; WAL).
 */
export class SnapshotRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      save: db.prepare(
        'INSERT OR REPLACE INTO session_snapshots (session_id, seq, cols, rows, data, bytes, saved_at) VALUES (@sessionId, @seq, @cols, @rows, @data, @bytes, @savedAt)',
      ),
      get: db.prepare<[string], Row>('SELECT session_id, seq, cols, rows, data, saved_at FROM session_snapshots WHERE session_id = ?'),
    };
  }

  save(s: SessionSnapshot): void {
    this.stmts.save.run({ ...s, bytes: Buffer.byteLength(s.data) });
  }

  get(sessionId: string): SessionSnapshot | undefined {
    const r = this.stmts.get.get(sessionId);
    return r && { sessionId: r.session_id, seq: r.seq, cols: r.cols, rows: r.rows, data: r.data, savedAt: r.saved_at };
  }
}
