import { stringify } from 'csv-stringify/sync';
import { SESSION_STATES, TASK_STATUSES, type SystemMetricsSample } from '../contract/index.js';

/**
 * The CSV columns of a metrics export, in order: time (ISO 8601, UTC, and ms), the app's
 * CPU (% of one core) and RSS (bytes), the agents' summed CPU and RSS, sessions per state,
 * tasks per status, queue depth, cumulative tokens and USD, the rates and the cache hit ratio.
 */
export const METRICS_CSV_COLUMNS = [
  'time',
  'at_ms',
  'app_cpu_percent',
  'app_rss_bytes',
  'agents_cpu_percent',
  'agents_rss_bytes',
  'agent_processes',
  ...SESSION_STATES.map((s) => `sessions_${s}`),
  ...TASK_STATUSES.map((s) => `tasks_${s}`),
  'queue_depth',
  'tokens_total',
  'cost_total_usd',
  'cost_per_hour_usd',
  'tokens_per_minute',
  'cache_hit_ratio',
] as const;

/**
 * Samples as CSV (RFC 4180 quoting by `csv-stringify`, rows ending in LF), a header row first; an unknown
 * figure (null) is an empty cell, never 0. Pure.
 */
export function metricsCsv(samples: readonly SystemMetricsSample[]): string {
  const rows = samples.map((s) => {
    const agents = s.agents.reduce((a, x) => ({ cpu: a.cpu + x.cpuPercent, rss: a.rss + x.rssBytes, n: a.n + x.processes }), { cpu: 0, rss: 0, n: 0 });
    return [
      new Date(s.at).toISOString(),
      s.at,
      s.app.cpuPercent,
      s.app.rssBytes,
      Math.round(agents.cpu * 10) / 10,
      agents.rss,
      agents.n,
      ...SESSION_STATES.map((k) => s.sessionsByState[k]),
      ...TASK_STATUSES.map((k) => s.tasksByState[k]),
      s.queueDepth,
      s.tokensTotal,
      s.costTotalUSD,
      s.costPerHourUSD ?? '',
      s.tokensPerMinute ?? '',
      s.cacheHitRatio ?? '',
    ];
  });
  return stringify([[...METRICS_CSV_COLUMNS], ...rows], { record_delimiter: 'unix' });
}
