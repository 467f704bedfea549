import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_CLIENT_BUFFERED_BYTES, outputFrameHeaderBytes, TOKEN_PARAM, writeOutputFrameHeader, WS_PATH, type EventPayload, type ServerFrame } from '../contract/index.js';
import type { CortexBackend } from '../service/cortex-backend.js';
import { openConnection, type ConnectionHandle } from './connection.js';
import { createStaticHandler, decodedPath } from './static-files.js';

/**
 * A `session.output` event as a binary frame (contract/output-frame.ts), allocated at its
 * exact size and not zero-filled: a flood sends 64 K-char batches back to back, and a
 * buffer sized for the worst case (3 bytes a char) tripled what the collector had to reclaim.
 */
function outputFrameBuffer(o: EventPayload<'session.output'>): Buffer {
  const buf = Buffer.allocUnsafe(outputFrameHeaderBytes(o.sessionId) + Buffer.byteLength(o.data, 'utf8'));
  buf.write(o.data, writeOutputFrameHeader(buf, o.sessionId, o.seq, o.data.length), 'utf8');
  return buf;
}

/** The only interface browser mode ever listens on. */
export const LOOPBACK = '127.0.0.1';
/** Largest WebSocket message accepted, in bytes (a 4 M-char paste encodes to at most ~12 MB). */
export const MAX_WS_PAYLOAD_BYTES = 16 * 1024 * 1024;

export interface WsServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Folder of the built renderer to serve over HTTP; none serves only the WebSocket. */
  staticDir?: string;
  /** Fixed token (tests); default 32 random bytes, hex. */
  token?: string;
  /** Bytes a client may leave unread before its attachments are dropped; default {@link MAX_CLIENT_BUFFERED_BYTES}. */
  maxBufferedBytes?: number;
}

/**
 * Drops every session attachment of a client that has more than its limit unread (it
 * stopped reading, or reads slower than output comes), so the server never queues
 * without bound; each dropped session gets a `session.detached` event naming the reason.
 * Sessions run on; the client may attach again and gets the snapshot.
 */
function dropSlowAttachments(ws: WebSocket, client: ConnectionHandle, limit: number): void {
  const { attachments } = client.connection;
  for (const [sessionId, attachment] of attachments) {
    attachment.detach();
    attachments.delete(sessionId);
    const frame: ServerFrame = {
      t: 'evt',
      event: 'session.detached',
      payload: {
        sessionId,
        reason: 'client-too-slow',
        message: `Detached from session ${sessionId}: this client left more than ${limit} bytes of output unread. The session runs on; attach again to get its screen.`,
      },
    };
    ws.send(JSON.stringify(frame));
  }
}

/**
 * The last-resort handler of a request that threw: logs it and lets the instance (and
 * every session) run on.
 */
export function lastResort(what: string, err: unknown): void {
  console.error(`[cortex] ${what} failed and was answered with an error; the instance runs on:`, err);
}

/**
 * Browser mode: the contract over a WebSocket on 127.0.0.1, plus the built renderer over
 * HTTP. Every upgrade must carry the per-start token (`?token=`), a Host of this loopback
 * address (DNS rebinding), and either no Origin (CLI, scripts) or our own origin;
 * anything else is refused with 401/403 before a WebSocket exists. Frames are JSON text,
 * but for `session.output`, which goes as a binary frame (contract/output-frame.ts).
 */
export class WsServer {
  readonly token: string;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly maxBuffered: number;
  private portNumber = 0;

  constructor(
    private readonly backend: CortexBackend,
    private readonly opts: WsServerOptions = {},
  ) {
    this.token = opts.token ?? randomBytes(32).toString('hex');
    this.maxBuffered = opts.maxBufferedBytes ?? MAX_CLIENT_BUFFERED_BYTES;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });
    const serveStatic = opts.staticDir ? createStaticHandler(opts.staticDir) : null;
    // Every handler is total: whatever a request carries, it gets an answer and the
    // instance (every session) runs on. A throw is a bug, logged and answered 500.
    this.http = createServer((req, res) => {
      try {
        if (!this.hostAllowed(req.headers.host)) {
          res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden host\n');
        } else if (serveStatic) serveStatic(req, res);
        else res.writeHead(404).end();
      } catch (err) {
        lastResort('an HTTP request', err);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      }
    });
    this.http.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    this.http.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      try {
        const refusal = this.refusal(req);
        if (refusal) {
          socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
          return;
        }
        this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
      } catch (err) {
        lastResort('a WebSocket upgrade', err);
        socket.destroy();
      }
    });
  }

  /** Starts listening on 127.0.0.1. @throws Error (EADDRINUSE...) when the port cannot be bound */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port ?? 0, LOOPBACK, () => {
        this.http.off('error', reject);
        this.portNumber = (this.http.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.portNumber;
  }

  /** The page URL with its token, for a browser. */
  get url(): string {
    return `http://${LOOPBACK}:${this.port}/?${TOKEN_PARAM}=${this.token}`;
  }

  /** The WebSocket URL without the token. */
  get wsUrl(): string {
    return `ws://${LOOPBACK}:${this.port}${WS_PATH}`;
  }

  /** Closes every socket and the listener. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  private allowedOrigins(): string[] {
    return [`http://${LOOPBACK}:${this.port}`, `http://localhost:${this.port}`];
  }

  private hostAllowed(host: string | undefined): boolean {
    return host === `${LOOPBACK}:${this.port}` || host === `localhost:${this.port}`;
  }

  /** Why an upgrade is refused, as an HTTP status line, or null to accept. */
  private refusal(req: IncomingMessage): string | null {
    // Host and Origin are compared as plain strings first: nothing parses them.
    if (!this.hostAllowed(req.headers.host)) return '403 Forbidden';
    const origin = req.headers.origin;
    if (origin !== undefined && !this.allowedOrigins().includes(origin)) return '403 Forbidden';
    const target = req.url ?? '/';
    const path = decodedPath(target);
    if (path === null) return '400 Bad Request';
    if (path !== WS_PATH) return '404 Not Found';
    let token: string;
    try {
      token = new URLSearchParams(target.slice(target.indexOf('?') + 1 || target.length)).get(TOKEN_PARAM) ?? '';
    } catch {
      return '400 Bad Request';
    }
    const given = Buffer.from(token);
    const want = Buffer.from(this.token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return '401 Unauthorized';
    return null;
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    const client: ConnectionHandle = openConnection(this.backend, (frame: ServerFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (frame.t === 'evt' && frame.event === 'session.output') {
        if (ws.bufferedAmount > this.maxBuffered) return dropSlowAttachments(ws, client, this.maxBuffered);
        ws.send(outputFrameBuffer(frame.payload as EventPayload<'session.output'>));
      } else ws.send(JSON.stringify(frame));
    });
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
      } catch {
        raw = undefined;
      }
      client.receive(raw);
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      client.close();
    });
    ws.on('error', () => ws.terminate());
  }
}
