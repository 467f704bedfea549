import type { SystemMetricsSample, UsageRow } from '@contract';

/** Periods the dashboard offers, with their length in ms. */
export const DASHBOARD_PERIODS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type DashboardPeriod = keyof typeof DASHBOARD_PERIODS;

/** One line of a time chart: its label, unit and value per sample (null: unknown, drawn as a gap). */
export interface ChartLine {
  label: string;
  values: (number | null)[];
}

/** A time chart's data: x as seconds since the epoch (uPlot's unit) and its lines. */
export interface ChartData {
  x: number[];
  lines: ChartLine[];
}

/** Agents of `projectId` (all when null) summed per sample: CPU % of one core and RSS bytes. */
function agentsOf(s: SystemMetricsSample, projectId: string | null): { cpu: number; rss: number } {
  let cpu = 0;
  let rss = 0;
  for (const a of s.agents) {
    if (projectId !== null && a.projectId !== projectId) continue;
    cpu += a.cpuPercent;
    rss += a.rssBytes;
  }
  return { cpu, rss };
}

/**
 * The dashboard's time series from stored samples (oldest first): cost per hour (USD),
 * tokens per minute, tasks (active, queued, completed, failed), success rate (% of finished
 * tasks that completed; null before any finished), CPU (% of one core) and memory (MiB) of
 * the app and of the agents (of one project when `projectId` is given). Pure.
 */
export function dashboardSeries(samples: readonly SystemMetricsSample[], projectId: string | null) {
  const x = samples.map((s) => Math.floor(s.at / 1000));
  const line = (label: string, f: (s: SystemMetricsSample) => number | null): ChartLine => ({ label, values: samples.map(f) });
  const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  return {
    cost: { x, lines: [line('USD per hour', (s) => s.costPerHourUSD)] },
    tokens: { x, lines: [line('Tokens per minute', (s) => s.tokensPerMinute)] },
    tasks: {
      x,
      lines: [
        line('Active', (s) => s.tasksByState.in_progress),
        line('Queued', (s) => s.queueDepth),
        line('Completed', (s) => s.tasksByState.completed),
        line('Failed', (s) => s.tasksByState.failed),
      ],
    },
    success: { x, lines: [line('Success rate %', (s) => successRate(s))] },
    cpu: { x, lines: [line('App', (s) => s.app.cpuPercent), line('Agents', (s) => Math.round(agentsOf(s, projectId).cpu * 10) / 10)] },
    memory: { x, lines: [line('App', (s) => mib(s.app.rssBytes)), line('Agents', (s) => mib(agentsOf(s, projectId).rss))] },
  } satisfies Record<string, ChartData>;
}

/** Completed over finished (completed + failed) tasks at a sample, in %; null before any finished. */
export function successRate(s: SystemMetricsSample): number | null {
  const done = s.tasksByState.completed + s.tasksByState.failed;
  return done ? Math.round((s.tasksByState.completed / done) * 1000) / 10 : null;
}

/** One bar of "cost by …": its key, tokens, cost (null: unknown, never 0) and share of the largest. */
export interface CostBar {
  key: string;
  label: string;
  /** Tokens read (a lower bound when `notRead` is not empty). */
  tokens: number;
  /** The tokens as shown: `14.2k`, `≥14.2k` when part could not be read, `unknown` when none could. */
  tokensText: string;
  /** What could not be read, in words ({@link notReadText}); '' when everything could. */
  notRead: string;
  costUSD: number | null;
  /** Width of the bar, 0..100 (% of the largest cost, or of the most tokens when no cost is known). */
  pct: number;
}

/** Usage rows as bars, most expensive first (then most tokens). Pure. */
export function costBars(rows: readonly UsageRow[], labelOf: (key: string) => string = (k) => k): CostBar[] {
  const tokens = (r: UsageRow) => r.tokens.input + r.tokens.output + r.tokens.cacheWrite + r.tokens.cacheRead;
  const sorted = [...rows].sort((a, b) => (b.costUSD ?? -1) - (a.costUSD ?? -1) || tokens(b) - tokens(a));
  const maxCost = Math.max(0, ...sorted.map((r) => r.costUSD ?? 0));
  const maxTokens = Math.max(0, ...sorted.map(tokens));
  return sorted.map((r) => ({
    key: r.key,
    label: labelOf(r.key) || '(unknown)',
    tokens: tokens(r),
    tokensText: formatRowTokens(tokens(r), r),
    notRead: notReadText(r),
    costUSD: r.costUSD,
    pct: maxCost > 0 ? ((r.costUSD ?? 0) / maxCost) * 100 : maxTokens > 0 ? (tokens(r) / maxTokens) * 100 : 0,
  }));
}

/** A USD figure as shown: `$0.0042`, `$1.27`, `$1,204`; null reads `unknown`. */
export function formatUSD(n: number | null): string {
  if (n === null) return 'unknown';
  if (n === 0) return '$0';
  if (n < 0.01) return `$${n.toFixed(4)}`;
  if (n < 1000) return `$${n.toFixed(2)}`;
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

/**
 * What could not be read of a usage row, in words (`2 records and 1 session could not be
 * read`), or '' when everything could.
 */
export function notReadText(r: Pick<UsageRow, 'unreadable' | 'unfoundSessions'>): string {
  const parts: string[] = [];
  if (r.unreadable > 0) parts.push(`${r.unreadable} usage record${r.unreadable === 1 ? '' : 's'}`);
  if (r.unfoundSessions > 0) parts.push(`${r.unfoundSessions} session${r.unfoundSessions === 1 ? '' : 's'}`);
  return parts.length ? `${parts.join(' and ')} could not be read: tokens and cost unknown` : '';
}

/**
 * A usage row's token figure as shown: `unknown` when nothing of it could be read (never 0),
 * `≥14.2k` when part of it could not be read, else {@link formatTokens}.
 */
export function formatRowTokens(n: number, r: Pick<UsageRow, 'unreadable' | 'unfoundSessions' | 'records'>): string {
  if (r.unreadable === 0 && r.unfoundSessions === 0) return formatTokens(n);
  return r.records === 0 ? 'unknown' : `≥${formatTokens(n)}`;
}

/** A token count as shown: `812`, `14.2k`, `3.4M`. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** File name of a CSV export: `cortex-metrics-<period>-<YYYY-MM-DDTHH-MM>.csv` (UTC). */
export function csvFileName(period: DashboardPeriod, now: number): string {
  return `cortex-metrics-${period}-${new Date(now).toISOString().slice(0, 16).replace(':', '-')}.csv`;
}

/** A value axis label short enough for the axis: `1.5M`, `500k`, `12.5k`, `950`, `0.25`. Pure. */
export function formatAxisValue(n: number): string {
  const a = Math.abs(n);
  if (a >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (a >= 10_000) return `${+(n / 1000).toFixed(1)}k`;
  return String(+n.toFixed(2));
}

/**
 * Usage rows worth a bar: those with tokens or with something that could not be read. A row of
 * no tokens at all (Claude Code's `<synthetic>` placeholder replies) says nothing about spend.
 */
export function rowsWithUsage(rows: readonly UsageRow[]): UsageRow[] {
  return rows.filter((r) => r.tokens.input + r.tokens.output + r.tokens.cacheWrite + r.tokens.cacheRead > 0 || r.unreadable > 0 || r.unfoundSessions > 0);
}
