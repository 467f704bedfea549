import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { CostRepository } from '../store/cost-repository.js';
import { openDatabase } from '../store/database.js';
import { launchTelemetryEnv, OtlpReceiver } from './otlp-receiver.js';
import { BUILTIN_PRICES, PriceTable } from './prices.js';
import type { UsageOwner } from './usage-watcher.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(owners: Record<string, UsageOwner>) {
  const t = tempDir('otlp-');
  const db = openDatabase(join(t.dir, 'cortex.sqlite'));
  cleanups.push(t.cleanup, () => db.close());
  const costs = new CostRepository(db);
  const receiver = new OtlpReceiver({ record: (e) => costs.record(e), prices: () => new PriceTable(BUILTIN_PRICES), owner: (id) => owners[id] ?? null });
  await receiver.start();
  cleanups.push(() => receiver.close());
  return { costs, receiver };
}

const owner = (sessionId: string, agent: string): UsageOwner => ({ sessionId, projectId: 'p1', agent, taskId: null, billing: 'api' });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function exportMetrics(exporter: PushMetricExporter, write: (p: MeterProvider) => void): Promise<void> {
  const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
  write(provider);
  await provider.forceFlush();
  await provider.shutdown();
}

describe('OTLP/HTTP receiver, fed by the official OpenTelemetry JS exporters', () => {
  it('reads Claude Code, Gemini CLI and Codex CLI usage in JSON and protobuf, metrics and logs, each to the session of its token', async () => {
    const owners = { claude: owner('claude', 'claude'), gemini: owner('gemini', 'gemini'), codex: owner('codex', 'codex') };
    const { costs, receiver } = await setup(owners);
    const claude = receiver.register('claude');
    const gemini = receiver.register('gemini');
    const codex = receiver.register('codex');
    const sonnet = 'claude-sonnet-4-5-20250929';

    // Claude Code: JSON, delta temporality (its default), tokens and its own cost counter.
    await exportMetrics(new JsonMetricExporter({ url: `${claude.endpoint}/v1/metrics`, headers: bearer(claude.token), temporalityPreference: AggregationTemporality.DELTA }), (p) => {
      const m = p.getMeter('com.anthropic.claude_code');
      const tokens = m.createCounter('claude_code.token.usage', { unit: 'tokens' });
      tokens.add(100, { type: 'input', model: sonnet });
      tokens.add(2000, { type: 'output', model: sonnet });
      tokens.add(5000, { type: 'cacheRead', model: sonnet });
      tokens.add(1000, { type: 'cacheCreation', model: sonnet });
      m.createCounter('claude_code.cost.usage', { unit: 'USD' }).add(0.0375, { model: sonnet });
      m.createCounter('claude_code.lines_of_code.count').add(12, { type: 'added' }); // not usage: ignored
    });

    // Gemini CLI: protobuf, cumulative temporality (the SDK's default, and Gemini CLI's).
    await exportMetrics(
      new ProtoMetricExporter({ url: `${gemini.endpoint}/v1/metrics`, headers: bearer(gemini.token) }),
      (p) => {
        const c = p.getMeter('gemini-cli').createCounter('gemini_cli.token.usage');
        const model = 'gemini-2.5-pro';
        c.add(1000, { type: 'input', model }); // prompt tokens, 600 of them from cache
        c.add(600, { type: 'cache', model });
        c.add(50, { type: 'output', model });
        c.add(20, { type: 'thought', model });
        c.add(5, { type: 'tool', model });
      },
    );

    // Codex CLI: its response.completed log event, protobuf; another event is ignored.
    const logs = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new ProtoLogExporter({ url: `${codex.endpoint}/v1/logs`, headers: bearer(codex.token) }) })] });
    const log = logs.getLogger('codex_otel');
    log.emit({ body: 'codex.sse_event', attributes: { 'event.name': 'codex.sse_event', 'event.kind': 'response.completed', model: 'gpt-5-codex', input_token_count: 3000, cached_token_count: 2000, output_token_count: 400, reasoning_token_count: 300, tool_token_count: 0 } });
    log.emit({ body: 'codex.sse_event', attributes: { 'event.name': 'codex.sse_event', 'event.kind': 'response.output_text.delta', model: 'gpt-5-codex' } });
    log.emit({ body: 'codex.tool_decision', attributes: { 'event.name': 'codex.tool_decision', decision: 'approved' } });
    await logs.forceFlush();
    await logs.shutdown();

    // Gemini CLI posts every signal to the endpoint as given (no /v1/… path), in JSON.
    const geminiLogs = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new JsonLogExporter({ url: gemini.endpoint, headers: bearer(gemini.token) }) })] });
    geminiLogs.getLogger('gemini-cli').emit({ body: 'API response', attributes: { 'event.name': 'gemini_cli.api_response', model: 'gemini-2.5-pro', input_token_count: 1000 } });
    await geminiLogs.forceFlush();
    await geminiLogs.shutdown();

    const bySession = Object.fromEntries(costs.summary('session').map((r) => [r.key, r]));
    expect(bySession['claude']!.tokens).toEqual({ input: 100, output: 2000, cacheWrite: 1000, cacheRead: 5000, reasoning: 0 });
    // Claude Code's own cost counter is taken as the cost.
    expect(bySession['claude']!.costUSD).toBeCloseTo(0.0375, 12);
    // input 1000 - 600 cached + 5 tool; output 50 + 20 thought.
    expect(bySession['gemini']!.tokens).toEqual({ input: 405, output: 70, cacheWrite: 0, cacheRead: 600, reasoning: 20 });
    // Codex: 3000 input of which 2000 cached; 400 output of which 300 reasoning.
    expect(bySession['codex']!.tokens).toEqual({ input: 1000, output: 400, cacheWrite: 0, cacheRead: 2000, reasoning: 300 });
    expect(bySession['codex']!.records).toBe(1);
    expect(costs.summary('model').map((r) => r.key)).toEqual([sonnet, 'gemini-2.5-pro', 'gpt-5-codex'].sort());
    expect(receiver.stats).toMatchObject({ refused: 0, unreadable: 0 });
    expect(receiver.stats.accepted).toBeGreaterThanOrEqual(4);
  });

  it('a cumulative counter exported twice adds only its growth', async () => {
    const { costs, receiver } = await setup({ s: owner('s', 'claude') });
    const l = receiver.register('s');
    const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: new ProtoMetricExporter({ url: `${l.endpoint}/v1/metrics`, headers: bearer(l.token) }), exportIntervalMillis: 60_000 })] });
    const c = provider.getMeter('x').createCounter('claude_code.token.usage');
    c.add(7, { type: 'input', model: 'claude-haiku-4-5-20251001' });
    await provider.forceFlush();
    await provider.forceFlush();
    c.add(3, { type: 'input', model: 'claude-haiku-4-5-20251001' });
    await provider.forceFlush();
    await provider.shutdown();
    expect(costs.summary('session')[0]!.tokens.input).toBe(10);
  });

  it('refuses a wrong or revoked token, malformed payloads and other content; ignores unknown metrics and fields; never crashes', async () => {
    const { costs, receiver } = await setup({ s1: owner('s1', 'claude') });
    const first = receiver.register('s1');
    const l = receiver.register('s1'); // a relaunch: the first launch's token is revoked
    const post = (path: string, body: BodyInit, headers: Record<string, string>) => fetch(`${l.endpoint}${path}`, { method: 'POST', body, headers });
    const json = { 'content-type': 'application/json', ...bearer(l.token) };
    const proto = { 'content-type': 'application/x-protobuf', ...bearer(l.token) };
    const point = (type: string, extra: Record<string, unknown> = {}) => ({ asInt: '5', timeUnixNano: '1763456400000000000', attributes: [{ key: 'type', value: { stringValue: type } }, { key: 'model', value: { stringValue: 'claude-haiku-4-5-20251001' } }], ...extra });
    const metricsBody = (points: unknown[], name = 'claude_code.token.usage') => JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name, sum: { aggregationTemporality: 1, dataPoints: points } }] }] }] });

    expect((await post('/v1/metrics', metricsBody([point('input')]), { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post('/v1/metrics', metricsBody([point('input')]), { 'content-type': 'application/json', ...bearer('nope') })).status).toBe(401);
    expect((await post('/v1/metrics', metricsBody([point('input')]), { 'content-type': 'application/json', ...bearer(first.token) })).status).toBe(401);
    expect((await fetch(`${l.endpoint}/v1/metrics`, { headers: bearer(l.token) })).status).toBe(405);
    expect((await post('/v1/metrics', 'x', { 'content-type': 'text/plain', ...bearer(l.token) })).status).toBe(415);
    expect((await post('/v1/metrics', 'x', { ...json, 'content-encoding': 'br' })).status).toBe(415);
    const bad = await post('/v1/metrics', '{"resourceMetrics": [', json);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Not an OTLP metrics request in the JSON encoding/);
    expect((await post('/v1/metrics', '[1,2]', json)).status).toBe(400);
    expect((await post('/v1/metrics', 'null', json)).status).toBe(400);
    expect((await post('/v1/metrics', '{"resourceMetrics": 5}', json)).status).toBe(400);
    expect((await post('/v1/metrics', metricsBody([point('input', { asInt: '12abc' })]), json)).status).toBe(400);
    expect((await post('/v1/logs', '{"resourceLogs": [{"scopeLogs": "many"}]}', json)).status).toBe(400);
    expect((await post('/v1/metrics', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]), proto)).status).toBe(400);
    expect((await post('/v1/anything', new Uint8Array([0x0a, 0]), proto)).status).toBe(404);
    expect((await post('/', '{"hello": 1}', json)).status).toBe(400);
    expect((await post('/v1/metrics', new Uint8Array([1, 2, 3]), { ...json, 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await post('/v1/metrics', new Uint8Array(5 * 1024 * 1024), proto)).status).toBe(413);
    expect(costs.summary('session')).toEqual([]);

    // Unknown fields, other metrics, a gauge, an unknown token type and a bad value: the rest is read.
    const mixed = JSON.parse(metricsBody([point('input'), point('brandNewKind'), point('output', { asInt: undefined, asDouble: -3 }), point('output', { futureField: { x: 1 } })])) as { resourceMetrics: { futureField?: number; scopeMetrics: { metrics: unknown[] }[] }[] };
    mixed.resourceMetrics[0]!.futureField = 1;
    mixed.resourceMetrics[0]!.scopeMetrics[0]!.metrics.push({ name: 'claude_code.session.count', sum: { dataPoints: [{ asInt: 1 }] } }, { name: 'claude_code.token.usage', gauge: { dataPoints: [{ asInt: 99 }] } });
    const ok = await post('/v1/metrics', gzipSync(JSON.stringify(mixed)), { ...json, 'content-encoding': 'gzip' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    expect(costs.summary('session').map((r) => r.tokens)).toEqual([{ input: 5, output: 5, cacheWrite: 0, cacheRead: 0, reasoning: 0 }]);
    expect(receiver.stats.unreadable).toBe(2);
    // Counted with the session: its cost reads unknown, never a partial sum.
    expect(costs.summary('session')[0]).toMatchObject({ unreadable: 2, unfoundSessions: 0, costUSD: null });
    // Traces are accepted and dropped.
    expect((await post('/v1/traces', '{"resourceSpans":[]}', json)).status).toBe(200);

    receiver.unregister('s1');
    expect((await post('/v1/metrics', metricsBody([point('input')]), json)).status).toBe(401);
    expect(costs.summary('session')[0]!.records).toBe(1);
  });

  it('a launch environment carries the endpoint and that launch token only', () => {
    const env = launchTelemetryEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '{endpoint}', OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer {token}', GEMINI_TELEMETRY_ENABLED: 'true' }, { endpoint: 'http://127.0.0.1:5', token: 'abc' });
    expect(env).toEqual({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:5', OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer abc', GEMINI_TELEMETRY_ENABLED: 'true' });
  });
});
