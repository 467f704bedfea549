import * as z from 'zod';
import { METRICS_LIMITS } from './limits.js';
import { SESSION_STATES } from './sessions.js';
import { TASK_STATUSES } from './tasks.js';

/** CPU and memory of one process tree: `cpuPercent` of one core (100 = a whole core), `rssBytes`. */
export const ProcessUsageSchema = z.object({
  cpuPercent: z.number().nonnegative(),
  rssBytes: z.number().int().nonnegative(),
  /** Processes counted (the root and its descendants). */
  processes: z.number().int().nonnegative(),
});
export type ProcessUsage = z.infer<typeof ProcessUsageSchema>;

/** One live session's agent process tree at sample time. */
export const AgentProcessSampleSchema = ProcessUsageSchema.extend({
  sessionId: z.string(),
  agent: z.string(),
  projectId: z.string(),
});

const countsOf = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int().nonnegative()])) as { [K in T[number]]: z.ZodNumber });

/**
 * One system metrics sample (a `system_metrics` row). Rates are differences of cumulative
 * totals between this sample and the one before, so they need no extra bookkeeping; the first
 * sample of a run has no rate (null).
 */
export const SystemMetricsSampleSchema = z.object({
  /** When it was taken, ms since the epoch. */
  at: z.number().int().nonnegative(),
  /** The backend process alone (the app). */
  app: ProcessUsageSchema,
  /** Each live session's process tree. */
  agents: z.array(AgentProcessSampleSchema),
  sessionsByState: countsOf(SESSION_STATES),
  tasksByState: countsOf(TASK_STATUSES),
  /** Tasks waiting for a free slot (pending). */
  queueDepth: z.number().int().nonnegative(),
  /** Cumulative tokens recorded in `cost_tracking` at sample time (tokens). */
  tokensTotal: z.number().int().nonnegative(),
  /** Cumulative list-price estimate at sample time, USD (priced records only). */
  costTotalUSD: z.number().nonnegative(),
  /** USD per hour since the previous sample (list-price estimate), null on a run's first sample. */
  costPerHourUSD: z.number().nonnegative().nullable(),
  /** Tokens per minute since the previous sample, null on a run's first sample. */
  tokensPerMinute: z.number().nonnegative().nullable(),
  /** The analysis cache's hit ratio (hot and cold tiers together, 0..1), null before any lookup. */
  cacheHitRatio: z.number().min(0).max(1).nullable(),
});
export type SystemMetricsSample = z.infer<typeof SystemMetricsSampleSchema>;

/** A period of samples, ms since the epoch (both optional: default the last 24 hours). */
const PeriodSchema = z
  .object({
    since: z.number().int().nonnegative().optional(),
    until: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Methods of the metrics namespace. */
export const METRICS_METHODS = {
  /**
   * Samples of a period, oldest first, thinned evenly to at most
   * `METRICS_LIMITS.maxQuerySamples` (the newest sample is always kept).
   */
  'metrics.query': {
    params: PeriodSchema,
    result: z.object({
      samples: z.array(SystemMetricsSampleSchema),
      /** Sampling interval in force, ms. */
      intervalMs: z.number().int().positive(),
      /** How long samples are kept, ms. */
      retentionMs: z.number().int().positive(),
      /** Samples in the period before thinning. */
      total: z.number().int().nonnegative(),
    }),
  },
  /**
   * Every sample of a period as CSV (RFC 4180 quoting, LF line ends, a header row, one row per sample; per-agent
   * figures summed into `agents_cpu_percent` / `agents_rss_bytes`).
   */
  'metrics.export': {
    params: PeriodSchema,
    result: z.object({ csv: z.string(), rows: z.number().int().nonnegative() }),
  },
} as const;

/** Events of the metrics namespace. */
export const METRICS_EVENTS = {
  /** A new sample was taken. */
  'metrics.sample': SystemMetricsSampleSchema,
} as const;

/** Default period of `metrics.query` when `since` is not given, ms. */
export const METRICS_DEFAULT_PERIOD_MS = 24 * 3_600_000;
export { METRICS_LIMITS };
