import * as z from 'zod';
import { AGENTS_METHODS } from './agents.js';
import { ANALYSIS_METHODS } from './analysis.js';
import { APP_METHODS } from './app.js';
import { HEALTH_METHODS } from './health.js';
import { ORPHANS_METHODS } from './orphans.js';
import { PRESETS_METHODS } from './presets.js';
import { PROJECTS_METHODS } from './projects.js';
import { SESSIONS_METHODS } from './sessions.js';
import { SETTINGS_METHODS } from './settings.js';
import { QUALITY_METHODS } from './quality.js';
import { TASK_RUN_METHODS, TASKS_METHODS } from './tasks.js';
import { USAGE_METHODS } from './usage.js';
import { BUDGETS_METHODS } from './budgets.js';
import { METRICS_METHODS } from './metrics.js';
import { KEYS_METHODS } from './keys.js';

/**
 * Every method of the contract: its params schema and its result schema. Each namespace
 * keeps its methods in its own file (`sessions.ts`, `tasks.ts`, ...) and is spread in here.
 * The transports validate params against these before the service sees them, so a
 * malformed request gets `INVALID_REQUEST` naming the field.
 */
export const METHODS = {
  ...APP_METHODS,
  ...PROJECTS_METHODS,
  ...AGENTS_METHODS,
  ...SESSIONS_METHODS,
  ...SETTINGS_METHODS,
  ...ORPHANS_METHODS,
  ...ANALYSIS_METHODS,
  ...TASKS_METHODS,
  ...TASK_RUN_METHODS,
  ...QUALITY_METHODS,
  ...HEALTH_METHODS,
  ...USAGE_METHODS,
  ...BUDGETS_METHODS,
  ...METRICS_METHODS,
  ...KEYS_METHODS,
  ...PRESETS_METHODS,
} as const;

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
/** What a caller passes (defaults optional). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What the service receives (defaults applied). */
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

/** True when `name` is a method of the contract. */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(METHODS, name);
}
