import { describe, expect, it } from 'vitest';
import type { ExportLogsRequest } from './otlp-decode.js';
import { OTLP_LIMIT_MAP, OtlpLimitMapSchema, readLimitEvents } from './otlp-limit.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const ms = (t: number) => String(BigInt(t) * 1_000_000n);

/** An ExportLogsServiceRequest (as decoded) with one record per attribute set. */
function logs(records: { attrs: Record<string, string | number>; at?: number }[]): ExportLogsRequest {
  return {
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: records.map((r) => ({
              timeUnixNano: r.at !== undefined ? ms(r.at) : undefined,
              body: { stringValue: String(r.attrs['event.name'] ?? '') },
              attributes: Object.entries(r.attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
            })),
          },
        ],
      },
    ],
  } as ExportLogsRequest;
}

describe('limit events from OpenTelemetry logs (otlp-limit-map.json)', () => {
  it('the built-in map is valid data', () => {
    expect(OtlpLimitMapSchema.safeParse(OTLP_LIMIT_MAP).success).toBe(true);
    expect(OTLP_LIMIT_MAP.events.map((e) => e.event)).toEqual(['claude_code.api_error', 'gemini_cli.api_error']);
  });

  it('a 429 is a rate limit held for its wait from the event; a usage-limit message is a usage limit, with the reset it states', () => {
    const reset = Date.UTC(2026, 11, 7, 15) / 1000;
    const got = readLimitEvents(
      logs([
        { attrs: { 'event.name': 'claude_code.api_error', model: 'claude-sonnet-4-5', error: 'rate_limit_error: Number of requests has exceeded your rate limit', status_code: '429', attempt: 11 }, at: NOW - 5000 },
        { attrs: { 'event.name': 'claude_code.api_error', error: `Claude AI usage limit reached|${reset}`, status_code: 429 } },
        { attrs: { 'event.name': 'gemini_cli.api_error', 'error.message': 'You exceeded your current quota, please check your plan', error_type: 'RESOURCE_EXHAUSTED', status_code: 429 }, at: NOW },
        { attrs: { 'event.name': 'gemini_cli.api_error', error: 'Too many requests', status_code: '429' }, at: NOW },
      ]),
      NOW,
    );
    expect(got).toEqual([
      { kind: 'rate', label: 'rate limit (API error 429)', resetAt: NOW - 5000 + 60_000, stated: false, text: 'claude_code.api_error 429: rate_limit_error: Number of requests has exceeded your rate limit' },
      { kind: 'usage', label: 'usage limit (API error 429)', resetAt: reset * 1000, stated: true, text: `claude_code.api_error 429: Claude AI usage limit reached|${reset}` },
      { kind: 'usage', label: 'quota exceeded (API error 429)', resetAt: NOW + 3_600_000, stated: false, text: 'gemini_cli.api_error 429: You exceeded your current quota, please check your plan RESOURCE_EXHAUSTED' },
      { kind: 'rate', label: 'rate limit (API error 429)', resetAt: NOW + 60_000, stated: false, text: 'gemini_cli.api_error 429: Too many requests' },
    ]);
  });

  it('other statuses, other events and an old event whose wait is over hold nothing beyond now', () => {
    const got = readLimitEvents(
      logs([
        { attrs: { 'event.name': 'claude_code.api_error', error: 'Overloaded', status_code: '529' } },
        { attrs: { 'event.name': 'claude_code.api_error', error: 'no status' } },
        { attrs: { 'event.name': 'claude_code.api_request', status_code: '429' } },
        { attrs: { 'event.name': 'claude_code.api_error', status_code: '429' }, at: NOW - 3_600_000 },
      ]),
      NOW,
    );
    expect(got).toEqual([{ kind: 'rate', label: 'rate limit (API error 429)', resetAt: NOW, stated: false, text: 'claude_code.api_error 429' }]);
  });

  it('a map with a bad regex or status is refused with what is wrong', () => {
    const bad = OtlpLimitMapSchema.safeParse({ events: [{ event: 'x', source: 's', statusAttribute: 'status_code', limits: [{ status: '4290', match: '(', kind: 'rate', label: 'l', waitSec: 1 }] }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message).join('; ')).toMatch(/HTTP status/);
  });
});
