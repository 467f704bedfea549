import type { AgentTurns } from './agent-turn.js';
import { describeGate } from './quality-gate.js';
import { commitAll } from './review.js';
import type { TaskRunState } from './run-state.js';
import type { TaskRunEvent } from './task-phases.js';
import type { TaskRecord } from './task-repository.js';
import { firstLine } from './task-review.js';

/** The final statuses a task's run ends in. */
export type FinalStatus = 'completed' | 'failed' | 'cancelled' | 'unverified';

/** The state machine's event that ends a run in each final status (completed and unverified go through the commit). */
const END_EVENT: Record<FinalStatus, TaskRunEvent> = { completed: 'finish', unverified: 'finish', failed: 'fail', cancelled: 'cancel' };

/**
 * How a task's run ends: committed (`completed` or `unverified`), `failed` or `cancelled`.
 * Each end is persisted through the state machine, teaches the matcher (a gate's pass or
 * failure only), raises a `task.notify` (not for a cancel: the user did it) and frees the
 * task's place in the queue.
 */
export class TaskEnding {
  constructor(
    private readonly s: TaskRunState,
    private readonly turns: AgentTurns,
  ) {}

  /**
   * The agent's work ends: guidelines out, commit on the task branch, then `completed` (the
   * gate passed) or `unverified` (nothing could check it: a person reviews before merging).
   * @throws IllegalTransitionError when the task is not in its gate; GitError when the commit fails
   */
  async commit(id: string, status: 'completed' | 'unverified', note = ''): Promise<void> {
    let t = this.s.step(id, 'commit');
    await this.s.endSessions(t, true);
    this.s.dropGuidelines(t);
    t = this.s.require(id);
    let commit: string | null = null;
    if (!t.inPlace) {
      const g = t.gate!;
      const verdict = status === 'completed' ? `quality gate passed (${describeGate(g)})` : `NOT VERIFIED: ${note}`;
      const msg = `${firstLine(t.text)}\n\nTask ${t.id} by ${t.agent}: ${verdict} after ${t.iterations} iteration(s).\n\nPhantom-Cortex-Task: ${t.id}`;
      commit = await commitAll(t.worktree!, msg, this.s.d.env);
    }
    this.finish(id, status, note, { commit });
  }

  /** Fails a pending or running task with `error` (its sessions ended, guidelines out); a task already ended stays as it is. */
  fail(id: string, error: string): void {
    const t = this.s.d.repo.get(id);
    if (!t || (t.status !== 'in_progress' && t.status !== 'pending')) return;
    void this.s.endSessions(t).finally(() => {
      this.s.dropGuidelines(this.s.require(id));
      this.finish(id, 'failed', error);
    });
  }

  /** Ends the task's sessions and its guidelines, then ends it `failed` with `error`. */
  async failNow(t: TaskRecord, error: string): Promise<void> {
    await this.s.endSessions(t);
    this.s.dropGuidelines(this.s.require(t.id));
    this.finish(t.id, 'failed', error);
  }

  /**
   * Puts a running task back in the queue, held: between turns (its agent's turn ended, so no
   * work is cut off) its sessions end, the guidelines come out, and it waits as `pending` with
   * `held` saying why — until the budget is raised, or until `heldUntil` (ms epoch) for a
   * quota. Its worktree stays; when it starts again its agent is told to go on from there with
   * `resumeContext`. Raises a notification with `body`. With `keepSession` the agent's session
   * stays open (it shows why it stopped) until the task starts again. A task that ended is left alone.
   */
  async hold(id: string, held: string, heldUntil: number | null, body: string, resumeContext: string, keepSession = false): Promise<void> {
    const before = this.s.require(id);
    this.s.gateConsoles.discard(id);
    if (before.phase === 'done' || before.phase === 'queued') return;
    // A kept session (an agent waiting on its quota) stays open to show why; it ends when the task starts again.
    if (keepSession) await this.s.endSessions({ ...before, sessionId: null });
    else await this.s.endSessions(before);
    this.s.dropGuidelines(this.s.require(id));
    const t = this.s.step(id, 'hold', { held, heldUntil, sessionId: keepSession ? before.sessionId : null, gateSessionId: null });
    this.s.firstPrompts.set(id, `${t.text}\n\nContext: the work was paused (${held}). The changes so far are in this folder: go on from them.\n\n${resumeContext}`);
    this.s.notify(t, heldUntil === null ? 'budget' : 'held', body);
    const live = this.s.live.get(id);
    if (live) this.turns.clearTimer(live);
    this.s.live.delete(id);
    for (const [sid, tid] of this.s.bySession) if (tid === id) this.s.bySession.delete(sid);
    this.s.wake();
  }

  /**
   * Ends the stored task `id` in `status` (phase `done`), with `error` as its reason.
   * A task that already ended is left alone. @throws IllegalTransitionError on an end its phase does not allow
   */
  finish(id: string, status: FinalStatus, error: string, patch: Partial<TaskRecord> = {}): void {
    const before = this.s.require(id);
    this.s.gateConsoles.discard(id);
    if (before.phase === 'done') return;
    // Only a gate's pass or failure teaches the matcher; an unverified or cancelled task says nothing of the agent.
    if ((status === 'completed' || status === 'failed') && before.startedAt !== null) this.recordOutcome(before, status === 'completed', false);
    const t = this.s.step(id, END_EVENT[status], { ...patch, status, endedAt: Date.now(), error });
    if (status !== 'cancelled') this.s.notify(t, status, outcomeBody(t, status, error));
    const live = this.s.live.get(id);
    if (live) this.turns.clearTimer(live);
    this.s.live.delete(id);
    for (const [sid, tid] of this.s.bySession) if (tid === id) this.s.bySession.delete(sid);
    this.s.wake();
  }

  /**
   * Adds the current agent's attempt (since the task's start or its last switch) to the
   * outcome history the matcher learns from. Cost is not known to the orchestrator: null.
   */
  recordOutcome(t: TaskRecord, passed: boolean, switched: boolean): void {
    const lastSwitch = this.s.d.repo.switches(t.id).at(-1);
    const since = lastSwitch?.at ?? t.startedAt ?? Date.now();
    const iterations = this.s.d.repo.gates(t.id).filter((g) => g.agent === t.agent && g.iteration > this.s.lastSwitchIteration(t.id)).length;
    this.s.d.repo.outcomes.record(
      { projectId: t.projectId, agent: t.agent, intent: t.intent, domain: t.domain },
      { passed, iterations, switched, durationMs: Date.now() - since, costUsd: null },
    );
  }
}

/** The sentence of a task's outcome notification. */
export function outcomeBody(t: Pick<TaskRecord, 'agent' | 'iterations'>, status: 'completed' | 'failed' | 'unverified', error: string): string {
  if (status === 'completed') return `Completed by ${t.agent}: the quality gate passed after ${t.iterations} iteration(s). Review it to merge.`;
  if (status === 'unverified') return `Unverified: ${error || 'no check could verify the change'}. Review it before merging.`;
  return `Failed: ${error}`;
}
