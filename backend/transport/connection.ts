import { randomUUID } from 'node:crypto';
import type { ServerFrame } from '../contract/index.js';
import type { ClientConnection } from '../service/call-context.js';
import type { EventBus } from '../service/event-bus.js';
import type { Router } from '../service/router.js';

/** What a transport needs of the backend to serve one client. */
export interface ConnectionHost {
  readonly bus: Pick<EventBus, 'events$'>;
  readonly router: Pick<Router, 'handle'>;
}

/** One client served by a transport: feed it requests, close it when the client goes. */
export interface ConnectionHandle {
  readonly connection: ClientConnection;
  /** Routes one incoming request (already decoded: parsed JSON or a structured clone). */
  receive(raw: unknown): void;
  /** Stops the client's events and detaches its attachments. Idempotent. */
  close(): void;
}

/**
 * Wires one client of any transport (WebSocket, Electron IPC) to the backend: every bus
 * event is sent to it, its requests are routed with their responses sent back, and on
 * `close()` its session attachments are released. `send` must not throw once the client
 * is gone (check the socket / webContents first).
 */
export function openConnection(host: ConnectionHost, send: (frame: ServerFrame) => void): ConnectionHandle {
  const connection: ClientConnection = {
    id: randomUUID(),
    sendEvent: (frame) => send(frame),
    attachments: new Map(),
  };
  const sub = host.bus.events$.subscribe((e) => send({ t: 'evt', event: e.event, payload: e.payload }));
  let closed = false;
  const detachAll = () => {
    for (const a of connection.attachments.values()) a.detach();
    connection.attachments.clear();
  };
  return {
    connection,
    receive: (raw) => {
      if (closed) return;
      // A call still in flight when the client went (an attach, typically) is released
      // when it completes, so no attachment outlives its client.
      void host.router.handle(connection, raw, send).then(() => {
        if (closed) detachAll();
      });
    },
    close: () => {
      if (closed) return;
      closed = true;
      sub.unsubscribe();
      detachAll();
    },
  };
}
