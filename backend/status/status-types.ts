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
 * Which signal decided a state, strongest first: agent hooks, terminal-level signals (OSC 133
 * shell integration marks, OSC 9 / 777 / 99 notifications, BEL), the terminal title
 * (OSC 0/2), the mirror's visible screen, user input (Enter after idle), process state.
 */
export const STATUS_SOURCES = ['hook', 'terminal', 'title', 'screen', 'input', 'process'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/**
 * How much a verdict is worth: `high` = the program said so through a structured channel
 * (a hook, an OSC 133 mark, termios echo off); `medium` = a pattern or structure the program
 * draws for exactly this (a profile pattern, a choice menu, a key hint, a busy marker, a
 * title); `low` = inference (output flowing, wording, a still screen nothing recognised).
 */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

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
  confidence: Confidence;
  /** What the program asks the person (a menu's title, the question line), while `waiting`; else null. */
  ask: string | null;
  seen: boolean;
  exitCode: number | null;
  signal: number | null;
}

/** A hook call as the hook server received it: the agent's event name and its JSON payload. */
export interface HookEvent {
  event: string;
  payload: Record<string, unknown>;
}
