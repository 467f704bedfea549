import type { SessionApi } from '../sessions/session-api.js';
import { prepareGateConsole, type PreparedGateConsole } from './quality-gate.js';

/** Folder (inside the data dir) for gate result files. */
export const GATES_DIR = 'gates';

/**
 * Gate consoles started ahead, at most one per running task ({@link prepareGateConsole}):
 * while the task's agent works, its next gate's runner waits on a PTY of its own, no session
 * and nothing shown; the gate takes it ({@link take}), so its console needs no spawn then.
 * A task that ends or goes back to the queue has its console discarded ({@link discard}: the
 * runner ended, its folder removed); {@link close} discards them all. The constructor does no work.
 */
export class GateConsoles {
  private readonly byTask = new Map<string, PreparedGateConsole>();
  /** False: nothing is started ahead (every gate starts its console itself). A seam for the gate bench, which measures both in one run. */
  enabled = true;

  /** @param workDir where the runners' folders go (the data dir's {@link GATES_DIR}), absolute */
  constructor(
    private readonly sessions: SessionApi,
    private readonly workDir: string,
  ) {}

  /**
   * Starts task `taskId`'s next gate console in `cwd` (its worktree), unless one still waits.
   * Never throws: a console that cannot start ahead is started by the gate itself.
   */
  prepare(taskId: string, cwd: string): void {
    if (!this.enabled) return;
    const have = this.byTask.get(taskId);
    if (have?.pty.usable) return;
    if (have) this.discard(taskId);
    try {
      const c = prepareGateConsole(this.sessions, cwd, this.workDir);
      if (c) this.byTask.set(taskId, c);
    } catch {
      // The gate starts its console itself, and reports what fails then.
    }
  }

  /** The task's console started ahead, now the caller's (the gate's), or null. */
  take(taskId: string): PreparedGateConsole | null {
    const c = this.byTask.get(taskId) ?? null;
    this.byTask.delete(taskId);
    return c;
  }

  /** Ends the task's console started ahead, if any, and removes its folder (in the background). */
  discard(taskId: string): void {
    void this.take(taskId)?.discard().catch(() => {});
  }

  /** Ends every console started ahead (the orchestrator stops). */
  close(): void {
    for (const id of [...this.byTask.keys()]) this.discard(id);
  }
}
