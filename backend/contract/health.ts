import * as z from 'zod';

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


/**
 * What can go wrong with the instance while every session runs on: `disk-full` (the disk
 * holding the database is full: snapshots are paused until space returns),
 * `snapshot-failed` (another write error of the snapshot writer), `corrupt-rows` (rows of
 * the database that could not be read were skipped).
 */
export const HEALTH_PROBLEM_KINDS = ['disk-full', 'snapshot-failed', 'corrupt-rows'] as const;

/** One problem of the instance, ready to show. */
export const HealthProblemSchema = z.object({
  kind: z.enum(HEALTH_PROBLEM_KINDS),
  /** What is wrong, in words a user understands. */
  message: z.string(),
  /** What to do about it. */
  hint: z.string().optional(),
  /** When it was first seen (ms epoch). */
  since: z.number(),
});
export type HealthProblem = z.infer<typeof HealthProblemSchema>;

/** `app.health`: the instance's current problems (empty when all is well). */
export const HEALTH_METHODS = {
  'app.health': {
    params: z.object({}).strict(),
    result: z.object({ problems: z.array(HealthProblemSchema) }),
  },
} as const;

/** Events about the health of the instance and of a client's attachments. */
export const HEALTH_EVENTS = {
  /**
   * The backend dropped this client's attachment to a session; the session runs on.
   * Sent only to that client. `message` says why and what to do (attach again).
   */
  'session.detached': z.object({ sessionId: z.string(), reason: z.enum(DETACH_REASONS), message: z.string() }),
  /** The instance's problems changed (one appeared or went away): the whole current list. */
  'app.health': z.object({ problems: z.array(HealthProblemSchema) }),
} as const;
