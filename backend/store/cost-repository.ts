import type { UsageGroup, UsageRow } from '../contract/index.js';
import type { Db } from './database.js';

/** Where a usage row came from, and how the session pays. */
export type CostSource = 'claude-transcript' | 'codex-rollout' | 'otlp';
export type Billing = 'api' | 'subscription' | 'unknown';

/** Usage to add to `cost_tracking` (tokens; USD at list price or null when unknown). */
export interface CostEntry {
  sessionId: string;
  projectId: string;
  agent: string;
  taskId: string | null;
  model: string | null;
  source: CostSource;
  billing: Billing;
  /** When the usage happened, ms since the epoch (summed into its UTC hour). */
  at: number;
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  reasoning: number;
  /** List-price estimate in USD, or null when unpriced or on a subscription. */
  costUSD: number | null;
  /** Usage records this entry sums. */
  records: number;
  /** Records (lines, data points) that could not be read: their tokens and cost are unknown. Default 0. */
  unreadable?: number;
}

/** Filter of {@link CostRepository.summary}: ms since the epoch, `until` exclusive. */
export interface CostFilter {
  projectId?: string;
  taskId?: string;
  since?: number;
  until?: number;
}

const HOUR_MS = 3_600_000;
const GROUP_SQL: Record<UsageGroup, string> = {
  project: 'project_id',
  agent: 'agent',
  model: 'model',
  session: 'session_id',
  task: "coalesce(task_id, '')",
  day: "strftime('%Y-%m-%d', hour / 1000, 'unixepoch')",
};

interface SummaryRow {
  key: string;
  input: number;
  output: number;
  cache_write: number;
  cache_read: number;
  reasoning: number;
  cost: number | null;
  unpriced: number;
  records: number;
  unpriced_models: string | null;
  unreadable: number;
  unfound: number;
}

/**
 * Rows of `cost_tracking`: usage summed per session, UTC hour, model and source, so a
 * period query reads hours, not messages, and the table grows with time, not with traffic.
 */
export class CostRepository {
  private readonly add;
  private readonly s;

  constructor(private readonly db: Db) {
    this.add = db.prepare(`
      INSERT INTO cost_tracking (session_id, hour, model, project_id, agent, task_id, source, billing,
        input, output, cache_write, cache_read, reasoning, cost_usd, unpriced, records, unreadable, unfound)
      VALUES (@sessionId, @hour, @model, @projectId, @agent, @taskId, @source, @billing,
        @input, @output, @cacheWrite, @cacheRead, @reasoning, @cost, @unpriced, @records, @unreadable, @unfound)
      ON CONFLICT (session_id, hour, model, source) DO UPDATE SET
        input = input + excluded.input, output = output + excluded.output,
        cache_write = cache_write + excluded.cache_write, cache_read = cache_read + excluded.cache_read,
        reasoning = reasoning + excluded.reasoning,
        cost_usd = CASE WHEN excluded.cost_usd IS NULL THEN cost_usd ELSE coalesce(cost_usd, 0) + excluded.cost_usd END,
        unpriced = unpriced + excluded.unpriced, records = records + excluded.records,
        unreadable = unreadable + excluded.unreadable, unfound = max(unfound, excluded.unfound),
        task_id = coalesce(excluded.task_id, task_id), billing = excluded.billing`);
    this.s = {
      hasUsage: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM cost_tracking WHERE session_id = ? AND (records > 0 OR unreadable > 0) LIMIT 1'),
      offset: db.prepare<[string, string], { bytes: number }>('SELECT bytes FROM usage_offsets WHERE session_id = ? AND path = ?'),
      saveOffset: db.prepare<[string, string, number, number]>('INSERT OR REPLACE INTO usage_offsets (session_id, path, bytes, at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Adds usage to its (session, hour, model, source) row. */
  record(e: CostEntry): void {
    this.put(e, 0);
  }

  /**
   * Marks a session whose usage record was never found (no transcript named, no rollout file,
   * no export received): its tokens and cost read as unknown, never as 0, until usage of it is
   * recorded after all. `e`'s token counts are ignored.
   */
  markUnfound(e: Omit<CostEntry, 'input' | 'output' | 'cacheWrite' | 'cacheRead' | 'reasoning' | 'costUSD' | 'records' | 'unreadable'>): void {
    this.put({ ...e, input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0, costUSD: null, records: 0 }, 1);
  }

  /** True when usage (a record, or a record that could not be read) was recorded for the session. */
  hasUsage(sessionId: string): boolean {
    return this.s.hasUsage.get(sessionId) !== undefined;
  }

  /** Bytes of `path` already read into this table for the session (complete lines), or null. */
  usageOffset(sessionId: string, path: string): number | null {
    return this.s.offset.get(sessionId, path)?.bytes ?? null;
  }

  /** Keeps how far `path` was read for the session (bytes; at: ms since the epoch). */
  saveUsageOffset(sessionId: string, path: string, bytes: number, at: number): void {
    this.s.saveOffset.run(sessionId, path, bytes, at);
  }

  private put(e: CostEntry, unfound: 0 | 1): void {
    const tokens = e.input + e.output + e.cacheWrite + e.cacheRead;
    this.add.run({
      ...e,
      model: e.model ?? '',
      hour: Math.floor(e.at / HOUR_MS) * HOUR_MS,
      cost: e.costUSD,
      unpriced: e.costUSD === null && tokens > 0 ? e.records : 0,
      unreadable: e.unreadable ?? 0,
      unfound,
    });
  }

  /**
   * Every token and the priced cost recorded so far: `tokens` is input + output + cache
   * writes + cache reads (reasoning is part of output), `costUSD` sums the priced rows only
   * (a rate computed from it is a lower bound when some usage is unpriced).
   */
  totals(): { tokens: number; costUSD: number } {
    const r = this.db
      .prepare<[], { tokens: number | null; cost: number | null }>('SELECT sum(input + output + cache_write + cache_read) AS tokens, sum(cost_usd) AS cost FROM cost_tracking')
      .get();
    return { tokens: r?.tokens ?? 0, costUSD: r?.cost ?? 0 };
  }

  /**
   * Tokens and cost grouped by `groupBy`. A group's cost is null when any of its usage has
   * no known cost (unpriced model or subscription), some of its records could not be read, or
   * one of its sessions' usage record was never found: a partial sum would read as a bill.
   * Its tokens are then what could be read, and `unreadable` / `unfoundSessions` say what is missing.
   */
  summary(groupBy: UsageGroup, filter: CostFilter = {}): UsageRow[] {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (filter.projectId !== undefined) (where.push('project_id = @projectId'), (args.projectId = filter.projectId));
    if (filter.taskId !== undefined) (where.push('task_id = @taskId'), (args.taskId = filter.taskId));
    if (filter.since !== undefined) (where.push('hour >= @since'), (args.since = Math.floor(filter.since / HOUR_MS) * HOUR_MS));
    if (filter.until !== undefined) (where.push('hour < @until'), (args.until = filter.until));
    const key = GROUP_SQL[groupBy];
    const rows = this.db
      .prepare<Record<string, unknown>, SummaryRow>(
        `SELECT ${key} AS key, sum(input) AS input, sum(output) AS output, sum(cache_write) AS cache_write,
           sum(cache_read) AS cache_read, sum(reasoning) AS reasoning, sum(cost_usd) AS cost,
           sum(unpriced) AS unpriced, sum(records) AS records, sum(unreadable) AS unreadable,
           count(DISTINCT CASE WHEN unfound > 0 AND NOT EXISTS (SELECT 1 FROM cost_tracking u
             WHERE u.session_id = cost_tracking.session_id AND (u.records > 0 OR u.unreadable > 0)) THEN session_id END) AS unfound,
           group_concat(DISTINCT CASE WHEN unpriced > 0 THEN (CASE WHEN billing = 'subscription' THEN 'subscription' ELSE coalesce(nullif(model, ''), 'unknown model') END) END) AS unpriced_models
         FROM cost_tracking ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY ${key} ORDER BY key`,
      )
      .all(args);
    return rows.map((r) => ({
      key: r.key,
      tokens: { input: r.input, output: r.output, cacheWrite: r.cache_write, cacheRead: r.cache_read, reasoning: r.reasoning },
      costUSD: r.unpriced > 0 || r.unreadable > 0 || r.unfound > 0 ? null : (r.cost ?? 0),
      costBasis: 'list-price estimate',
      unpricedModels: r.unpriced_models ? r.unpriced_models.split(',').sort() : [],
      records: r.records,
      unreadable: r.unreadable,
      unfoundSessions: r.unfound,
    }));
  }
}
