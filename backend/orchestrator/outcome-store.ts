import type { Db } from '../store/database.js';
import { applyOutcome, EMPTY_STATS, sumStats, type AgentRecord, type OutcomeStats, type TaskOutcome } from './outcome-history.js';

interface Row {
  project_id: string;
  agent: string;
  intent: string;
  domain: string;
  tasks: number;
  passed: number;
  iterations: number;
  switches: number;
  duration_ms: number;
  cost_usd: number;
  cost_known: number;
}

const toStats = (r: Row): OutcomeStats => ({
  tasks: r.tasks,
  passed: r.passed,
  iterations: r.iterations,
  switches: r.switches,
  durationMs: r.duration_ms,
  costUsd: r.cost_usd,
  costKnown: r.cost_known,
});

/**
 * Per-agent outcome history in SQLite (table `agent_outcomes`): one row per project, agent,
 * intent and domain, updated by {@link applyOutcome} in a transaction.
 */
export class OutcomeStore {
  constructor(private readonly db: Db) {}

  /** Adds one finished attempt to the history. `at`: ms since the epoch. */
  record(key: { projectId: string; agent: string; intent: string; domain: string }, outcome: TaskOutcome, at = Date.now()): OutcomeStats {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[string, string, string, string], Row>('SELECT * FROM agent_outcomes WHERE project_id = ? AND agent = ? AND intent = ? AND domain = ?')
        .get(key.projectId, key.agent, key.intent, key.domain);
      const next = applyOutcome(row ? toStats(row) : undefined, outcome);
      this.db
        .prepare(
          `INSERT INTO agent_outcomes (project_id, agent, intent, domain, tasks, passed, iterations, switches, duration_ms, cost_usd, cost_known, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (project_id, agent, intent, domain) DO UPDATE SET tasks = excluded.tasks, passed = excluded.passed, iterations = excluded.iterations,
             switches = excluded.switches, duration_ms = excluded.duration_ms, cost_usd = excluded.cost_usd, cost_known = excluded.cost_known, updated_at = excluded.updated_at`,
        )
        .run(key.projectId, key.agent, key.intent, key.domain, next.tasks, next.passed, next.iterations, next.switches, next.durationMs, next.costUsd, next.costKnown, at);
      return next;
    })();
  }

  /** Per agent: its record on the same intent (every domain) and on the same domain (other intents) in the project. */
  records(projectId: string, intent: string, domain: string): Map<string, AgentRecord> {
    const rows = this.db.prepare<[string], Row>('SELECT * FROM agent_outcomes WHERE project_id = ?').all(projectId);
    const out = new Map<string, { intent: OutcomeStats[]; domain: OutcomeStats[] }>();
    for (const r of rows) {
      const e = out.get(r.agent) ?? { intent: [], domain: [] };
      if (r.intent === intent) e.intent.push(toStats(r));
      else if (r.domain === domain) e.domain.push(toStats(r));
      out.set(r.agent, e);
    }
    return new Map([...out].map(([agent, e]) => [agent, { intent: e.intent.length ? sumStats(e.intent) : EMPTY_STATS, domain: e.domain.length ? sumStats(e.domain) : EMPTY_STATS }]));
  }
}
