import { z } from 'zod';
import { SessionSchema } from './model.js';

const id = z.string().min(1);

/** Methods of agent-aware status (issue 4). */
export const STATUS_METHODS = {
  /** The user looked at the session: "waiting, not yet seen" becomes "waiting, seen". */
  'sessions.markSeen': { params: z.object({ id }).strict(), result: SessionSchema },
  /**
   * Which session the user is looking at (the focused console of a focused window), or
   * null when the window is not focused. Sessions other than this one raise `session.notify`.
   */
  'sessions.focus': { params: z.object({ id: id.nullable() }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
