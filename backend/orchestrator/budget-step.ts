import type { EventPayload } from '../contract/index.js';
import type { AgentTurns } from './agent-turn.js';
import { budgetBlock, heldForBudget } from './budget-guard.js';
import type { TaskRunState } from './run-state.js';
import type { TaskEnding } from './task-end.js';
import type { TaskRecord } from './task-repository.js';

/**
 * What a running task does when a budget it spends against is reached during its agent's
 * turn: the turn is stopped with the agent's interrupt keys (its profile's `interruptKeys`:
 * Esc for Claude Code, Codex and Gemini, else Ctrl-C), the session stays open reading
 * `waiting` with the budget's reason, and the task waits as `pending` for a person to raise
 * the budget (it then starts again from its worktree, and the kept session ends). A task in
 * its quality gate is left to the gate step, which holds it once the gate is over.
 */
export class BudgetStep {
  constructor(
    private readonly s: TaskRunState,
    private readonly turns: AgentTurns,
    private readonly ending: TaskEnding,
  ) {}

  /** A budget reached its limit: stops the agent turns it covers (the task's, or every task's of the project). Never throws. */
  async onStop(a: EventPayload<'budget.alert'>): Promise<void> {
    const tasks: TaskRecord[] =
      a.scope === 'task'
        ? [this.s.d.repo.get(a.target)].filter((t): t is TaskRecord => !!t)
        : this.s.d.repo.withStatus('in_progress').filter((t) => t.projectId === a.target);
    for (const t of tasks) await this.stopTurn(t.id);
  }

  private async stopTurn(id: string): Promise<void> {
    const t = this.s.d.repo.get(id);
    const live = this.s.live.get(id);
    if (!t || !live || t.status !== 'in_progress' || t.phase !== 'agent' || !t.sessionId || live.cancelled || live.busy) return;
    // The budget may have been raised between the alert and now.
    const b = budgetBlock(this.s.d.budgets, t);
    if (!b) return;
    live.busy = true;
    this.turns.clearTimer(live);
    const held = heldForBudget(b);
    try {
      this.s.d.sessions.interruptTurn(t.sessionId, `${b.reason} (${b.scope} budget)`);
    } catch {
      // The session ended meanwhile: its turn is over, and the gate step holds the task after its gate.
      live.busy = false;
      return;
    }
    try {
      await this.ending.hold(id, held, null, `Budget reached: ${b.reason}. The agent's turn was stopped and its session stays open; no new turn starts until the budget is raised.`, '', true);
    } catch (err) {
      this.ending.fail(id, `after its budget was reached: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
