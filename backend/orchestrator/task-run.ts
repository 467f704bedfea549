import type { GateVerdict, TaskStatus } from '../contract/index.js';
import { TASK_PHASES } from '../contract/index.js';

/**
 * The task-run state machine. A running task is in one phase at a time:
 *
 *   queued → agent → gate → (agent | committing | done);  committing → done;  any → done
 *
 * `agent`: an agent's turn (its first prompt, a retry, or the next agent after a switch);
 * `gate`: the checks run; `committing`: the gate passed and the change is committed on the
 * task branch; `done`: ended, with a final status. After each gate, {@link decideAfterGate}
 * says where it goes.
 */
export type TaskPhase = (typeof TASK_PHASES)[number];

/** Allowed phase changes (a task can always end: cancel, error). */
export const TASK_TRANSITIONS: Readonly<Record<TaskPhase, readonly TaskPhase[]>> = {
  queued: ['agent', 'done'],
  agent: ['agent', 'gate', 'done', 'queued'],
  gate: ['agent', 'committing', 'done', 'gate'],
  committing: ['done'],
  done: ['queued'],
};

/** True when a task may go from phase `from` to `to` ({@link TASK_TRANSITIONS}). */
export function canTransition(from: TaskPhase, to: TaskPhase): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

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
}

/** Where the task goes after a gate. */
export type AfterGate =
  | { kind: 'complete' }
  | { kind: 'unverified'; reason: string }
  | { kind: 'retry' }
  | { kind: 'switch'; to: string; reason: string }
  | { kind: 'fail'; reason: string };

/**
 * The decision after a gate run, a pure function:
 * - `passed` → complete (commit on the branch);
 * - `unverified` → unverified at once: nothing could check the work, and another turn or
 *   another agent would be checked by nothing too; a person reviews it;
 * - `failed` with fewer than `maxIterations` runs by this agent → retry with the feedback;
 * - else, with a switch left and another agent → switch to it;
 * - else → fail, saying which limit ended it.
 */
export function decideAfterGate(i: AfterGateInput): AfterGate {
  if (i.verdict === 'passed') return { kind: 'complete' };
  if (i.verdict === 'unverified') return { kind: 'unverified', reason: 'no check could verify the change: review it before merging' };
  if (i.runsWithAgent < i.maxIterations) return { kind: 'retry' };
  const tries = `quality gate failed ${i.runsWithAgent} time(s) with ${i.agent}`;
  if (i.switchesUsed >= i.maxSwitches) return { kind: 'fail', reason: `${tries}; ${i.switchesUsed} agent switch(es) allowed and used` };
  if (i.nextAgent === null) return { kind: 'fail', reason: `${tries}; no other eligible agent to switch to` };
  return { kind: 'switch', to: i.nextAgent, reason: `${tries}; switching to the next-ranked agent ${i.nextAgent}` };
}

/** Final statuses a task can end in. */
export const FINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled', 'unverified'];
/** Statuses a task can be retried from. */
export const RETRYABLE_STATUSES: readonly TaskStatus[] = ['failed', 'cancelled', 'unverified'];
