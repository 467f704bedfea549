import { z } from 'zod';
import { METRICS_LIMITS, SCROLLBACK_LIMITS } from './limits.js';
import { NoParamsSchema } from './schema-parts.js';
import { RestartPolicySchema } from './sessions.js';

/** What the app does, on start, with the sessions that were live when it last ran. */
export const RestoreModeSchema = z.enum(['relaunch', 'closed', 'discard']);
export type RestoreMode = z.infer<typeof RestoreModeSchema>;

/** Each app setting's type and bounds (no defaults: see {@link SettingsPatchSchema}). */
const settingFields = {
  /** Default for sessions found live from the last run. */
  restoreMode: RestoreModeSchema,
  /** Lines of scrollback kept in snapshots (and each session's mirror). */
  scrollbackLines: z.number().int().min(SCROLLBACK_LIMITS.min).max(SCROLLBACK_LIMITS.max),
  /** Restart policy given to new sessions. */
  defaultRestartPolicy: RestartPolicySchema,
  /** Seconds between system metrics samples. */
  metricsIntervalSec: z.number().int().min(METRICS_LIMITS.intervalSec.min).max(METRICS_LIMITS.intervalSec.max),
};
/** User settings, each with its default. */
export const SettingsSchema = z.object({
  restoreMode: settingFields.restoreMode.default('relaunch'),
  scrollbackLines: settingFields.scrollbackLines.default(SCROLLBACK_LIMITS.default),
  defaultRestartPolicy: settingFields.defaultRestartPolicy.default('never'),
  metricsIntervalSec: settingFields.metricsIntervalSec.default(METRICS_LIMITS.intervalSec.default),
});
export type Settings = z.infer<typeof SettingsSchema>;
/**
 * What `settings.set` takes: any of the settings, the others left as they are. Built from
 * the fields without defaults, because `SettingsSchema.partial()` fills every missing key
 * with its default (zod 4) and so would reset the settings not given.
 */
export const SettingsPatchSchema = z.object(settingFields).partial().strict();

/** Methods of the settings namespace (the orchestrator's own settings are `tasks.settings`). */
export const SETTINGS_METHODS = {
  'settings.get': { params: NoParamsSchema, result: SettingsSchema },
  /** Changes some settings; returns all of them. */
  'settings.set': { params: SettingsPatchSchema, result: SettingsSchema },
} as const;

/** Events of the settings namespace. */
export const SETTINGS_EVENTS = {
  'settings.updated': SettingsSchema,
} as const;
