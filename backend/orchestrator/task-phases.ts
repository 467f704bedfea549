import { TASK_PHASES } from '../contract/index.js';

/**
 * The task-run state machine: a task is in one phase at a time ({@link TASK_PHASES}), and
 * moves only on a named event ({@link TASK_RUN_EVENTS}) that its phase allows:
 *
 *   queued ─start→ worktree ─worktreeReady→ agent ─turnOver→ gate
 *   gate ─retry→ agent;  gate ─switch→ switching ─nextAgent→ agent;  gate ─commit→ committing
 *   agent ─switch→ switching (the agent reported its quota and another takes over)
 *   committing ─finish→ done;  worktree ─requeue→ queued (a restart before the agent started)
 *   gate | committing ─regate→ gate (a restart during the gate or the commit runs the gate again)
 *   any phase but done ─fail | cancel→ done;  done ─rerun→ queued (`tasks.retry`)
 *   agent | gate | switching ─hold→ queued (a budget reached or every agent past its quota:
 *   the task waits, `held` says why, and starts again when the hold ends)
 *
 * Pure: the orchestrator asks {@link nextPhase} before every phase change it persists, so an
 * out-of-order step (a late callback after a cancel, a bug) is refused instead of stored.
 */
export type TaskPhase = (typeof TASK_PHASES)[number];

/** The events that move a task between phases. */
export const TASK_RUN_EVENTS = ['start', 'worktreeReady', 'requeue', 'turnOver', 'retry', 'switch', 'nextAgent', 'commit', 'regate', 'finish', 'fail', 'cancel', 'rerun', 'hold'] as const;
export type TaskRunEvent = (typeof TASK_RUN_EVENTS)[number];

/** Ends a task from any phase but `done`: a failure or the user's cancel. */
const ENDS = { fail: 'done', cancel: 'done' } as const;

/** The transition table: phase → event → next phase. An event missing from a phase's row is illegal there. */
export const TASK_TRANSITIONS: Readonly<Record<TaskPhase, Readonly<Partial<Record<TaskRunEvent, TaskPhase>>>>> = {
  queued: { start: 'worktree', ...ENDS },
  worktree: { worktreeReady: 'agent', requeue: 'queued', ...ENDS },
  agent: { turnOver: 'gate', switch: 'switching', hold: 'queued', ...ENDS },
  gate: { retry: 'agent', switch: 'switching', commit: 'committing', regate: 'gate', hold: 'queued', ...ENDS },
  switching: { nextAgent: 'agent', hold: 'queued', ...ENDS },
  committing: { finish: 'done', regate: 'gate', ...ENDS },
  done: { rerun: 'queued' },
};

/** A phase change the state machine does not allow (a bug or a step that came too late). */
export class IllegalTransitionError extends Error {
  constructor(
    readonly from: TaskPhase,
    readonly event: TaskRunEvent,
  ) {
    const allowed = Object.keys(TASK_TRANSITIONS[from]);
    super(`A task in phase '${from}' cannot take the event '${event}'; in '${from}' only ${allowed.length ? allowed.map((e) => `'${e}'`).join(', ') : 'nothing'} may happen.`);
    this.name = 'IllegalTransitionError';
  }
}

/** The phase a task in `from` goes to on `event`. @throws IllegalTransitionError when `from` does not allow `event` */
export function nextPhase(from: TaskPhase, event: TaskRunEvent): TaskPhase {
  const to = TASK_TRANSITIONS[from][event];
  if (to === undefined) throw new IllegalTransitionError(from, event);
  return to;
}

/** True when a task in phase `from` may take `event`. */
export function canTake(from: TaskPhase, event: TaskRunEvent): boolean {
  return TASK_TRANSITIONS[from][event] !== undefined;
}

/** The task status that goes with a phase: `pending` while queued, `in_progress` while it runs; `done` keeps a final status. */
export function statusOfPhase(phase: Exclude<TaskPhase, 'done'>): 'pending' | 'in_progress' {
  return phase === 'queued' ? 'pending' : 'in_progress';
}
