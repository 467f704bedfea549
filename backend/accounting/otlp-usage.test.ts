import { describe, expect, it } from 'vitest';
import { decodeOtlp, jsonSignal } from './otlp-decode.js';
import { OtlpUsageReader } from './otlp-usage.js';

const attr = (key: string, v: string | number) => ({ key, value: typeof v === 'string' ? { stringValue: v } : { intValue: v } });

/** An OTLP JSON metrics body, decoded as the receiver decodes it. */
function metrics(name: string, temporality: 1 | 2, points: { v: number | string; type?: string; model?: string; start?: string; time?: string }[]) {
  const body = {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              {
                name,
                sum: {
                  aggregationTemporality: temporality,
                  isMonotonic: true,
                  dataPoints: points.map((p) => ({
                    ...(typeof p.v === 'number' && !Number.isInteger(p.v) ? { asDouble: p.v } : { asInt: p.v }),
                    startTimeUnixNano: p.start ?? '1763456000000000000',
                    timeUnixNano: p.time ?? '1763456400000000000',
                    attributes: [...(p.type ? [attr('type', p.type)] : []), ...(p.model ? [attr('model', p.model)] : [])],
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
  return decodeOtlp('metrics', 'json', Buffer.from(JSON.stringify(body)));
}

function logs(records: Record<string, string | number>[]) {
  const body = { resourceLogs: [{ scopeLogs: [{ logRecords: records.map((a) => ({ timeUnixNano: '1763456400000000000', attributes: Object.entries(a).map(([k, v]) => attr(k, v)) })) }] }] };
  return decodeOtlp('logs', 'json', Buffer.from(JSON.stringify(body)));
}

describe('OtlpUsageReader', () => {
  it('cumulative points: differences per series; a restarted counter (smaller value or new start time) counts from zero', () => {
    const r = new OtlpUsageReader();
    const m = 'claude-haiku-4-5-20251001';
    expect(r.readMetrics(metrics('claude_code.token.usage', 2, [{ v: 10, type: 'input', model: m }])).observations[0]!.tokens.input).toBe(10);
    expect(r.readMetrics(metrics('claude_code.token.usage', 2, [{ v: 10, type: 'input', model: m }])).observations).toEqual([]);
    expect(r.readMetrics(metrics('claude_code.token.usage', 2, [{ v: 14, type: 'input', model: m }])).observations[0]!.tokens.input).toBe(4);
    expect(r.readMetrics(metrics('claude_code.token.usage', 2, [{ v: 3, type: 'input', model: m }])).observations[0]!.tokens.input).toBe(3);
    expect(r.readMetrics(metrics('claude_code.token.usage', 2, [{ v: 5, type: 'input', model: m, start: '1763456100000000000' }])).observations[0]!.tokens.input).toBe(5);
    // Another reader (another launch) has its own series.
    expect(new OtlpUsageReader().readMetrics(metrics('claude_code.token.usage', 2, [{ v: 14, type: 'input', model: m }])).observations[0]!.tokens.input).toBe(14);
  });

  it('delta points add as they come; token and cost points of one model in one export make one observation', () => {
    const r = new OtlpUsageReader();
    const req = metrics('claude_code.token.usage', 1, [
      { v: 5, type: 'input', model: 'a' },
      { v: 7, type: 'output', model: 'a' },
      { v: 1, type: 'output', model: 'b' },
    ]);
    const cost = metrics('claude_code.cost.usage', 1, [{ v: 0.25, model: 'a' }]);
    req.resourceMetrics!.push(...cost.resourceMetrics!);
    const { observations, unreadable } = r.readMetrics(req);
    expect(unreadable).toBe(0);
    expect(observations.map((o) => [o.model, o.tokens.input, o.tokens.output, o.reportedCostUSD, o.at])).toEqual([
      ['a', 5, 7, 0.25, Date.UTC(2025, 10, 18, 9)],
      ['b', 0, 1, null, Date.UTC(2025, 10, 18, 9)],
    ]);
    expect(r.readMetrics(req).observations[0]!.tokens.output).toBe(7);
  });

  it('what cannot be read is counted as unreadable, never as 0 tokens; a point without a model has an unknown model', () => {
    const r = new OtlpUsageReader();
    const { observations, unreadable } = r.readMetrics(metrics('gemini_cli.token.usage', 1, [{ v: 3, type: 'newKind', model: 'g' }, { v: 4, type: 'output' }]));
    expect(unreadable).toBe(1);
    expect(observations).toMatchObject([{ model: null, tokens: { output: 4 } }]);
    // A malformed integer is a malformed request, not a count of 0 or 12.
    expect(() => metrics('gemini_cli.token.usage', 1, [{ v: 'lots', type: 'input' }])).toThrow(/asInt must be an integer/);
    expect(() => metrics('gemini_cli.token.usage', 1, [{ v: '12abc', type: 'input' }])).toThrow(/asInt must be an integer/);
    expect(() => metrics('gemini_cli.token.usage', 1, [{ v: 5, type: 'input', time: 'soon' }])).toThrow(/timeUnixNano must be an integer/);
    const neg = r.readMetrics(metrics('gemini_cli.token.usage', 1, [{ v: -2.5, type: 'input', model: 'g' }]));
    expect(neg).toEqual({ observations: [], unreadable: 1 });
  });

  it("Gemini CLI's counter: cached tokens taken out of input, thoughts are output and reasoning, tool prompt tokens are input", () => {
    const model = 'gemini-2.5-flash';
    const { observations } = new OtlpUsageReader().readMetrics(
      metrics('gemini_cli.token.usage', 1, [
        { v: 900, type: 'input', model },
        { v: 300, type: 'cache', model },
        { v: 40, type: 'output', model },
        { v: 60, type: 'thought', model },
        { v: 8, type: 'tool', model },
      ]),
    );
    expect(observations[0]!.tokens).toEqual({ input: 608, output: 100, cacheWrite: 0, cacheRead: 300, reasoning: 60 });
  });

  it("Codex CLI's response.completed event; other events and events without counts are not usage", () => {
    const { observations, unreadable } = new OtlpUsageReader().readLogs(
      logs([
        { 'event.name': 'codex.sse_event', 'event.kind': 'response.completed', model: 'gpt-5', input_token_count: 1200, cached_token_count: 1000, output_token_count: 90, reasoning_token_count: 64 },
        { 'event.name': 'codex.sse_event', 'event.kind': 'response.created', model: 'gpt-5' },
        { 'event.name': 'codex.sse_event', 'event.kind': 'response.completed', model: 'gpt-5' },
        { 'event.name': 'codex.sse_event', 'event.kind': 'response.completed', model: 'gpt-5', input_token_count: 'many' },
        { 'event.name': 'claude_code.api_request', input_tokens: 5 },
      ]),
    );
    expect(observations).toEqual([{ name: 'codex.sse_event', model: 'gpt-5', tokens: { input: 200, output: 90, cacheWrite: 0, cacheRead: 1000, reasoning: 64 }, reportedCostUSD: null, at: Date.UTC(2025, 10, 18, 9) }]);
    expect(unreadable).toBe(2);
  });

  it('the signal of a JSON body posted to a single URL is read from its top-level field', () => {
    expect(jsonSignal(Buffer.from('{"resourceLogs":[]}'))).toBe('logs');
    expect(jsonSignal(Buffer.from('{ "resourceMetrics": [{"resource": {}}]}'))).toBe('metrics');
    expect(jsonSignal(Buffer.from('{"resourceSpans":[]}'))).toBe('traces');
    expect(jsonSignal(Buffer.from('{"other":1}'))).toBeNull();
  });
});
