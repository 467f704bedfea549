import type { Db } from './database.js';

/**
 * Rows of `runs`: one per start of the backend. A run whose `ended_at` is null and whose
 * pid is gone crashed (or was killed with SIGKILL): its live sessions need recovery.
 */
export class RunRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare('INSERT INTO runs (id, pid, started_at) VALUES (?, ?, ?)'),
      end: db.prepare('UPDATE runs SET ended_at = ? WHERE id = ?'),
      unended: db.prepare<[string], { id: string; pid: number; started_at: number }>('SELECT id, pid, started_at FROM runs WHERE ended_at IS NULL AND id != ?'),
    };
  }

  begin(id: string, pid: number, at = Date.now()): void {
    this.stmts.insert.run(id, pid, at);
  }

  end(id: string, at = Date.now()): void {
    this.stmts.end.run(at, id);
  }

  /** Runs other than `current` that never recorded their end. */
  unended(current: string): { id: string; pid: number; startedAt: number }[] {
    return this.stmts.unended.all(current).map((r) => ({ id: r.id, pid: r.pid, startedAt: r.started_at }));
  }
}
