/** The live states of a session and the sources that decide them: the contract's lists. */
export { SESSION_STATES as AGENT_STATES, STATE_SOURCES as STATUS_SOURCES } from '../contract/index.js';
export type { SessionState as AgentState, StateSource as StatusSource } from '../contract/index.js';
import type { SessionState as AgentState, StateSource as StatusSource } from '../contract/index.js';

/** States a screen, title or hook verdict may name (never `starting` / `exited`). */
export const VERDICT_STATES = ['working', 'waiting', 'idle', 'error'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

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
