import type { Session } from '../contract/index.js';
import type { Live, TaskRunState } from './run-state.js';

/**
 * An agent's turn on a task, watched through its session's live state: working arms the
 * turn; idle (once armed) or exited ends it; waiting for the user pauses the turn limit
 * ({@link TaskSettings.turnTimeoutSec}, s; 0: none), and a turn past its limit is stopped
 * (the agent's session is killed, and its exit ends the turn). A turn that ends calls
 * `onTurnOver(taskId)` once (the task is marked busy until its next prompt).
 */
export class AgentTurns {
  constructor(
    private readonly s: TaskRunState,
    private readonly onTurnOver: (taskId: string) => void,
  ) {}

  /** A session changed: when it is the agent of a running task, the turn's rules apply. */
  onSession(session: Session): void {
    const id = this.s.bySession.get(session.id);
    if (!id) return;
    const t = this.s.d.repo.get(id);
    const live = this.s.live.get(id);
    if (!t || !live || t.status !== 'in_progress' || t.phase !== 'agent' || t.sessionId !== session.id || live.busy || live.cancelled) return;
    if (session.state === 'working') live.armed = true;
    // Waiting for the user is not the agent's time: the limit stops, and starts again when it works.
    if (session.state === 'waiting') this.clearTimer(live);
    else if (session.state === 'working' && live.turnTimer === null && !live.timedOut) this.armTimer(id, live);
    const turnOver = session.state === 'exited' || (session.state === 'idle' && live.armed);
    if (!turnOver) return;
    this.clearTimer(live);
    live.busy = true;
    this.onTurnOver(id);
  }

  /** (Re)starts the turn limit of a task's agent ({@link TaskSettings.turnTimeoutSec}; 0: none). */
  armTimer(id: string, live: Live): void {
    this.clearTimer(live);
    const limitSec = this.s.projectSettings(this.s.d.repo.get(id)?.projectId).turnTimeoutSec;
    live.turnLimitSec = limitSec;
    if (limitSec <= 0) return;
    live.turnTimer = setTimeout(() => {
      live.turnTimer = null;
      void this.onTimeout(id, live);
    }, limitSec * 1000);
    live.turnTimer.unref?.();
  }

  clearTimer(live: Live): void {
    if (live.turnTimer) clearTimeout(live.turnTimer);
    live.turnTimer = null;
  }

  /** The turn ran past its limit: stop the agent; its exit ends the turn and runs the gate ({@link onSession}). */
  private async onTimeout(id: string, live: Live): Promise<void> {
    const t = this.s.d.repo.get(id);
    if (this.s.live.get(id) !== live || live.busy || live.cancelled || !t || t.status !== 'in_progress' || !t.sessionId) return;
    live.timedOut = true;
    live.armed = true;
    try {
      await this.s.d.sessions.kill(t.sessionId);
    } catch {
      /* gone meanwhile: its exit already ended the turn */
    }
  }
}
