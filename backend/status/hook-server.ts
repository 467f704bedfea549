import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HookEvent } from './status-types.js';

/** Path hook calls are posted to. */
export const HOOK_PATH = '/hook';
/** Header carrying the session's token (`Authorization: Bearer <token>` is accepted too). */
export const HOOK_TOKEN_HEADER = 'x-cortex-token';
/** Largest accepted body (bytes): a Claude payload carries at most a prompt and a few paths. */
export const HOOK_MAX_BODY_BYTES = 1024 * 1024;
/** Token size in random bytes (base64url-encoded in the environment). */
const TOKEN_BYTES = 32;
const LOOPBACK = '127.0.0.1';

/** Receives the authenticated hook calls of one session. */
export type HookHandler = (e: HookEvent) => void;

/** Counters for tests and diagnostics. */
export interface HookServerStats {
  accepted: number;
  refused: number;
}

/**
 * The authenticated local channel for agent hooks (the strongest status signal). HTTP on 127.0.0.1 at a
 * random port; `POST /hook` with JSON `{sessionId, event, payload}` and the session's token in
 * the `x-cortex-token` header. Each session registers with its own random token, so a hook of
 * one session can never move another. Refused: a wrong or missing token or an unknown session
 * (401), a browser (an `Origin` header, or a `Host` other than the loopback address: 403),
 * another method (405) or path (404), a body over 1 MiB (413), malformed JSON (400).
 * Accepted calls answer 204 at once and are handed to the session's handler synchronously.
 * Lifetime: one per backend; start it before the first session, close it at shutdown.
 */
export class HookServer {
  private readonly sessions = new Map<string, { token: Buffer; handler: HookHandler }>();
  private readonly counters: HookServerStats = { accepted: 0, refused: 0 };

  private constructor(
    private readonly server: Server,
    private readonly port: number,
  ) {}

  /** Starts listening on 127.0.0.1 at a random free port. @throws Error when it cannot listen */
  static async start(): Promise<HookServer> {
    let self: HookServer | null = null;
    const server = createServer((req, res) => self!.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    self = new HookServer(server, (server.address() as AddressInfo).port);
    return self;
  }

  /** The URL hook clients post to (`CORTEX_HOOK_URL`). */
  get url(): string {
    return `http://${LOOPBACK}:${this.port}${HOOK_PATH}`;
  }

  get stats(): HookServerStats {
    return { ...this.counters };
  }

  /**
   * Registers a session and returns its fresh token (`CORTEX_HOOK_TOKEN`). Registering the same
   * id again replaces the token (a relaunch). `unregister` when the session ends.
   */
  register(sessionId: string, handler: HookHandler): { token: string; unregister: () => void } {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const entry = { token: Buffer.from(token), handler };
    this.sessions.set(sessionId, entry);
    return {
      token,
      unregister: () => {
        if (this.sessions.get(sessionId) === entry) this.sessions.delete(sessionId);
      },
    };
  }

  /** Stops listening and drops every registration. */
  async close(): Promise<void> {
    this.sessions.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const refuse = (code: number) => {
      this.counters.refused++;
      res.writeHead(code, { connection: 'close' }).end();
      req.resume();
    };
    if ((req.url ?? '').split('?')[0] !== HOOK_PATH) return refuse(404);
    if (req.method !== 'POST') return refuse(405);
    if (req.headers.origin !== undefined || req.headers.host !== `${LOOPBACK}:${this.port}`) return refuse(403);
    const token = tokenOf(req);
    if (!token) return refuse(401);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > HOOK_MAX_BODY_BYTES) return refuse(413);
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > HOOK_MAX_BODY_BYTES && !aborted) {
        aborted = true;
        refuse(413);
      } else if (!aborted) chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      const body = parseBody(Buffer.concat(chunks).toString('utf8'));
      if (!body) return refuse(400);
      const entry = this.sessions.get(body.sessionId);
      if (!entry || !sameToken(entry.token, token)) return refuse(401);
      this.counters.accepted++;
      res.writeHead(204).end();
      entry.handler({ event: body.event, payload: body.payload });
    });
  }
}

function tokenOf(req: IncomingMessage): string | null {
  const h = req.headers[HOOK_TOKEN_HEADER];
  if (typeof h === 'string' && h) return h;
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
}

function sameToken(expected: Buffer, given: string): boolean {
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

function parseBody(text: string): { sessionId: string; event: string; payload: Record<string, unknown> } | null {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return null;
  }
  if (!j || typeof j !== 'object') return null;
  const { sessionId, event, payload } = j as Record<string, unknown>;
  if (typeof sessionId !== 'string' || typeof event !== 'string' || !event) return null;
  const p = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  return { sessionId, event, payload: p };
}
