import type { Breaker } from '../contract/index.js';
import type { Db } from './database.js';

/** The persisted part of an agent profile's circuit breaker. Times are ms since the epoch. */
export interface BreakerRecord {
  state: Breaker['state'];
  failures: number[];
  openedAt: number | null;
}

/** Rows of `agent_breakers`: each agent profile's circuit breaker, kept across restarts. */
export class BreakerRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      all: db.prepare<[], { agent: string; state: BreakerRecord['state']; failures: string; opened_at: number | null }>(
        'SELECT agent, state, failures, opened_at FROM agent_breakers',
      ),
      put: db.prepare('INSERT OR REPLACE INTO agent_breakers (agent, state, failures, opened_at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Every stored breaker by agent id; rows that do not parse are skipped (the breaker starts closed). */
  all(): Map<string, BreakerRecord> {
    const out = new Map<string, BreakerRecord>();
    for (const r of this.stmts.all.all()) {
      try {
        const failures = JSON.parse(r.failures) as unknown;
        if (Array.isArray(failures) && failures.every((f) => typeof f === 'number')) {
          out.set(r.agent, { state: r.state, failures, openedAt: r.opened_at });
        }
      } catch {
        /* corrupt row: closed */
      }
    }
    return out;
  }

  put(agent: string, rec: BreakerRecord): void {
    this.stmts.put.run(agent, rec.state, JSON.stringify(rec.failures), rec.openedAt);
  }
}
