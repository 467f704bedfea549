import { z } from 'zod';
import { TaskSchema } from './orchestrator-methods.js';

/**
 * The task run: retrying a finished task and the notifications of task outcomes. Schemas and
 * types only; methods spread into METHODS in `methods.ts`, events into EVENTS in `events.ts`.
 */

/** Outcomes that raise a notification. */
export const TASK_OUTCOMES = ['completed', 'failed', 'unverified', 'switched'] as const;
export const TaskOutcomeSchema = z.enum(TASK_OUTCOMES);
export type TaskOutcome = z.infer<typeof TaskOutcomeSchema>;

export const TASK_RUN_EVENTS = {
  /**
   * A task ended (completed, failed, unverified) or switched agents. Clients show it like a
   * session notification (OS notification in the desktop app, browser notification in the
   * browser), titled with the task's text.
   */
  'task.notify': z.object({
    taskId: z.string(),
    outcome: TaskOutcomeSchema,
    /** The task's text, first line, shortened. */
    title: z.string(),
    /** The result in a sentence (why it failed, which agent took over…). */
    body: z.string(),
    at: z.number(),
  }),
} as const;

export const TASK_RUN_METHODS = {
  /**
   * Runs a failed, cancelled or unverified task again, as the same agent or `agent`.
   * `keepPrevious` (default true): the agent goes on from what the previous attempt left in
   * the worktree, told how it ended; false: the worktree goes back to its base commit first.
   * Errors: NOT_FOUND, INVALID_REQUEST (the task runs, completed, was merged or discarded, or
   * is in place and `keepPrevious` is false), AGENT_UNKNOWN, AGENT_NOT_INSTALLED, AGENT_UNAVAILABLE.
   */
  'tasks.retry': {
    params: z.object({ id: z.string().min(1), agent: z.string().min(1).optional(), keepPrevious: z.boolean().default(true) }).strict(),
    result: TaskSchema,
  },
} as const;
