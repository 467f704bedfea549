import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { CostEntry } from '../store/cost-repository.js';
import { decodeOtlp, jsonSignal, OtlpDecodeError, type OtlpEncoding, type OtlpSignal } from './otlp-decode.js';
import { readLimitEvents, type OtlpLimitSignal } from './otlp-limit.js';
import { OtlpUsageReader, TOKEN_KINDS, type OtlpReading } from './otlp-usage.js';
import type { PriceTable } from './prices.js';
import type { UsageOwner } from './usage-watcher.js';

/** OTLP/HTTP paths (the OTLP specification's defaults). */
export const OTLP_PATHS = { metrics: '/v1/metrics', logs: '/v1/logs', traces: '/v1/traces' } as const;
/** Largest accepted body, compressed or not (bytes). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

/** Parts of an {@link OtlpReceiver}. */
export interface OtlpReceiverDeps {
  /** Adds usage (the `cost_tracking` repository's `record`). */
  record: (e: CostEntry) => void;
  prices: () => PriceTable;
  /** Who a session's usage goes to now (its task may change), or null for a session gone. */
  owner: (sessionId: string) => UsageOwner | null;
  /** The session's agent reported, in a log event, that it hit a usage or rate limit (`otlp-limit-map.json`). Optional. */
  limit?: (sessionId: string, signal: OtlpLimitSignal) => void;
  now?: () => number;
}

interface Launch {
  sessionId: string;
  token: Buffer;
  reader: OtlpUsageReader;
}

/**
 * An OTLP/HTTP receiver on 127.0.0.1 (random port) for agents that export OpenTelemetry.
 * Each session launch registers and gets its own random token, sent by the agent as
 * `Authorization: Bearer <token>` (`OTEL_EXPORTER_OTLP_HEADERS`); the token says which session
 * the data is, so one session is never credited with another's usage, and a relaunch
 * revokes the previous launch's token.
 *
 * Served: `POST /v1/metrics` and `POST /v1/logs` in both OTLP/HTTP encodings
 * (`application/x-protobuf`, `application/json`), optionally gzip-compressed; `POST /v1/traces`
 * is accepted and dropped; a JSON body posted to any other path is read by its top-level
 * field (exporters that post every signal to one URL). Bodies are decoded with the official
 * OTLP definitions ({@link decodeOtlp}) and read by {@link OtlpUsageReader}.
 * Answers: 200 with an empty Export*ServiceResponse; 401 without the token of a live launch;
 * 404 unknown path; 405 not POST; 413 body over 4 MiB; 415 other content types or encodings;
 * 503 before {@link connect};
 * 400 a body that is not an OTLP request. Never throws on input.
 */
export class OtlpReceiver {
  private server: Server | null = null;
  private readonly launches = new Map<string, Launch>();
  /** Requests refused (any reason) and accepted; usage data points that could not be read. */
  readonly stats = { accepted: 0, refused: 0, unreadable: 0 };
  /** Sessions that exported at least one request this receiver accepted. */
  private readonly heard = new Set<string>();

  /** `deps` may be given later through {@link connect} (it can listen before its store exists). */
  constructor(private d: OtlpReceiverDeps | null = null) {}

  /** Gives the parts usage goes to; until then, requests are answered 503. */
  connect(deps: OtlpReceiverDeps): void {
    this.d = deps;
  }

  /** Listens on 127.0.0.1 at a random port. Idempotent. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  }

  /** Whether it listens (between `start()` and `close()`). */
  get listening(): boolean {
    return this.server !== null;
  }

  /** The base URL agents export to (`OTEL_EXPORTER_OTLP_ENDPOINT`). @throws Error before `start()` */
  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('The OTLP receiver is not started.');
    return `http://${LOOPBACK}:${addr.port}`;
  }

  /**
   * Registers a launch of `sessionId`: a new token replaces the session's previous one.
   * Returns the endpoint and token to put in that launch's environment.
   * @throws Error before `start()`
   */
  register(sessionId: string): { endpoint: string; token: string } {
    const token = randomBytes(32).toString('base64url');
    this.launches.set(sessionId, { sessionId, token: Buffer.from(token), reader: new OtlpUsageReader() });
    return { endpoint: this.url, token };
  }

  /** True when the session exported at least one OTLP request here (its usage source was found). */
  heardFrom(sessionId: string): boolean {
    return this.heard.has(sessionId);
  }

  /** Revokes the session's token (the session is gone). */
  unregister(sessionId: string): void {
    this.launches.delete(sessionId);
  }

  /** Stops listening and revokes every token. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    this.launches.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private launchOf(req: IncomingMessage): Launch | null {
    const auth = req.headers.authorization ?? '';
    const given = Buffer.from(auth.startsWith('Bearer ') ? auth.slice(7).trim() : '');
    for (const l of this.launches.values()) {
      if (l.token.length === given.length && timingSafeEqual(l.token, given)) return l;
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refuse = (code: number, message: string) => {
      this.stats.refused++;
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(message);
      req.resume();
    };
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'POST') return refuse(405, 'POST only.');
    if (!this.d) return refuse(503, 'Not ready yet: retry.');
    const launch = this.launchOf(req);
    if (!launch) return refuse(401, 'Missing or wrong token: send the Authorization header this launch was given.');
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const encoding: OtlpEncoding | null = type === 'application/json' ? 'json' : type === 'application/x-protobuf' || type === 'application/protobuf' ? 'protobuf' : null;
    if (!encoding) return refuse(415, 'Send application/x-protobuf or application/json (OTLP/HTTP).');
    const contentEncoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (contentEncoding !== 'identity' && contentEncoding !== 'gzip') return refuse(415, 'Only gzip compression is accepted.');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY_BYTES) return refuse(413, 'Body over 4 MiB.');
      chunks.push(c as Buffer);
    }
    let body = Buffer.concat(chunks);
    if (contentEncoding === 'gzip') {
      try {
        body = gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
      } catch {
        return refuse(400, 'The gzip body could not be inflated (corrupt, or over 4 MiB inflated).');
      }
    }
    let signal: OtlpSignal | 'traces' | null =
      path === OTLP_PATHS.metrics ? 'metrics' : path === OTLP_PATHS.logs ? 'logs' : path === OTLP_PATHS.traces ? 'traces' : null;
    if (signal === null) {
      if (encoding !== 'json') return refuse(404, `Post protobuf to ${OTLP_PATHS.metrics} or ${OTLP_PATHS.logs}.`);
      signal = jsonSignal(body);
      if (signal === null) return refuse(400, 'A JSON body with resourceMetrics, resourceLogs or resourceSpans was expected.');
    }
    if (signal !== 'traces') {
      let reading: OtlpReading;
      let limits: OtlpLimitSignal[] = [];
      try {
        if (signal === 'metrics') reading = launch.reader.readMetrics(decodeOtlp('metrics', encoding, body));
        else {
          const logs = decodeOtlp('logs', encoding, body);
          reading = launch.reader.readLogs(logs);
          limits = readLimitEvents(logs, (this.d?.now ?? Date.now)());
        }
      } catch (err) {
        return refuse(400, err instanceof OtlpDecodeError ? err.message : 'Not an OTLP request.');
      }
      this.stats.unreadable += reading.unreadable;
      this.recordReading(launch.sessionId, reading);
      for (const l of limits) this.d?.limit?.(launch.sessionId, l);
    }
    this.heard.add(launch.sessionId);
    this.stats.accepted++;
    if (encoding === 'json') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  }

  private recordReading(sessionId: string, reading: OtlpReading): void {
    const d = this.d;
    const owner = d?.owner(sessionId);
    if (!d || !owner) return;
    const prices = d.prices();
    if (reading.unreadable > 0) {
      // Counted apart, never as 0 tokens: the session's figures read as unknown.
      const zero = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 };
      d.record({ ...owner, model: null, source: 'otlp', at: (d.now ?? Date.now)(), ...zero, costUSD: null, records: 0, unreadable: reading.unreadable });
    }
    for (const o of reading.observations) {
      // Counts are whole tokens; a double-valued counter is rounded.
      for (const k of TOKEN_KINDS) o.tokens[k] = Math.round(o.tokens[k]);
      const cost = owner.billing === 'subscription' ? null : (o.reportedCostUSD ?? prices.cost(o.model, o.tokens));
      d.record({
        ...owner,
        model: o.model,
        source: 'otlp',
        at: o.at ?? (d.now ?? Date.now)(),
        ...o.tokens,
        costUSD: cost,
        records: 1,
      });
    }
  }
}

/**
 * A profile's telemetry environment for one launch: `{endpoint}` and `{token}` in each value
 * are replaced by the receiver's base URL and the launch's token. The result goes into that
 * launch's environment only, never into the user's settings.
 */
export function launchTelemetryEnv(template: Record<string, string>, launch: { endpoint: string; token: string }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(template)) out[k] = v.replaceAll('{endpoint}', launch.endpoint).replaceAll('{token}', launch.token);
  return out;
}
