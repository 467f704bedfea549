import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CostEntry } from '../store/cost-repository.js';
import type { UsageOwner } from './usage-watcher.js';
import type { PriceTable } from './prices.js';
import { record } from './usage.js';

/** Path of OTLP/HTTP metrics (the OTLP specification's default). */
export const OTLP_METRICS_PATH = '/v1/metrics';
/** Largest accepted body (bytes). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';
/** Claude Code's token counter: attributes `type` (input, output, cacheRead, cacheCreation) and `model`. */
const CLAUDE_TOKEN_METRIC = 'claude_code.token.usage';
/** OTLP AggregationTemporality: 2 = cumulative (1 = delta). */
const CUMULATIVE = 2;

/** Parts of an {@link OtlpReceiver}. */
export interface OtlpReceiverDeps {
  /** Adds usage (the `cost_tracking` repository's `record`). */
  record: (e: CostEntry) => void;
  prices: () => PriceTable;
  now?: () => number;
}

/**
 * An OTLP/HTTP receiver on 127.0.0.1 (random port) for agents that export OpenTelemetry
 * metrics. Each session launch registers and gets its own random token, sent by the agent
 * as `Authorization: Bearer <token>` (`OTEL_EXPORTER_OTLP_HEADERS`); the token says which
 * session the data is, so one session can never be credited with another's usage.
 * Accepted: `POST /v1/metrics` with the OTLP JSON encoding (`application/json`, the
 * `http/json` protocol of the OpenTelemetry specification). Refused: no or a wrong token
 * (401), protobuf bodies (415: launch with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`), other
 * paths (404) or methods (405), bodies over 4 MiB (413), malformed JSON (400).
 * Read: Claude Code's `claude_code.token.usage` sums, delta or cumulative (cumulative points
 * are turned into differences per series).
 */
export class OtlpReceiver {
  private server: Server | null = null;
  private readonly sessions = new Map<string, UsageOwner>();
  private readonly lastCumulative = new Map<string, number>();
  /** Requests refused (any reason) and accepted, for tests and diagnostics. */
  readonly stats = { accepted: 0, refused: 0 };

  constructor(private readonly d: OtlpReceiverDeps) {}

  /** Listens on 127.0.0.1 at a random port. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  }

  /** The base URL agents export to (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('The OTLP receiver is not started.');
    return `http://${LOOPBACK}:${addr.port}`;
  }

  /**
   * Registers a session launch; returns the environment that enables the agent's export to
   * this receiver, for that launch only (never the user's global settings), and `unregister`.
   */
  register(owner: UsageOwner): { env: Record<string, string>; token: string; unregister: () => void } {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, owner);
    return {
      token,
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: this.url,
        OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${token}`,
      },
      unregister: () => this.sessions.delete(token),
    };
  }

  /** Stops listening. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private owner(req: IncomingMessage): UsageOwner | null {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    for (const [token, owner] of this.sessions) {
      const a = Buffer.from(token);
      const b = Buffer.from(given);
      if (a.length === b.length && timingSafeEqual(a, b)) return owner;
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refuse = (code: number, message: string) => {
      this.stats.refused++;
      res.writeHead(code, { 'content-type': 'text/plain' }).end(message);
      req.resume();
    };
    if (req.url?.split('?')[0] !== OTLP_METRICS_PATH) return refuse(404, 'Only /v1/metrics is served.');
    if (req.method !== 'POST') return refuse(405, 'POST only.');
    const owner = this.owner(req);
    if (!owner) return refuse(401, 'Missing or wrong token.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415, 'Only the OTLP JSON encoding is accepted: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json.');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY_BYTES) return refuse(413, 'Body too large.');
      chunks.push(c as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return refuse(400, 'Malformed JSON.');
    }
    this.ingest(owner, body);
    this.stats.accepted++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }

  /** Reads an ExportMetricsServiceRequest (JSON encoding); unknown metrics and fields are ignored. */
  private ingest(owner: UsageOwner, body: unknown): void {
    const prices = this.d.prices();
    for (const rm of arr(record(body)?.resourceMetrics)) {
      for (const sm of arr(record(rm)?.scopeMetrics)) {
        for (const m of arr(record(sm)?.metrics)) {
          const metric = record(m);
          if (metric?.name !== CLAUDE_TOKEN_METRIC) continue;
          const sum = record(metric.sum);
          const cumulative = sum?.aggregationTemporality === CUMULATIVE || sum?.aggregationTemporality === 'AGGREGATION_TEMPORALITY_CUMULATIVE';
          for (const p of arr(sum?.dataPoints)) {
            const point = record(p);
            const value = Number(point?.asInt ?? point?.asDouble);
            if (!point || !Number.isFinite(value) || value < 0) continue;
            const attrs = attributes(point.attributes);
            const kind = attrs.get('type');
            const model = attrs.get('model') ?? null;
            const series = `${owner.sessionId}|${metric.name}|${[...attrs].sort().join(',')}|${String(point.startTimeUnixNano)}`;
            let delta = value;
            if (cumulative) {
              const last = this.lastCumulative.get(series) ?? 0;
              delta = value >= last ? value - last : value;
              this.lastCumulative.set(series, value);
            }
            if (delta === 0) continue;
            const tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 };
            if (kind === 'input') tokens.input = delta;
            else if (kind === 'output') tokens.output = delta;
            else if (kind === 'cacheRead') tokens.cacheRead = delta;
            else if (kind === 'cacheCreation') tokens.cacheWrite = delta;
            else continue;
            const atNs = Number(point.timeUnixNano);
            this.d.record({
              ...owner,
              model,
              source: 'otlp',
              at: Number.isFinite(atNs) && atNs > 0 ? Math.floor(atNs / 1e6) : (this.d.now ?? Date.now)(),
              ...tokens,
              costUSD: owner.billing === 'subscription' ? null : prices.cost(model, tokens),
              records: 1,
            });
          }
        }
      }
    }
  }
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** OTLP KeyValue list → string values by key (stringValue, intValue, doubleValue). */
function attributes(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const kv of arr(v)) {
    const o = record(kv);
    const val = record(o?.value);
    if (typeof o?.key !== 'string' || !val) continue;
    const s = val.stringValue ?? val.intValue ?? val.doubleValue;
    if (s !== undefined) out.set(o.key, String(s));
  }
  return out;
}
