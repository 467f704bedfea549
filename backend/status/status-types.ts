/**
 * The live states of an agent session (DESIGN.md "Live status"), in the order a session
 * usually passes through them. `waiting` = the agent asks the user (an approval, a question,
 * a choice); `idle` = ready for the next prompt; `exited` carries exit code and signal.
 */
export const AGENT_STATES = ['starting', 'working', 'waiting', 'idle', 'exited', 'error'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** States a screen, title or hook verdict may name (never `starting` / `exited`). */
export const VERDICT_STATES = ['working', 'waiting', 'idle', 'error'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

/**
 * Which signal decided a state, strongest first: agent hooks, the terminal title
 * (OSC 0/2), the mirror's visible screen, user input (Enter after idle), process state.
 */
export const STATUS_SOURCES = ['hook', 'title', 'screen', 'input', 'process'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

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
