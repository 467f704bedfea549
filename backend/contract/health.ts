import { z } from 'zod';

/**
 * Largest amount a WebSocket client may leave unread, in bytes (the socket's buffered
 * amount). A client attached without flow control that stops reading would otherwise make
 * the server queue its output without bound; past this, its session attachments are
 * dropped with a `session.detached` event (it can attach again and gets the snapshot).
 * 8 MiB holds several seconds of a flood at full speed, far more than a reading client lags.
 */
export const MAX_CLIENT_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Why an attachment was dropped by the backend (not asked by the client). */
export const DETACH_REASONS = ['client-too-slow'] as const;

/** Events about the health of the instance and of a client's attachments. */
export const HEALTH_EVENTS = {
  /**
   * The backend dropped this client's attachment to a session; the session runs on.
   * Sent only to that client. `message` says why and what to do (attach again).
   */
  'session.detached': z.object({ sessionId: z.string(), reason: z.enum(DETACH_REASONS), message: z.string() }),
} as const;
