import { CortexError, type Session } from '../contract/index.js';
import type { PtyExit } from '../pty/pty-process.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import { RESTART_MAX_TRIES } from '../recovery/constants.js';
import { decideExit, isFailure } from '../recovery/exit-policy.js';
import type { ResumePlan } from '../recovery/resume.js';

/** Facts of a session's current process that the exit policy weighs. Times in ms. */
export interface RunFacts {
  /** When the process was started (ms epoch). */
  launchedAt: number;
  /** How it was started: a resumed process that dies at once falls back to fresh. */
  resumeKind: ResumePlan['kind'];
  /** The user (or a quit) asked for it to end: its exit is no failure. */
  killRequested: boolean;
}

/** What the supervisor needs of a live session (implemented by `LiveSession`). */
export interface SupervisedSession {
  readonly record: Session;
  readonly run: RunFacts;
  /** Writes a note line into the session's terminal. */
  note(text: string): void;
  /** Adds a row to the session's event log (never throws). */
  log(kind: 'error', detail: Record<string, unknown>): void;
  /** Starts the profile's command again, fresh, merging `extra` into the record. @throws the errors of a launch */
  launchFresh(extra: Partial<Session>): void;
  /** Records the end of the process; `restartAt` (ms epoch) when a restart is scheduled. */
  markEnded(e: PtyExit, note: string, restartAt?: number | null): void;
  /** Runs `fn` after `delayMs` unless the restart is cancelled first (the session owns the timer). */
  scheduleRestart(delayMs: number, fn: () => void): void;
  update(patch: Partial<Session>): void;
}

/**
 * What follows the exit of a session's process: counts it for or against the agent's circuit
 * breaker, asks the pure exit policy ({@link decideExit}) and carries out its decision —
 * a fresh start when a resume failed at once, a restart after the policy's back-off (the
 * session owns the timer), or the end. Also the gate for every launch: an agent whose breaker
 * is open is not started ({@link requireAllows}).
 */
export class RestartSupervisor {
  /**
   * @param breakers the circuit breaker of each agent profile
   * @param now the clock (ms epoch)
   */
  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  /** @throws CortexError `AGENT_UNAVAILABLE` when the agent's circuit breaker is open */
  requireAllows(agent: string): void {
    if (this.breakers.allows(agent)) return;
    const b = this.breakers.view(agent);
    const when = b.retryAt ? ` It allows a trial start at ${new Date(b.retryAt).toLocaleTimeString()}.` : '';
    throw new CortexError(
      'AGENT_UNAVAILABLE',
      `${agent} failed ${b.failures} times in the last 10 minutes, so its circuit breaker is open.${when}`,
      'Check the agent in a shell session, then reset its breaker.',
    );
  }

  /** Handles the exit `e` of the session's current process. Never throws. */
  onExit(s: SupervisedSession, e: PtyExit): void {
    const agent = s.record.agent;
    const { killRequested, launchedAt, resumeKind } = s.run;
    if (isFailure({ ...e, killRequested })) this.breakers.failure(agent);
    const decision = decideExit({
      ...e,
      killRequested,
      ranForMs: this.now() - launchedAt,
      resumeKind,
      restartPolicy: s.record.restartPolicy,
      restarts: s.record.restarts,
      breakerAllows: this.breakers.allows(agent),
    });
    if (decision.breaker === 'success') this.breakers.success(agent);

    if (decision.action === 'fresh-start') {
      s.note(decision.note);
      s.log('error', { reason: 'resume failed', exitCode: e.exitCode });
      try {
        s.launchFresh({ note: 'resume failed; started fresh' });
      } catch (err) {
        s.note(`could not start: ${(err as Error).message}`);
        s.markEnded(e, `resume failed; could not start fresh: ${(err as Error).message}`);
      }
      return;
    }
    if (decision.action === 'restart') {
      const { tries, delayMs, note } = decision;
      s.note(note);
      s.markEnded(e, note, this.now() + delayMs);
      s.scheduleRestart(delayMs, () => {
        try {
          this.requireAllows(agent);
          s.launchFresh({ restarts: tries, note: `restarted (try ${tries} of ${RESTART_MAX_TRIES})` });
        } catch (err) {
          s.note(`restart failed: ${(err as Error).message}`);
          s.update({ note: `restart failed: ${(err as Error).message}`, restartAt: null });
        }
      });
      return;
    }
    s.markEnded(e, decision.note);
  }
}
