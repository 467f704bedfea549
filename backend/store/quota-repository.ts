import type { Db } from './database.js';

/** One agent's quota hold: no new start before `until` (ms since the epoch). */
export interface QuotaHoldRecord {
  until: number;
  reason: string;
  at: number;
}

/** Rows of `agent_quota`: each agent's quota hold, kept across restarts. */
export class QuotaRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      all: db.prepare<[], { agent: string; until: number; reason: string; at: number }>('SELECT agent, until, reason, at FROM agent_quota'),
      put: db.prepare<[string, number, string, number]>('INSERT OR REPLACE INTO agent_quota (agent, until, reason, at) VALUES (?, ?, ?, ?)'),
      drop: db.prepare<[string]>('DELETE FROM agent_quota WHERE agent = ?'),
    };
  }

  all(): Map<string, QuotaHoldRecord> {
    return new Map(this.s.all.all().map((r) => [r.agent, { until: r.until, reason: r.reason, at: r.at }]));
  }

  put(agent: string, h: QuotaHoldRecord): void {
    this.s.put.run(agent, h.until, h.reason, h.at);
  }

  drop(agent: string): void {
    this.s.drop.run(agent);
  }
}
