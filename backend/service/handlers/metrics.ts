import { METRICS_DEFAULT_PERIOD_MS, METRICS_LIMITS } from '../../contract/index.js';
import { metricsCsv } from '../../metrics/metrics-csv.js';
import { thin } from '../../metrics/metrics-rates.js';
import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the metrics namespace: stored system metrics samples, as JSON or CSV. */
export function createMetricsHandlers(d: Pick<HandlerDeps, 'metrics'>): NamespaceHandlers<'metrics.'> {
  const period = (since?: number, until?: number) => {
    const end = until ?? Date.now();
    return d.metrics.repo.range(since ?? end - METRICS_DEFAULT_PERIOD_MS, end);
  };
  return {
    'metrics.query': ({ since, until }) => {
      const all = period(since, until);
      return {
        samples: thin(all, METRICS_LIMITS.maxQuerySamples),
        intervalMs: d.metrics.intervalMs(),
        retentionMs: METRICS_LIMITS.retentionMs,
        total: all.length,
      };
    },
    'metrics.export': ({ since, until }) => {
      const all = period(since, until);
      return { csv: metricsCsv(all), rows: all.length };
    },
  };
}
