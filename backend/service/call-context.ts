import type { EventFrame } from '../contract/index.js';
import type { Attachment } from '../pty/pty-session.js';

/**
 * One connected client, whatever the transport: a browser tab over WebSocket, the
 * Electron renderer over IPC, the CLI. Holds the client's attachments so they are
 * released when it goes away.
 */
export interface ClientConnection {
  readonly id: string;
  /** Sends an event frame to this client. Must not throw after the client is gone. */
  sendEvent(frame: EventFrame): void;
  /** Attachments of this client, by session id. */
  readonly attachments: Map<string, Attachment>;
}

/** Per-call context handed to every method handler. */
export interface CallContext {
  connection: ClientConnection;
  /** Runs `fn` right after the response to this call has been sent. */
  afterResponse(fn: () => void): void;
}
