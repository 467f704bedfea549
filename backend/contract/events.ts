import * as z from 'zod';
import { AGENTS_EVENTS } from './agents.js';
import { ANALYSIS_EVENTS } from './analysis.js';
import { HEALTH_EVENTS } from './health.js';
import { PRESETS_EVENTS } from './presets.js';
import { PROJECTS_EVENTS } from './projects.js';
import { SESSIONS_EVENTS } from './sessions.js';
import { SETTINGS_EVENTS } from './settings.js';
import { TASK_RUN_EVENTS, TASKS_EVENTS } from './tasks.js';
import { METRICS_EVENTS } from './metrics.js';
import { BUDGETS_EVENTS } from './budgets.js';

/**
 * Every event the backend pushes, by name, with its payload schema. Each namespace keeps
 * its events beside its methods and is spread in here. `session.output` goes only to
 * clients attached to that session; every other event goes to every client.
 */
export const EVENTS = {
  ...SESSIONS_EVENTS,
  ...PROJECTS_EVENTS,
  ...AGENTS_EVENTS,
  ...SETTINGS_EVENTS,
  ...ANALYSIS_EVENTS,
  ...TASKS_EVENTS,
  ...TASK_RUN_EVENTS,
  ...HEALTH_EVENTS,
  ...METRICS_EVENTS,
  ...PRESETS_EVENTS,
  ...BUDGETS_EVENTS,
} as const;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
