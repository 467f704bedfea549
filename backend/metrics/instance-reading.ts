import { SESSION_STATES, TASK_STATUSES, type Session, type SessionState, type TaskStatus } from '../contract/index.js';
import type { SampleReading } from './metrics-sampler.js';
import { processTreeUsage } from './process-usage.js';

/** Where a sample's figures come from (plain functions: the metrics room imports no service). */
export interface InstanceSources {
  /** The backend's own pid (its usage is read without its children). */
  appPid: number;
  sessions: () => readonly Pick<Session, 'id' | 'agent' | 'projectId' | 'state' | 'pid'>[];
  tasks: () => readonly { status: TaskStatus }[];
  /** Cumulative tokens and priced USD recorded so far. */
  costTotals: () => { tokens: number; costUSD: number };
  /** The cache's lookup counters: hot-tier hits and misses, and cold-tier hits (a cold lookup follows each hot miss). */
  cacheCounts: () => { hotHits: number; hotMisses: number; coldHits: number };
}

/** How many items of each state, every state present (0 when none). Pure. */
export function countStates<K extends string>(keys: readonly K[], values: Iterable<K>): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) if (v in out) out[v]++;
  return out;
}

/**
 * The two-tier cache's overall hit ratio: lookups answered by either tier over all lookups
 * (every lookup starts in the hot tier), null before the first lookup. Pure.
 */
export function overallHitRatio(c: { hotHits: number; hotMisses: number; coldHits: number }): number | null {
  const lookups = c.hotHits + c.hotMisses;
  return lookups ? Math.min(1, (c.hotHits + c.coldHits) / lookups) : null;
}

/**
 * Reads one sample's figures: CPU and memory of the app and of each live session's process
 * tree, sessions per state, tasks per status, queue depth (pending tasks), cumulative tokens
 * and cost, cache hit ratio.
 */
export async function readInstance(src: InstanceSources): Promise<SampleReading> {
  const sessions = src.sessions();
  const live = sessions.filter((s) => s.pid !== null && s.state !== 'exited');
  const usage = await processTreeUsage(
    live.map((s) => s.pid!),
    [src.appPid],
  );
  const tasks = src.tasks();
  const totals = src.costTotals();
  const none = { cpuPercent: 0, rssBytes: 0, processes: 0 };
  return {
    app: usage.get(src.appPid) ?? none,
    agents: live.map((s) => ({ sessionId: s.id, agent: s.agent, projectId: s.projectId, ...(usage.get(s.pid!) ?? none) })),
    sessionsByState: countStates<SessionState>(SESSION_STATES, sessions.map((s) => s.state)),
    tasksByState: countStates<TaskStatus>(TASK_STATUSES, tasks.map((t) => t.status)),
    queueDepth: tasks.filter((t) => t.status === 'pending').length,
    tokensTotal: totals.tokens,
    costTotalUSD: Math.round(totals.costUSD * 1e6) / 1e6,
    cacheHitRatio: overallHitRatio(src.cacheCounts()),
  };
}
