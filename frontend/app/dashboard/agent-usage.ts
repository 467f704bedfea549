import type { Result, Task, UsageRow } from '@contract';
import { stringify } from 'csv-stringify/browser/esm/sync';
import { formatRowTokens, notReadText } from './dashboard-series';

/** One row of the dashboard's per-agent table. */
export interface AgentUsageRow {
  agent: string;
  attempts: number;
  successes: number;
  successRate: number | null;
  averageQuality: number | null;
  /** List-price estimate over the period, USD; null when unknown or not recorded (never 0 for unknown). */
  costUSD: number | null;
  /** Tokens over the period; null when the agent recorded none we can read (shell, an agent without usage records). */
  tokens: number | null;
  /** The tokens as shown: `14.2k`, `≥14.2k` when part could not be read, `unknown` when none could; '—' when not recorded. */
  tokensText: string;
  /** What of its usage could not be read, in words; '' when everything could. */
  notRead: string;
  /** Mean endedAt − startedAt of the finished tasks this agent ended, ms; null when none. */
  averageTaskMs: number | null;
}

/**
 * Per agent: attempts, success rate and quality (`tasks.stats`), tokens and cost of the period
 * (`usage.summary` by agent) and the mean time of the finished tasks it ended (of `projectId`
 * when given, ended from `since` on when given, ms since the epoch). Every agent with either
 * attempts or usage gets a row, ordered by attempts then cost. Pure.
 */
export function agentUsageRows(
  stats: Result<'tasks.stats'> | null,
  usage: readonly UsageRow[],
  tasks: readonly Pick<Task, 'agent' | 'status' | 'startedAt' | 'endedAt' | 'projectId'>[],
  projectId: string | null,
  since: number | null = null,
): AgentUsageRow[] {
  const agents = new Set<string>([...(stats?.perAgent ?? []).map((a) => a.agent), ...usage.map((u) => u.key)]);
  const times = new Map<string, number[]>();
  for (const t of tasks) {
    if (projectId !== null && t.projectId !== projectId) continue;
    if ((t.status !== 'completed' && t.status !== 'failed') || t.startedAt === null || t.endedAt === null || !t.agent) continue;
    if (since !== null && t.endedAt < since) continue;
    const list = times.get(t.agent) ?? [];
    list.push(t.endedAt - t.startedAt);
    times.set(t.agent, list);
  }
  return [...agents]
    .map((agent) => {
      const s = stats?.perAgent.find((a) => a.agent === agent);
      const u = usage.find((r) => r.key === agent);
      const ms = times.get(agent);
      const tokens = u ? u.tokens.input + u.tokens.output + u.tokens.cacheWrite + u.tokens.cacheRead : null;
      return {
        agent,
        attempts: s?.attempts ?? 0,
        successes: s?.successes ?? 0,
        successRate: s?.successRate ?? null,
        averageQuality: s?.averageQuality ?? null,
        costUSD: u ? u.costUSD : null,
        tokens,
        tokensText: u && tokens !== null ? formatRowTokens(tokens, u) : '—',
        notRead: u ? notReadText(u) : '',
        averageTaskMs: ms?.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : null,
      };
    })
    .sort((a, b) => b.attempts - a.attempts || (b.costUSD ?? -1) - (a.costUSD ?? -1) || a.agent.localeCompare(b.agent));
}

/** Columns of the per-agent CSV export, in order. */
export const AGENT_CSV_COLUMNS = ['agent', 'name', 'attempts', 'successes', 'success_rate', 'avg_quality', 'cost_usd', 'tokens', 'avg_task_ms', 'not_read'] as const;

/**
 * The per-agent table as CSV (RFC 4180 quoting by `csv-stringify`, rows ending in LF), a header
 * row first ({@link AGENT_CSV_COLUMNS}): ratios as 0..1, cost in USD (list-price estimate),
 * tokens (a lower bound when `not_read` says part could not be read), ms. An unknown or
 * unrecorded figure is an empty cell, never 0. Pure.
 * @param nameOf the agent's display name
 */
export function agentRowsCsv(rows: readonly AgentUsageRow[], nameOf: (agent: string) => string): string {
  const body = rows.map((r) => [r.agent, nameOf(r.agent), r.attempts, r.successes, r.successRate ?? '', r.averageQuality ?? '', r.costUSD ?? '', r.tokensText === 'unknown' ? '' : (r.tokens ?? ''), r.averageTaskMs ?? '', r.notRead]);
  return stringify([[...AGENT_CSV_COLUMNS], ...body], { record_delimiter: 'unix' });
}

/**
 * File name of the per-agent export: `cortex-agents-<period>-<project>-<YYYY-MM-DDTHH-MM>.csv`
 * (UTC), the project's name reduced to letters, digits, `.`, `_` and `-` (`all-projects` when
 * none is chosen).
 */
export function agentCsvFileName(period: string, projectName: string | null, now: number): string {
  const project = projectName === null ? 'all-projects' : projectName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'project';
  return `cortex-agents-${period}-${project}-${new Date(now).toISOString().slice(0, 16).replace(':', '-')}.csv`;
}
