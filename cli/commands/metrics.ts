import { SESSION_STATES, TASK_STATUSES, type SystemMetricsSample } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { formatBytes, keyValues, table } from '../format.js';

const HOUR_MS = 3_600_000;

/** `state n, state n` for the states with a count above 0, or `none`. */
function counts(c: Readonly<Record<string, number>>, keys: readonly string[]): string {
  const parts = keys.filter((k) => (c[k] ?? 0) > 0).map((k) => `${k} ${c[k]}`);
  return parts.length ? parts.join(', ') : 'none';
}

function rate(v: number | null, unit: string, digits: number): string {
  return v === null ? 'unknown (first sample)' : `${v.toFixed(digits)} ${unit}`;
}

/** The newest sample as "key value" lines, then one row per live session's process tree. */
function describe(s: SystemMetricsSample, intervalMs: number, total: number, hours: number, style: Parameters<typeof table>[2]): string {
  const lines = keyValues(
    [
      ['sampled', `${new Date(s.at).toISOString()} (every ${intervalMs / 1000} s; ${total} sample${total === 1 ? '' : 's'} in the last ${hours} h)`],
      ['app', `${s.app.cpuPercent.toFixed(1)} % CPU, ${formatBytes(s.app.rssBytes)}`],
      ['sessions', counts(s.sessionsByState, SESSION_STATES)],
      ['tasks', `${counts(s.tasksByState, TASK_STATUSES)}; queue ${s.queueDepth}`],
      ['cost', `${rate(s.costPerHourUSD, 'USD/h', 4)} (list-price estimate); total $${s.costTotalUSD.toFixed(4)}`],
      ['tokens', `${rate(s.tokensPerMinute, 'tokens/min', 1)}; total ${s.tokensTotal}`],
      ['cache hit ratio', s.cacheHitRatio === null ? 'no lookups yet' : `${(s.cacheHitRatio * 100).toFixed(1)} %`],
    ] as const,
    style,
  );
  if (!s.agents.length) return lines;
  const rows = s.agents.map((a) => [a.sessionId.slice(0, 8), a.agent, String(a.processes), `${a.cpuPercent.toFixed(1)} %`, formatBytes(a.rssBytes)]);
  return `${lines}\n\n${table(['SESSION', 'AGENT', 'PROCESSES', 'CPU', 'MEMORY'], rows, style)}`;
}

/** `cortex metrics`: the newest system metrics sample, or every sample of a period as CSV. */
export const metricsCommand: CommandSpec = {
  name: 'metrics',
  summary: 'System metrics: CPU and memory of the app and each agent, sessions, tasks, cost and token rates.',
  details: 'A sample is taken every metricsIntervalSec seconds (see `cortex settings`) and kept 7 days. --csv prints every sample of the period as CSV.',
  args: [],
  options: {
    hours: { type: 'string', value: '<n>', description: 'period in hours (default 24)' },
    csv: { type: 'boolean', description: 'print the period as CSV (one row per sample)' },
  },
  examples: ['cortex metrics', 'cortex metrics --csv --hours 168 > metrics.csv', "cortex metrics --json | jq '.samples[-1].app'"],
  async run({ client, options, style }) {
    const given = options['hours'] as string | undefined;
    const hours = given === undefined ? 24 : Number(given);
    if (given !== undefined && (!/^\d+$/.test(given) || !hours)) throw usageError(`--hours is a positive whole number, not "${given}".`, usageLine(metricsCommand));
    const c = await client();
    const since = Date.now() - hours * HOUR_MS;
    if (options['csv']) {
      const out = await c.call('metrics.export', { since });
      return { data: out, text: out.csv.replace(/\n$/, '') };
    }
    const result = await c.call('metrics.query', { since });
    const latest = result.samples.at(-1);
    if (!latest) return { data: result, text: `No samples in the last ${hours} h yet (one is taken every ${result.intervalMs / 1000} s).` };
    return { data: result, text: describe(latest, result.intervalMs, result.total, hours, style) };
  },
};
