import { z } from 'zod';
import mapFile from './otlp-usage-map.json' with { type: 'json' };
import { attributeMap, nanosToMs, TEMPORALITY, type ExportLogsRequest, type ExportMetricsRequest } from './otlp-decode.js';
import { zeroTokens, type TokenCounts } from './usage.js';

const TokenKind = z.enum(['input', 'output', 'cacheWrite', 'cacheRead', 'reasoning']);
type TokenKind = z.infer<typeof TokenKind>;

/**
 * Which OpenTelemetry metrics and log events carry an agent's usage, as data
 * (`otlp-usage-map.json`): a token counter names its type attribute and what each type adds
 * to (`thought` adds to output and to reasoning); a cost counter is in USD; a log event names
 * the attributes holding each count. `inputIncludesCacheRead`: the agent's input count
 * includes the tokens read from cache, which are taken out so `input` means uncached input.
 */
export const OtlpUsageMapSchema = z
  .object({
    metrics: z.array(
      z
        .object({
          name: z.string().min(1),
          source: z.string().min(1),
          modelAttribute: z.string().min(1),
          typeAttribute: z.string().min(1).optional(),
          types: z.record(z.string(), z.array(TokenKind).min(1)).optional(),
          costUSD: z.literal(true).optional(),
          inputIncludesCacheRead: z.boolean().default(false),
        })
        .strict()
        .refine((m) => (m.costUSD === true) !== (m.typeAttribute !== undefined && m.types !== undefined), 'a metric is either a cost counter (costUSD) or a token counter (typeAttribute and types)'),
    ),
    logs: z.array(
      z
        .object({
          event: z.string().min(1),
          source: z.string().min(1),
          where: z.record(z.string(), z.string()).default({}),
          modelAttribute: z.string().min(1),
          fields: z.record(z.string(), z.array(TokenKind).min(1)),
          inputIncludesCacheRead: z.boolean().default(false),
        })
        .strict(),
    ),
  })
  .strict();
export type OtlpUsageMap = z.output<typeof OtlpUsageMapSchema>;

/** The built-in map, checked against its schema at load. */
export const OTLP_USAGE_MAP: OtlpUsageMap = OtlpUsageMapSchema.parse(mapFile);

/** Usage read from one export request for one model. */
export interface OtlpObservation {
  /** The metric or event the usage came from. */
  name: string;
  model: string | null;
  tokens: TokenCounts;
  /** The cost the agent reported itself (USD), or null when it sent none. */
  reportedCostUSD: number | null;
  /** When the agent measured it (ms since the epoch), or null. */
  at: number | null;
}

/** What one request gave. */
export interface OtlpReading {
  observations: OtlpObservation[];
  /** Data points or records of a usage metric or event that could not be read (unknown type, bad value). */
  unreadable: number;
}

/**
 * Turns decoded OTLP export requests into usage, following {@link OTLP_USAGE_MAP}. Other
 * metrics and events are ignored. Cumulative sums are turned into differences per series
 * (metric, attributes, start time), so a repeated export adds nothing and a restarted
 * counter (new start time, or a smaller value) counts from zero. One instance per
 * session launch: series never mix across sessions.
 */
export class OtlpUsageReader {
  private readonly lastCumulative = new Map<string, number>();

  constructor(private readonly map: OtlpUsageMap = OTLP_USAGE_MAP) {}

  /** Usage in an ExportMetricsServiceRequest, summed per (metric family, model). */
  readMetrics(req: ExportMetricsRequest): OtlpReading {
    let unreadable = 0;
    const groups = new Map<string, OtlpObservation & { includesCache: boolean }>();
    const group = (family: string, model: string | null, includesCache: boolean) => {
      const key = `${family}\u0000${model ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { name: family, model, tokens: zeroTokens(), reportedCostUSD: null, at: null, includesCache }));
      return g;
    };
    for (const rm of req.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const metric of sm.metrics ?? []) {
          const spec = this.map.metrics.find((m) => m.name === metric.name);
          if (!spec || !metric.sum) continue;
          const cumulative = metric.sum.aggregationTemporality === TEMPORALITY.cumulative;
          // Token and cost counters of one agent share a family prefix (claude_code., gemini_cli.).
          const family = spec.name.split('.')[0]!;
          for (const point of metric.sum.dataPoints ?? []) {
            const value = point.asDouble ?? (point.asInt !== undefined ? Number(point.asInt) : NaN);
            if (!Number.isFinite(value) || value < 0) {
              unreadable++;
              continue;
            }
            const attrs = attributeMap(point.attributes);
            let delta = value;
            if (cumulative) {
              const series = `${spec.name}|${[...attrs].sort().join(',')}|${point.startTimeUnixNano ?? ''}`;
              const last = this.lastCumulative.get(series) ?? 0;
              delta = value >= last ? value - last : value;
              this.lastCumulative.set(series, value);
            }
            const kinds = spec.costUSD ? [] : spec.types?.[attrs.get(spec.typeAttribute ?? '') ?? ''];
            if (!kinds) {
              unreadable++;
              continue;
            }
            if (delta === 0) continue;
            const g = group(family, attrs.get(spec.modelAttribute) ?? null, spec.inputIncludesCacheRead);
            if (spec.costUSD) g.reportedCostUSD = (g.reportedCostUSD ?? 0) + delta;
            for (const k of kinds) g.tokens[k] += delta;
            const at = nanosToMs(point.timeUnixNano);
            if (at !== null) g.at = Math.max(g.at ?? 0, at);
          }
        }
      }
    }
    const observations = [...groups.values()].map(({ includesCache, ...o }) => {
      if (includesCache) o.tokens.input = Math.max(0, o.tokens.input - o.tokens.cacheRead);
      return o;
    });
    return { observations, unreadable };
  }

  /** Usage in an ExportLogsServiceRequest: one observation per matching event. */
  readLogs(req: ExportLogsRequest): OtlpReading {
    let unreadable = 0;
    const observations: OtlpObservation[] = [];
    for (const rl of req.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const rec of sl.logRecords ?? []) {
          const attrs = attributeMap(rec.attributes);
          const name = attrs.get('event.name') ?? rec.body?.stringValue;
          const spec = this.map.logs.find((l) => l.event === name && Object.entries(l.where).every(([k, v]) => attrs.get(k) === v));
          if (!spec) continue;
          const tokens = zeroTokens();
          let ok = true;
          let present = 0;
          for (const [field, kinds] of Object.entries(spec.fields)) {
            const raw = attrs.get(field);
            if (raw === undefined) continue; // an absent count is none of that kind
            present++;
            const n = Number(raw);
            if (!Number.isFinite(n) || n < 0) ok = false;
            else for (const k of kinds) tokens[k] += n;
          }
          if (!ok || present === 0) {
            unreadable++;
            continue;
          }
          if (spec.inputIncludesCacheRead) tokens.input = Math.max(0, tokens.input - tokens.cacheRead);
          observations.push({ name: spec.event, model: attrs.get(spec.modelAttribute) ?? null, tokens, reportedCostUSD: null, at: nanosToMs(rec.timeUnixNano) ?? nanosToMs(rec.observedTimeUnixNano) });
        }
      }
    }
    return { observations, unreadable };
  }
}

/** The token kinds, for callers that iterate over them. */
export const TOKEN_KINDS: readonly TokenKind[] = TokenKind.options;
