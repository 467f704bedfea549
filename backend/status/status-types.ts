/** The live states of a session and the sources that decide them: the contract's lists. */
export { SESSION_STATES as AGENT_STATES, STATE_SOURCES as STATUS_SOURCES } from '../contract/index.js';
export type { SessionState as AgentState, StateSource as StatusSource } from '../contract/index.js';
import type { SessionState as AgentState, StateSource as StatusSource } from '../contract/index.js';

/** States a screen, title or hook verdict may name (never `starting` / `exited`). */
export const VERDICT_STATES = ['working', 'waiting', 'idle', 'error'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

/**
 * One state of a session as the detector publishes it.
 * `since` is ms since the epoch when `state` was entered. `seen` is false from the moment a
 * state is entered until {@link StatusDetector.markSeen} is called ("waiting, not yet seen").
 * `exitCode` / `signal` are set only for `exited` (signal = number, or null for a normal exit).
 */
export interface StatusEvent {
  state: AgentState;
  since: number;
  source: StatusSource;
  /** Human-readable why, e.g. `screen: approval menu ("❯ 1. Yes")`. */
  reason: string;
  seen: boolean;
  exitCode: number | null;
  signal: number | null;
}

/** A hook call as the hook server received it: the agent's event name and its JSON payload. */
export interface HookEvent {
  event: string;
  payload: Record<string, unknown>;
}
