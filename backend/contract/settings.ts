import * as z from 'zod';
import { MAX_FONT_FAMILY_CHARS, MAX_VISIBLE_CONSOLES, METRICS_LIMITS, MIN_CONSOLE_FRACTION, SCROLLBACK_LIMITS, TERMINAL_FONT_SIZE_LIMITS, TERMINAL_LINE_HEIGHT_LIMITS } from './limits.js';
import { NoParamsSchema } from './schema-parts.js';
import { RestartPolicySchema } from './sessions.js';
import { DEFAULT_TERMINAL_FONT_FAMILY } from './terminal-font.js';

/** What the app does, on start, with the sessions that were live when it last ran. */
export const RestoreModeSchema = z.enum(['relaunch', 'closed', 'discard']);
export type RestoreMode = z.infer<typeof RestoreModeSchema>;

/** Shape of a console's cursor (xterm.js `cursorStyle`). */
export const CursorStyleSchema = z.enum(['block', 'underline', 'bar']);
export type CursorStyle = z.infer<typeof CursorStyleSchema>;


/**
 * The window's layout, kept by the backend so it survives a restart of the app, and in
 * browser mode a new port or token (a page's own storage belongs to its origin, which the
 * port is part of). `shown`: session ids with a console, left to right; `sizes`: each
 * console's share of the console area's width (same order, summing to 1; empty = equal);
 * `sidebarCollapsed`: the sidebar is folded to a strip.
 */
export const UiLayoutSchema = z.object({
  shown: z.array(z.string().min(1)).max(MAX_VISIBLE_CONSOLES),
  focused: z.string().nullable(),
  sizes: z.array(z.number().min(MIN_CONSOLE_FRACTION).max(1)).max(MAX_VISIBLE_CONSOLES),
  sidebarCollapsed: z.boolean(),
});
export type UiLayout = z.infer<typeof UiLayoutSchema>;

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
  /** Terminal font size, CSS px. */
  terminalFontSize: z.number().int().min(TERMINAL_FONT_SIZE_LIMITS.min).max(TERMINAL_FONT_SIZE_LIMITS.max),
  /** Terminal line height, a multiple of the font's cell height (xterm.js `lineHeight`). */
  terminalLineHeight: z.number().min(TERMINAL_LINE_HEIGHT_LIMITS.min).max(TERMINAL_LINE_HEIGHT_LIMITS.max),
  /** Terminal font, a CSS `font-family` list (e.g. `"Fira Code", monospace`). */
  terminalFontFamily: z
    .string()
    .trim()
    .min(1)
    .max(MAX_FONT_FAMILY_CHARS)
    .regex(/^[^;{}<>]+$/, 'a font-family list: names separated by commas, without ; { } < >'),
  terminalCursorStyle: CursorStyleSchema,
  terminalCursorBlink: z.boolean(),
  /** The window's layout (consoles shown, their widths, the sidebar). */
  uiLayout: UiLayoutSchema,
};
/** User settings, each with its default. */
export const SettingsSchema = z.object({
  restoreMode: settingFields.restoreMode.default('relaunch'),
  scrollbackLines: settingFields.scrollbackLines.default(SCROLLBACK_LIMITS.default),
  defaultRestartPolicy: settingFields.defaultRestartPolicy.default('never'),
  metricsIntervalSec: settingFields.metricsIntervalSec.default(METRICS_LIMITS.intervalSec.default),
  terminalFontSize: settingFields.terminalFontSize.default(TERMINAL_FONT_SIZE_LIMITS.default),
  terminalLineHeight: settingFields.terminalLineHeight.default(TERMINAL_LINE_HEIGHT_LIMITS.default),
  terminalFontFamily: settingFields.terminalFontFamily.default(DEFAULT_TERMINAL_FONT_FAMILY),
  terminalCursorStyle: settingFields.terminalCursorStyle.default('block'),
  terminalCursorBlink: settingFields.terminalCursorBlink.default(true),
  uiLayout: settingFields.uiLayout.default({ shown: [], focused: null, sizes: [], sidebarCollapsed: false }),
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
