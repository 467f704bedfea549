import { describe, expect, it } from 'vitest';
import { SESSION_STATES, TASK_STATUSES, type SystemMetricsSample, type UsageRow } from '@contract';
import { agentCsvFileName, agentRowsCsv, agentUsageRows } from './agent-usage';
import { costBars, csvFileName, dashboardSeries, formatAxisValue, formatRowTokens, formatTokens, formatUSD, notReadText, rowsWithUsage, successRate } from './dashboard-series';

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function sample(at: number, over: Partial<SystemMetricsSample> = {}): SystemMetricsSample {
  return {
    at,
    app: { cpuPercent: 2, rssBytes: 200 * 1024 * 1024, processes: 1 },
    agents: [],
    sessionsByState: zero(SESSION_STATES),
    tasksByState: zero(TASK_STATUSES),
    queueDepth: 0,
    tokensTotal: 0,
    costTotalUSD: 0,
    costPerHourUSD: null,
    tokensPerMinute: null,
    cacheHitRatio: null,
    ...over,
  };
}

function usage(key: string, costUSD: number | null, output: number, over: Partial<UsageRow> = {}): UsageRow {
  return { key, tokens: { input: 0, output, cacheWrite: 0, cacheRead: 0, reasoning: 0 }, costUSD, costBasis: 'list-price estimate', unpricedModels: [], records: 1, unreadable: 0, unfoundSessions: 0, ...over };
}

describe('dashboard series', () => {
  it('turns samples into chart lines: seconds on x, unknown rates as gaps, agents of the chosen project', () => {
    const samples = [
      sample(1_000_000, {
        agents: [
          { sessionId: 'a', agent: 'claude', projectId: 'p1', cpuPercent: 30, rssBytes: 300 * 1024 * 1024, processes: 4 },
          { sessionId: 'b', agent: 'codex', projectId: 'p2', cpuPercent: 5, rssBytes: 100 * 1024 * 1024, processes: 2 },
        ],
      }),
      sample(1_015_000, { costPerHourUSD: 1.2, tokensPerMinute: 800, tasksByState: { ...zero(TASK_STATUSES), in_progress: 1, completed: 3, failed: 1 }, queueDepth: 2 }),
    ];
    const all = dashboardSeries(samples, null);
    expect(all.cost.x).toEqual([1000, 1015]);
    expect(all.cost.lines[0]!.values).toEqual([null, 1.2]);
    expect(all.tokens.lines[0]!.values).toEqual([null, 800]);
    expect(all.tasks.lines.map((l) => [l.label, l.values[1]])).toEqual([
      ['Active', 1],
      ['Queued', 2],
      ['Completed', 3],
      ['Failed', 1],
    ]);
    expect(all.success.lines[0]!.values).toEqual([null, 75]);
    expect(all.cpu.lines[1]!.values[0]).toBe(35);
    expect(all.memory.lines.map((l) => l.values[0])).toEqual([200, 400]);
    const p1 = dashboardSeries(samples, 'p1');
    expect(p1.cpu.lines[1]!.values[0]).toBe(30);
    expect(p1.memory.lines[1]!.values[0]).toBe(300);
    expect(successRate(samples[0]!)).toBeNull();
  });

  it('orders cost bars by cost, keeps unknown cost unknown, and scales by tokens when no cost is known', () => {
    const bars = costBars([usage('gemini', null, 9000), usage('claude', 2, 100), usage('codex', 0.5, 50)]);
    expect(bars.map((b) => [b.key, b.costUSD, Math.round(b.pct)])).toEqual([
      ['claude', 2, 100],
      ['codex', 0.5, 25],
      ['gemini', null, 0],
    ]);
    expect(costBars([usage('a', null, 100), usage('b', null, 50)]).map((b) => b.pct)).toEqual([100, 50]);
    expect(costBars([usage('', 1, 1)])[0]!.label).toBe('(unknown)');
  });

  it('shows what could not be read as unknown, never as 0: "unknown" when nothing was read, "≥" when part was', () => {
    const bars = costBars([usage('claude', null, 14_200, { unreadable: 2 }), usage('silent', null, 0, { records: 0, unfoundSessions: 1 }), usage('codex', 0.5, 812)]);
    expect(bars.map((b) => [b.key, b.tokensText, b.notRead])).toEqual([
      ['codex', '812', ''],
      ['claude', '≥14.2k', '2 usage records could not be read: tokens and cost unknown'],
      ['silent', 'unknown', '1 session could not be read: tokens and cost unknown'],
    ]);
    expect(notReadText({ unreadable: 1, unfoundSessions: 2 })).toBe('1 usage record and 2 sessions could not be read: tokens and cost unknown');
    expect(formatRowTokens(0, { unreadable: 0, unfoundSessions: 0, records: 0 })).toBe('0');
    const rows = agentUsageRows(null, [usage('silent', null, 0, { records: 0, unfoundSessions: 1 })], [], null);
    expect(rows[0]).toMatchObject({ agent: 'silent', costUSD: null, tokens: 0, tokensText: 'unknown', notRead: '1 session could not be read: tokens and cost unknown' });
  });

  it('formats money, tokens and the export file name', () => {
    expect([formatUSD(null), formatUSD(0), formatUSD(0.00421), formatUSD(1.266), formatUSD(12040)]).toEqual(['unknown', '$0', '$0.0042', '$1.27', '$12,040']);
    expect([formatTokens(812), formatTokens(14_200), formatTokens(3_400_000)]).toEqual(['812', '14.2k', '3.4M']);
    expect(csvFileName('24h', Date.UTC(2026, 11, 6, 21, 5))).toBe('cortex-metrics-24h-2026-12-06T21-05.csv');
    expect([1_000_000, 500_000, 12_500, 950, 0.25, 0].map(formatAxisValue)).toEqual(['1M', '500k', '12.5k', '950', '0.25', '0']);
  });

  it('leaves out of the bars a model with no tokens at all, never one whose usage could not be read', () => {
    const rows = [usage('claude-sonnet-4-5', 1, 100), usage('<synthetic>', 0, 0), usage('lost', null, 0, { records: 0, unfoundSessions: 1 })];
    expect(rowsWithUsage(rows).map((r) => r.key)).toEqual(['claude-sonnet-4-5', 'lost']);
  });

  it('joins task stats, usage and task times per agent; an agent without usage reads "not recorded" (null), never $0', () => {
    const stats = {
      total: 3, active: 0, queued: 0, completed: 2, failed: 1, cancelled: 0, successRate: 2 / 3, averageDurationMs: 1000, iterationsPerTask: 1, agentSwitches: 0,
      perAgent: [
        { agent: 'claude', attempts: 2, successes: 2, successRate: 1, averageQuality: 0.9 },
        { agent: 'shell', attempts: 1, successes: 0, successRate: 0, averageQuality: 0 },
      ],
    };
    const tasks = [
      { agent: 'claude', status: 'completed' as const, startedAt: 0, endedAt: 60_000, projectId: 'p1' },
      { agent: 'claude', status: 'completed' as const, startedAt: 0, endedAt: 120_000, projectId: 'p1' },
      { agent: 'shell', status: 'failed' as const, startedAt: 0, endedAt: 5_000, projectId: 'p2' },
      { agent: 'shell', status: 'in_progress' as const, startedAt: 0, endedAt: null, projectId: 'p2' },
    ];
    const rows = agentUsageRows(stats, [usage('claude', 1.5, 3000), usage('codex', 0.25, 10)], tasks, null);
    expect(rows.map((r) => [r.agent, r.attempts, r.costUSD, r.tokens, r.averageTaskMs])).toEqual([
      ['claude', 2, 1.5, 3000, 90_000],
      ['shell', 1, null, null, 5_000],
      ['codex', 0, 0.25, 10, null],
    ]);
    expect(agentUsageRows(stats, [], tasks, 'p1').find((r) => r.agent === 'shell')!.averageTaskMs).toBeNull();
    // A period: only the tasks that ended in it count towards the mean time.
    expect(agentUsageRows(stats, [], tasks, null, 100_000).find((r) => r.agent === 'claude')!.averageTaskMs).toBe(120_000);
  });

  it('exports the per-agent rows as CSV: quoted where needed, unknown as an empty cell, never 0; a file name that names the filters', () => {
    const stats = {
      total: 1, active: 0, queued: 0, completed: 1, failed: 0, cancelled: 0, successRate: 1, averageDurationMs: 1000, iterationsPerTask: 1, agentSwitches: 0,
      perAgent: [{ agent: 'claude', attempts: 1, successes: 1, successRate: 1, averageQuality: 0.9 }],
    };
    const rows = agentUsageRows(stats, [usage('claude', 1.5, 3000), usage('silent', null, 0, { records: 0, unfoundSessions: 1 })], [{ agent: 'claude', status: 'completed', startedAt: 0, endedAt: 1000, projectId: 'p1' }], null);
    const csv = agentRowsCsv(rows, (a) => (a === 'claude' ? 'Claude, "Code"' : a));
    expect(csv.split('\n')).toEqual([
      'agent,name,attempts,successes,success_rate,avg_quality,cost_usd,tokens,avg_task_ms,not_read',
      'claude,"Claude, ""Code""",1,1,1,0.9,1.5,3000,1000,',
      'silent,silent,0,0,,,,,,1 session could not be read: tokens and cost unknown',
      '',
    ]);
    expect(agentCsvFileName('7d', 'my app/α', Date.UTC(2026, 11, 6, 21, 5))).toBe('cortex-agents-7d-my_app_-2026-12-06T21-05.csv');
    expect(agentCsvFileName('24h', null, Date.UTC(2026, 11, 6, 21, 5))).toBe('cortex-agents-24h-all-projects-2026-12-06T21-05.csv');
  });
});
