import { z } from 'zod';
import mapFile from './otlp-limit-map.json' with { type: 'json' };
import { attributeMap, nanosToMs, type ExportLogsRequest } from './otlp-decode.js';

/**
 * Which OpenTelemetry log events tell that an agent hit a usage or rate limit, as data
 * (`otlp-limit-map.json`): an event name, the attribute holding the HTTP status and those
 * holding the error message, and per status (the first whose `match`, a regex over the
 * message, fits — or that has none) the limit it means: `usage` (a plan's or an account's
 * limit, hours to days) or `rate` (seconds to minutes), a label, and how long to wait (s) when
 * the message states no reset time (a named group `epoch` of `match`, s since the epoch).
 */
export const OtlpLimitMapSchema = z
  .object({
    events: z.array(
      z
        .object({
          event: z.string().min(1),
          source: z.string().min(1),
          statusAttribute: z.string().min(1),
          messageAttributes: z.array(z.string().min(1)).default([]),
          limits: z
            .array(
              z
                .object({
                  status: z.string().regex(/^\d{3}$/, 'an HTTP status such as "429"'),
                  match: z.string().min(1).optional(),
                  flags: z.string().regex(/^[isu]*$/, 'flags may only be i, s, u').default(''),
                  kind: z.enum(['usage', 'rate']),
                  label: z.string().min(1),
                  waitSec: z.number().int().min(1).max(7 * 86_400),
                })
                .strict()
                .refine((l) => l.match === undefined || validRegex(l.match, l.flags), { message: 'match is not a valid regular expression' }),
            )
            .min(1),
        })
        .strict(),
    ),
  })
  .strict();
export type OtlpLimitMap = z.output<typeof OtlpLimitMapSchema>;

function validRegex(re: string, flags: string): boolean {
  try {
    new RegExp(re, flags);
    return true;
  } catch {
    return false;
  }
}

/** The built-in map, checked against its schema at load. */
export const OTLP_LIMIT_MAP: OtlpLimitMap = OtlpLimitMapSchema.parse(mapFile);

/** An agent's report, in a log event, that it hit a limit. Times in ms since the epoch. */
export interface OtlpLimitSignal {
  kind: 'usage' | 'rate';
  label: string;
  /** When the agent may be tried again: the reset the message states, else the event's time (or `now`) plus the limit's wait. */
  resetAt: number;
  /** True when the message stated the reset time (`epoch` group of `match`, s since the epoch). */
  stated: boolean;
  /** The event in words (name, status, message), at most 200 characters. */
  text: string;
}

/**
 * The limit events in an ExportLogsServiceRequest, following {@link OTLP_LIMIT_MAP}, in order.
 * Other events, and error events of other statuses, are ignored. Pure.
 * @param now the clock, ms since the epoch (for an event without a time)
 */
export function readLimitEvents(req: ExportLogsRequest, now: number, map: OtlpLimitMap = OTLP_LIMIT_MAP): OtlpLimitSignal[] {
  const out: OtlpLimitSignal[] = [];
  for (const rl of req.resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) {
      for (const rec of sl.logRecords ?? []) {
        const attrs = attributeMap(rec.attributes);
        const name = attrs.get('event.name') ?? rec.body?.stringValue;
        const spec = map.events.find((e) => e.event === name);
        if (!spec) continue;
        const status = (attrs.get(spec.statusAttribute) ?? '').trim();
        const message = spec.messageAttributes.map((a) => attrs.get(a)).filter((m): m is string => !!m).join(' ');
        let groups: Record<string, string | undefined> = {};
        const limit = spec.limits.find((l) => {
          if (l.status !== status) return false;
          if (l.match === undefined) return true;
          const m = new RegExp(l.match, l.flags).exec(message);
          groups = m?.groups ?? {};
          return m !== null;
        });
        if (!limit) continue;
        const at = nanosToMs(rec.timeUnixNano) ?? nanosToMs(rec.observedTimeUnixNano) ?? now;
        const epoch = groups['epoch'];
        const stated = epoch !== undefined && /^\d{9,11}$/.test(epoch);
        // A stated reset wins; else the limit's wait from the event (an old event's wait may be over).
        const resetAt = stated ? Math.max(now, Number(epoch) * 1000) : Math.max(now, at + limit.waitSec * 1000);
        const text = `${spec.event} ${status}${message ? `: ${message}` : ''}`.replace(/\s+/g, ' ').trim().slice(0, 200);
        out.push({ kind: limit.kind, label: limit.label, resetAt, stated, text });
      }
    }
  }
  return out;
}
