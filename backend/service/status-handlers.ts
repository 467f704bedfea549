import type { SessionManager } from '../sessions/session-manager.js';
import type { Handlers } from './handlers.js';

/** Handlers of the status methods (issue 4). */
export function createStatusHandlers(sessions: SessionManager): Pick<Handlers, 'sessions.markSeen' | 'sessions.focus'> {
  return {
    'sessions.markSeen': ({ id }) => sessions.markSeen(id),
    'sessions.focus': ({ id }) => {
      if (id !== null) sessions.get(id);
      sessions.focus(id);
      return { ok: true as const };
    },
  };
}
