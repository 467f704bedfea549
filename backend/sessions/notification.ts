import type { EventPayload, NotifyKind, SessionState } from '../contract/index.js';

/** One change of a session's state, as the session saw it. */
export interface StateChange {
  sessionId: string;
  /** The state before the change and after it. */
  before: SessionState;
  after: SessionState;
  /** Why the session is in `after` (the record's `stateReason`). */
  reason: string;
  /** What a waiting program asks (a menu's title, the question line), or null. */
  ask: string | null;
  /** The session's folder (the last resort for what a waiting session is about). */
  cwd: string;
  /** The user saw the change: the session is focused, or its status says it was seen. */
  seen: boolean;
  /** The user (or a quit) asked for the process to end: its exit is no news. */
  killRequested: boolean;
}

/**
 * The `session.notify` a state change raises, or null when it raises none. Rules:
 * - nothing for a change the user saw, or for no change of state;
 * - `waiting`: "<agent> needs you", saying what it asks (else why it waits, else its folder);
 * - `idle` straight after `working`: "<agent> finished" (an idle after starting or waiting is
 *   not the end of a piece of work);
 * - `exited` from any other state, unless the user asked for the end: "<agent> exited", with
 *   the reason (exit code or signal);
 * - nothing for `starting`, `working` and `error`.
 * @param agentName the profile's display name
 * @param at when (ms epoch)
 */
export function notificationFor(change: StateChange, agentName: string, at: number): EventPayload<'session.notify'> | null {
  const kind = notifyKind(change);
  if (kind === null) return null;
  const title = kind === 'waiting' ? `${agentName} needs you` : kind === 'finished' ? `${agentName} finished` : `${agentName} exited`;
  const body = kind === 'exited' ? change.reason : change.ask || change.reason || change.cwd;
  return { sessionId: change.sessionId, kind, title, body, at };
}

function notifyKind(c: StateChange): NotifyKind | null {
  if (c.seen || c.before === c.after) return null;
  if (c.after === 'waiting') return 'waiting';
  if (c.after === 'idle' && c.before === 'working') return 'finished';
  if (c.after === 'exited' && !c.killRequested) return 'exited';
  return null;
}
