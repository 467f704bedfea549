import { WebSocket } from 'ws';
import {
  CortexError,
  decodeOutputFrame,
  outputFrameToEvent,
  RpcClientCore,
  TOKEN_PARAM,
  type EventName,
  type EventPayload,
  type MethodName,
  type ParamsIn,
  type Result,
  type ServerFrame,
} from '../contract/index.js';

/**
 * One message from the server as a frame: JSON text, or a binary `session.output` frame.
 * @throws SyntaxError on malformed JSON, Error on a binary frame of an unknown kind
 */
function decodeServerMessage(data: Buffer, isBinary: boolean): ServerFrame {
  if (!isBinary) return JSON.parse(data.toString()) as ServerFrame;
  const frame = decodeOutputFrame(data);
  if (frame === null) throw new Error(`unknown binary frame (kind ${data[0]}, ${data.length} bytes)`);
  return outputFrameToEvent(frame);
}

/**
 * A Node client of the contract over WebSocket (the CLI, tests, benchmarks).
 * Sends no Origin header, as non-browser clients do. Binary `session.output` frames are
 * decoded to the event object with its data as a string, as the contract types it.
 */
export class WsClient {
  private readonly core: RpcClientCore;
  private readonly closeListeners = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    this.core = new RpcClientCore({ send: (f) => ws.send(JSON.stringify(f)) });
    ws.on('message', (data, isBinary) => this.core.receive(decodeServerMessage(data as Buffer, isBinary)));
    ws.on('close', () => {
      this.core.failAll('The connection to Phantom Cortex closed.');
      for (const l of [...this.closeListeners]) l();
    });
  }

  /** Called once when the connection closes (either side). @returns a function that stops listening */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Connects to `wsUrl` with `token`.
   * @param headers extra upgrade headers (tests use them to forge an Origin)
   * @throws CortexError `UNAUTHORIZED` when the server refuses (wrong token or Origin),
   *   `NO_INSTANCE` when nothing listens there
   */
  static connect(wsUrl: string, token: string, headers: Record<string, string> = {}): Promise<WsClient> {
    const url = new URL(wsUrl);
    url.searchParams.set(TOKEN_PARAM, token);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        reject(new CortexError('UNAUTHORIZED', `The server refused the connection (HTTP ${res.statusCode}).`, 'Check the token and Origin.'));
      });
      ws.once('error', (err) =>
        reject(new CortexError('NO_INSTANCE', `Cannot reach Phantom Cortex at ${wsUrl}: ${err.message}`, 'Start it with `npm run serve` or `npm start`.')),
      );
    });
  }

  call<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>> {
    return this.core.call(method, params);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.core.on(event, listener);
  }

  /** Sends a raw frame (tests of malformed input). */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Resolves with the next raw frame the server sends. */
  nextRawFrame(): Promise<ServerFrame> {
    return new Promise((resolve) => this.ws.once('message', (d, isBinary) => resolve(decodeServerMessage(d as Buffer, isBinary))));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
