import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { openDatabase } from '../store/database.js';
import { CostRepository } from '../store/cost-repository.js';
import { OtlpReceiver } from './otlp-receiver.js';
import { BUILTIN_PRICES, PriceTable } from './prices.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The official OpenTelemetry JS SDK and OTLP/HTTP exporter, configured from the env a launch gets. */
function agentTelemetry(env: Record<string, string>): MeterProvider {
  const headers = Object.fromEntries(env.OTEL_EXPORTER_OTLP_HEADERS!.split(',').map((h) => h.split('=') as [string, string]));
  const exporter = new OTLPMetricExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/metrics`, headers });
  return new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'claude-code' }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })],
  });
}

describe('OTLP/HTTP receiver', () => {
  it('attributes tokens and cost exported by the official exporter to the session whose token it carries; refuses a request without it', async () => {
    const t = tempDir('otlp-');
    const db = openDatabase(join(t.dir, 'cortex.sqlite'));
    cleanups.push(t.cleanup, () => db.close());
    const costs = new CostRepository(db);
    const receiver = new OtlpReceiver({ record: (e) => costs.record(e), prices: () => new PriceTable(BUILTIN_PRICES) });
    await receiver.start();
    cleanups.push(() => receiver.close());

    const s1 = receiver.register({ sessionId: 's1', projectId: 'p1', agent: 'claude', taskId: null, billing: 'api' });
    const s2 = receiver.register({ sessionId: 's2', projectId: 'p1', agent: 'claude', taskId: null, billing: 'api' });
    expect(s1.env).toMatchObject({ CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });

    const p1 = agentTelemetry(s1.env);
    const c1 = p1.getMeter('com.anthropic.claude_code').createCounter('claude_code.token.usage', { unit: 'tokens' });
    const model = 'claude-sonnet-4-5-20250929';
    c1.add(100, { type: 'input', model });
    c1.add(2000, { type: 'output', model });
    c1.add(5000, { type: 'cacheRead', model });
    c1.add(1000, { type: 'cacheCreation', model });
    await p1.forceFlush();
    // Cumulative export: a second flush repeats the totals and only the growth is added.
    c1.add(50, { type: 'output', model });
    await p1.forceFlush();
    await p1.shutdown();

    const p2 = agentTelemetry(s2.env);
    p2.getMeter('x').createCounter('claude_code.token.usage').add(7, { type: 'input', model: 'claude-haiku-4-5-20251001' });
    await p2.forceFlush();
    await p2.shutdown();

    const rows = costs.summary('session');
    expect(rows.map((r) => [r.key, r.tokens])).toEqual([
      ['s1', { input: 100, output: 2050, cacheWrite: 1000, cacheRead: 5000, reasoning: 0 }],
      ['s2', { input: 7, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 }],
    ]);
    // 100×3 + 2050×15 + 1000×3.75 + 5000×0.3 = 36300 µUSD
    expect(rows[0]!.costUSD).toBeCloseTo(0.0363, 12);
    expect(costs.summary('model').map((r) => r.key)).toEqual(['claude-haiku-4-5-20251001', model]);

    const before = receiver.stats.refused;
    const bare = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceMetrics":[]}' });
    expect(bare.status).toBe(401);
    const wrong = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    const proto = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${s1.token}` }, body: new Uint8Array([1]) });
    expect(proto.status).toBe(415);
    expect(receiver.stats.refused).toBe(before + 3);
    s2.unregister();
    const gone = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s2.token}` }, body: '{}' });
    expect(gone.status).toBe(401);
    expect(costs.summary('session').map((r) => r.records)).toEqual([5, 1]);
  });
});
