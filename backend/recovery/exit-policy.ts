import type { RestartPolicy } from '../contract/index.js';
import { HEALTHY_AFTER_MS, RESTART_BACKOFF_FACTOR, RESTART_FIRST_DELAY_MS, RESTART_MAX_TRIES, RESUME_GRACE_MS } from './constants.js';

/** What is known when a session's process exits. Times in ms. */
export interface ExitFacts {
  exitCode: number;
  /** Signal number, or null. */
  signal: number | null;
  /** The user (or quit) asked for it to end: not a failure. */
  killRequested: boolean;
  /** How long the process ran. */
  ranForMs: number;
  /** How it was started: a resumed one that dies at once falls back to fresh. */
  resumeKind: 'with-id' | 'continue' | 'fresh';
  restartPolicy: RestartPolicy;
  /** Automatic restarts so far. */
  restarts: number;
  /** Whether the agent's circuit breaker allows a start now (after this exit was counted). */
  breakerAllows: boolean;
}

/** What to do about an exit, and what it means for the agent's circuit breaker. */
export type ExitDecision = { breaker: 'failure' | 'success' | 'none' } & (
  | { action: 'fresh-start'; note: string }
  | { action: 'restart'; delayMs: number; tries: number; note: string }
  | { action: 'end'; note: string }
);

/** True when the exit is a failure: neither asked for nor clean. */
export function isFailure(f: Pick<ExitFacts, 'exitCode' | 'signal' | 'killRequested'>): boolean {
  return !f.killRequested && (f.exitCode !== 0 || f.signal !== null);
}

/**
 * Decides what follows a process exit: a resumed process that failed within
 * {@link RESUME_GRACE_MS} starts fresh; a failure under the `on-failure` policy restarts
 * after 1 s, 2 s, 4 s ({@link RESTART_FIRST_DELAY_MS} × {@link RESTART_BACKOFF_FACTOR}^n) for
 * at most {@link RESTART_MAX_TRIES} tries, unless the agent's breaker is open; anything else
 * ends the session. A failure counts against the breaker; a clean exit or a run longer than
 * {@link HEALTHY_AFTER_MS} counts for it. Pure.
 */
export function decideExit(f: ExitFacts): ExitDecision {
  const failed = isFailure(f);
  const breaker = failed ? 'failure' : f.exitCode === 0 || f.ranForMs >= HEALTHY_AFTER_MS ? 'success' : 'none';
  if (failed && f.resumeKind !== 'fresh' && f.ranForMs < RESUME_GRACE_MS) {
    return { breaker, action: 'fresh-start', note: `resume failed (exit ${f.exitCode}); starting fresh` };
  }
  if (failed && f.restartPolicy === 'on-failure') {
    if (f.restarts >= RESTART_MAX_TRIES) return { breaker, action: 'end', note: `gave up after ${RESTART_MAX_TRIES} restarts` };
    if (!f.breakerAllows) return { breaker, action: 'end', note: 'not restarted: the circuit breaker is open' };
    const tries = f.restarts + 1;
    const delayMs = RESTART_FIRST_DELAY_MS * RESTART_BACKOFF_FACTOR ** f.restarts;
    const how = f.signal !== null ? `signal ${f.signal}` : `code ${f.exitCode}`;
    return { breaker, action: 'restart', delayMs, tries, note: `exited with ${how}; restarting in ${delayMs / 1000} s (try ${tries} of ${RESTART_MAX_TRIES})` };
  }
  return { breaker, action: 'end', note: '' };
}
