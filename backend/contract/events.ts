import { z } from 'zod';
import { AgentInfoSchema, NotifyKindSchema, ProjectSchema, SessionSchema, SettingsSchema } from './model.js';
import { TaskSchema } from './orchestrator-methods.js';
import { TASK_RUN_EVENTS } from './task-run.js';

/**
 * Events the backend pushes. `session.output` goes only to clients attached to that
 * session; every other event goes to every client.
 */
export const EVENTS = {
  /** A batch of PTY output. `seq` increases by one per batch, per session, from 1. */
  'session.output': z.object({ sessionId: z.string(), seq: z.number().int(), data: z.string() }),
  /** A session was created or changed (state, exit, title, size). */
  'session.updated': SessionSchema,
  'session.removed': z.object({ sessionId: z.string() }),
  'project.updated': ProjectSchema,
  'project.removed': z.object({ projectId: z.string() }),
  /** An agent profile changed (its circuit breaker opened, half-opened or closed). */
  'agent.updated': AgentInfoSchema,
  'settings.updated': SettingsSchema,
  /**
   * A session that is not the focused one needs the user (it started waiting) or finished
   * (working → idle, or exited). Clients show an OS notification, a badge, a sound.
   */
  /** Progress of a project analysis walking its tree (at most every 100 ms), then `done`. */
  'analysis.progress': z.object({
    root: z.string(),
    phase: z.enum(['walk', 'done']),
    dirs: z.number().int(),
    files: z.number().int(),
    bytes: z.number(),
    /** The directory being read, relative to root. */
    current: z.string(),
  }),
  'session.notify': z.object({
    sessionId: z.string(),
    kind: NotifyKindSchema,
    title: z.string(),
    body: z.string(),
    at: z.number(),
  }),
  /** A task was created or changed (status, phase, agent, iteration, gate result, review). */
  'task.updated': TaskSchema,
  ...TASK_RUN_EVENTS,
} as const;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
