import type { GateVerdict, Task, TaskStatus } from '../contract/index.js';
import { CortexError, TASK_FINAL_STATUSES } from '../contract/index.js';

/** What a task's run knows after a gate. */
export interface AfterGateInput {
  verdict: GateVerdict;
  /** The agent that just had its turn. */
  agent: string;
  /** Gate runs by this agent since it took over the task (this one included), ≥ 1. */
  runsWithAgent: number;
  /** Gate runs an agent gets before a switch (settings.maxIterations). */
  maxIterations: number;
  /** Switches made so far in this task. */
  switchesUsed: number;
  /** Switches allowed per task (settings.maxSwitches). */
  maxSwitches: number;
  /** The best-ranked eligible agent not tried yet, or null. */
  nextAgent: string | null;
  /** The budget reached for this task or its project, in words; null while none is. */
  budgetReached?: string | null;
  /** The turn limit (s) the agent's last turn ran past and was stopped at; null when it ended by itself. */
  turnStoppedAtSec?: number | null;
}

/** Where the task goes after a gate. */
export type AfterGate =
  | { kind: 'complete' }
  | { kind: 'unverified'; reason: string }
  | { kind: 'retry' }
  | { kind: 'switch'; to: string; reason: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'hold'; reason: string };

/**
 * The decision after a gate run, a pure function:
 * - `passed` → complete (commit on the branch);
 * - `unverified` → unverified at once: nothing could check the work, and another turn or
 *   another agent would be checked by nothing too; a person reviews it;
 * - `failed` with fewer than `maxIterations` runs by this agent → retry with the feedback;
 * - else, with a switch left and another agent → switch to it;
 * - else → fail, saying which limit ended it (and, when the last turn was stopped at the turn
 *   limit, that limit too);
 * - a retry or a switch while a budget is reached → hold: the task waits (pending) until a
 *   person raises the budget; a pass or an unverified result still commits (it costs nothing).
 */
export function decideAfterGate(i: AfterGateInput): AfterGate {
  if (i.verdict === 'passed') return { kind: 'complete' };
  if (i.verdict === 'unverified') return { kind: 'unverified', reason: 'no check could verify the change: review it before merging' };
  const held = i.budgetReached ? ({ kind: 'hold', reason: i.budgetReached } as const) : null;
  if (i.runsWithAgent < i.maxIterations) return held ?? { kind: 'retry' };
  const tries = `quality gate failed ${i.runsWithAgent} time(s) with ${i.agent}`;
  const stopped = i.turnStoppedAtSec != null ? `; its last turn ran past the ${i.turnStoppedAtSec} s turn limit and was stopped` : '';
  if (i.switchesUsed >= i.maxSwitches) return { kind: 'fail', reason: `${tries}; ${i.switchesUsed} agent switch(es) allowed and used${stopped}` };
  if (i.nextAgent === null) return { kind: 'fail', reason: `${tries}; no other eligible agent to switch to${stopped}` };
  return held ?? { kind: 'switch', to: i.nextAgent, reason: `${tries}; switching to the next-ranked agent ${i.nextAgent}` };
}

/** Final statuses a task can end in (the contract's list). */
export const FINAL_STATUSES = TASK_FINAL_STATUSES;
/** Statuses a task can be retried from. */
export const RETRYABLE_STATUSES: readonly TaskStatus[] = ['failed', 'cancelled', 'unverified'];

/**
 * Whether a task may be retried (`tasks.retry`). @throws CortexError INVALID_REQUEST when it
 * runs or completed, was merged or discarded, or is in place and asks to drop its attempt
 */
export function checkRetry(t: Pick<Task, 'id' | 'status' | 'review' | 'inPlace'>, keepPrevious: boolean): void {
  if (!RETRYABLE_STATUSES.includes(t.status)) {
    throw new CortexError('INVALID_REQUEST', `Task ${t.id} is ${t.status}: only a failed, cancelled or unverified task can be retried.`, t.status === 'completed' ? 'Review or merge it, or create a new task.' : 'Cancel it first.');
  }
  if (t.review !== 'open') throw new CortexError('INVALID_REQUEST', `Task ${t.id} was ${t.review}: its worktree is gone.`, 'Create a new task with the same text.');
  if (t.inPlace && !keepPrevious) throw new CortexError('INVALID_REQUEST', 'An in-place task has no base commit to go back to: it can only go on from what is in the folder.', 'Retry with keepPrevious (the default).');
}

/** The first prompt of a retried task: its text, and (going on from the last attempt) how that attempt ended. */
export function retryPrompt(t: Pick<Task, 'text' | 'agent' | 'status' | 'error'>, goingOn: boolean): string {
  if (!goingOn) return t.text;
  const how = t.status === 'cancelled' ? 'was cancelled' : t.status === 'unverified' ? 'ended unverified' : 'failed';
  return `${t.text}\n\nContext: a previous attempt by ${t.agent} ${how}${t.error ? ` (${t.error})` : ''}. Its changes are in this folder: go on from them.`;
}
