import { join } from 'node:path';
import type { AgentTurns } from './agent-turn.js';
import type { GateStep } from './gate-step.js';
import { message, newLive, type TaskRunState } from './run-state.js';
import type { TaskEnding } from './task-end.js';
import type { TaskRecord } from './task-repository.js';
import { removeTaskWorktree, taskBranchName, WORKTREES_DIR } from './worktrees.js';

/** What task recovery drives: the run's state and its steps. */
export interface RecoveryParts {
  s: TaskRunState;
  turns: AgentTurns;
  gates: GateStep;
  ending: TaskEnding;
}

/**
 * At start, every task that was in progress when the app last stopped (a quit, a crash,
 * kill -9) goes on where it can ({@link resumeInterrupted}).
 */
export function resumeInterruptedTasks(p: RecoveryParts): void {
  for (const t of p.s.d.repo.withStatus('in_progress')) resumeInterrupted(p, t);
}

/**
 * A task that was in progress when the app last stopped. Session recovery has already
 * relaunched the sessions that were live (same ids, resume arguments first). A task
 * interrupted in its quality gate or commit runs the gate again (a gate session the recovery
 * relaunched is stopped: its output would be nobody's). One interrupted while its agent
 * worked watches the relaunched agent again, its turn armed: the agent's next idle or exit
 * runs the gate, and a failure goes back to it as the next prompt. One interrupted while its
 * worktree was made (no agent session yet) starts over from the queue ({@link requeueUnstarted}).
 * When the agent's session was not relaunched (restore mode "keep closed" or "discard", or
 * the agent is gone) the task fails, saying why.
 */
export function resumeInterrupted(p: RecoveryParts, t: TaskRecord): void {
  const { s } = p;
  // A task that says `agent` but has no agent session was still making its worktree.
  if (t.phase === 'worktree' || (t.phase === 'agent' && t.sessionId === null)) {
    if (t.phase !== 'worktree') t = s.save({ ...t, phase: 'worktree' });
    void requeueUnstarted(p, t).catch((err) => p.ending.fail(t.id, `interrupted before its agent started, and could not start again: ${message(err)}`));
    return;
  }
  const session = (id: string | null) => (id ? (s.d.sessions.list().find((x) => x.id === id) ?? null) : null);
  const gate = session(t.gateSessionId);
  if (gate && gate.state !== 'exited') void s.d.sessions.kill(gate.id).catch(() => undefined);
  const agent = session(t.sessionId);
  const agentLive = agent !== null && agent.state !== 'exited';
  if (t.phase === 'switching') {
    // The switch was cut short before the next agent started: a person retries it with the agent they choose.
    void s.endSessions(t).finally(() => {
      s.dropGuidelines(s.require(t.id));
      s.step(t.id, 'fail', { status: 'failed', endedAt: Date.now(), error: 'interrupted: the app stopped while the task switched agents; retry it to go on' });
      s.wake();
    });
    return;
  }
  if (t.phase === 'gate' || t.phase === 'committing') {
    s.live.set(t.id, newLive({ armed: true }));
    if (agentLive) s.bySession.set(agent.id, t.id);
    void p.gates.run(t.id, 'regate').catch((err) => p.ending.fail(t.id, `quality gate could not run: ${message(err)}`));
    return;
  }
  if (t.phase === 'agent' && agentLive) {
    const live = newLive({ armed: true, busy: false });
    s.live.set(t.id, live);
    s.bySession.set(agent.id, t.id);
    p.turns.armTimer(t.id, live);
    return;
  }
  const why = agent === null ? 'its agent session is gone' : 'its agent session was not relaunched (see Settings: sessions after a restart)';
  // Not the agent's failure: nothing is learned from it and nobody is notified of an old run.
  s.step(t.id, 'fail', { status: 'failed', endedAt: Date.now(), error: `interrupted: the app stopped while the task ran, and ${why}` });
}

/**
 * A task the app stopped while it made the worktree (nothing of the agent ran yet): the
 * half-made worktree and its branch, if any, are removed (`git worktree remove --force`,
 * `git branch -D`), then the task waits in the queue again and starts as a new one would.
 * It counts against the parallel limit until then. @throws GitError when git refuses
 */
async function requeueUnstarted(p: RecoveryParts, t: TaskRecord): Promise<void> {
  const { s } = p;
  if (!t.inPlace) {
    const project = s.d.projects.get(t.projectId);
    await removeTaskWorktree(project.path, t.worktree ?? join(s.d.dataDir, WORKTREES_DIR, t.id), t.branch ?? taskBranchName(t.id, t.text), s.d.env);
  }
  const now = s.require(t.id);
  if (now.status !== 'in_progress') return; // cancelled meanwhile
  s.step(t.id, 'requeue', { startedAt: null, worktree: null, branch: null, baseRef: null, baseBranch: null, guidelines: null });
  s.wake();
}
