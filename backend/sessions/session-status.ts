import type { AgentProfile } from '../agents/profile-schema.js';
import { validAgentSessionId } from '../agents/resume-schema.js';
import type { PtySession } from '../pty/pty-session.js';
import type { CommandExit, StatusDetector } from '../status/status-detector.js';
import type { HookEvent, StatusEvent } from '../status/status-types.js';
import { attachStatusDetector } from './attach-status.js';

/** Where a session's status goes. */
export interface StatusSink {
  /** A status event of the current process (never `exited`: the process's end is the session's to record). */
  status(ev: StatusEvent): void;
  /** An agent session id of the profile's form, reported by the agent (a hook, a screen). */
  agentSessionId(id: string): void;
  /** A shell command ended (OSC 133 shell integration). */
  commandExit(c: CommandExit): void;
}

/**
 * The live status of one session: a {@link StatusDetector} per process, fed from the
 * session's pipeline ({@link attachStatusDetector}), with the session's input, resizes and
 * hook calls forwarded to it. Events of a detector that was replaced or stopped are dropped.
 * The constructor does nothing; {@link attach} starts detection for a new process.
 */
export class SessionStatus {
  private detector: StatusDetector | null = null;
  private detach: (() => void) | null = null;

  constructor(private readonly sink: StatusSink) {}

  /** Starts detection for the process just spawned in `pty` (stopping the previous one). */
  attach(pty: PtySession, profile: Pick<AgentProfile, 'id' | 'status' | 'hooks' | 'resume'>): void {
    this.stop();
    const { detector, detach } = attachStatusDetector(pty, profile);
    this.detector = detector;
    this.detach = detach;
    const current = () => this.detector === detector;
    detector.status$.subscribe((ev) => {
      if (current() && ev.state !== 'exited') this.sink.status(ev);
    });
    detector.agentSessionId$.subscribe((id) => {
      if (!current()) return;
      // A hook may report anything: an id not of the agent's form is never kept (it would
      // reach the resume arguments).
      if (validAgentSessionId(profile.resume, id)) this.sink.agentSessionId(id);
      else console.warn(`[cortex] ignored an agent session id that is not of ${profile.id}'s form: ${JSON.stringify(id.slice(0, 80))}`);
    });
    detector.commandExit$.subscribe((c) => {
      if (current()) this.sink.commandExit(c);
    });
  }

  /** Stops detection (the process ended, or the session is disposed). */
  stop(): void {
    this.detach?.();
    this.detach = null;
    this.detector = null;
  }

  onInput(data: string): void {
    this.detector?.onInput(data);
  }

  onResize(): void {
    this.detector?.onResize();
  }

  onHook(e: HookEvent): void {
    this.detector?.onHook(e);
  }

  /** The user looked at the session. @returns false when no process is watched (the caller marks the record) */
  markSeen(): boolean {
    if (!this.detector) return false;
    this.detector.markSeen();
    return true;
  }
}
