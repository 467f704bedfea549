import { z } from 'zod';
import { VERDICT_STATES } from './status-types.js';

/** Where on the visible screen a pattern is looked for (see screen-regions.ts). */
export const SCREEN_REGIONS = ['screen', 'tail', 'cursorLine', 'aboveBox', 'belowBox', 'outsideBox', 'box'] as const;
export type ScreenRegion = (typeof SCREEN_REGIONS)[number];

/** Default debounce before a still screen counts as idle (ms). ccmanager: idle after 1.5 s still. */
export const DEFAULT_IDLE_DEBOUNCE_MS = 1500;
/** Default number of non-empty bottom lines forming the `tail` region. */
export const DEFAULT_TAIL_LINES = 12;
/** Default number of non-empty lines directly above the input box searched for busy markers (ccmanager: 5). */
export const DEFAULT_BUSY_LOOKBACK_LINES = 6;
/** Default time a hook-reported `working` may sit on a still, idle-looking screen before the screen wins (ms). */
export const DEFAULT_HOOK_STALE_MS = 15_000;

/** Flags a pattern may carry (data): i, s, u. */
export const REGEX_FLAGS = /^[isu]*$/;

/** True when `source` with `flags` is a valid JavaScript regular expression. */
export function compiles(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * One screen or title pattern: a JavaScript regex source plus flags (`i`, `s`, `u`; `m` is
 * always added so `^`/`$` mean line start/end). A plain string is shorthand for `{ re }`.
 */
export const StatusPatternSchema = z
  .union([
    z.string(),
    z
      .object({
        re: z.string().min(1),
        flags: z.string().regex(REGEX_FLAGS, 'flags may only be i, s, u').default(''),
        /** Region to search; each category has a default (waiting: tail, busy: aboveBox, idle: box or cursorLine). */
        where: z.enum(SCREEN_REGIONS).optional(),
        /** Short name shown in the state's reason. */
        label: z.string().optional(),
      })
      .strict(),
  ])
  .transform((p) => (typeof p === 'string' ? { re: p, flags: '', where: undefined, label: undefined } : p))
  .refine((p) => compiles(p.re, p.flags + 'm'), { message: 'is not a valid regular expression' });
export type StatusPattern = z.output<typeof StatusPatternSchema>;

const patternList = z.array(StatusPatternSchema).default([]);

/**
 * How to find the agent's input box on the screen, so busy markers are never read inside it
 * (a user may type "esc to interrupt" into the prompt).
 * - `frame`: the box is framed by two border lines (e.g. `╭────╮` … `╰────╯`, or two `────`
 *   rules around a `❯` prompt); the lowest pair within the bottom `searchLines` lines wins.
 * - `promptLine`: the box starts at the lowest line matching `re` within the bottom
 *   `searchLines` lines (extended upwards over contiguous matching lines) and runs to the end.
 */
export const InputBoxSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('frame'),
      border: z.string().refine((s) => compiles(s, 'm'), 'is not a valid regular expression'),
      maxHeight: z.number().int().min(1).max(60).default(12),
      searchLines: z.number().int().min(2).max(200).default(20),
    })
    .strict(),
  z
    .object({
      kind: z.literal('promptLine'),
      re: z.string().refine((s) => compiles(s, 'm'), 'is not a valid regular expression'),
      searchLines: z.number().int().min(1).max(200).default(8),
    })
    .strict(),
]);
export type InputBox = z.output<typeof InputBoxSchema>;

/**
 * Screen and title patterns of one agent, as data: patterns live in the profile, so an agent whose UI changes needs new data, not new code.
 * Checked in this order on every screen change: `waiting` (questions, menus, approvals win
 * over busy markers), then `busy` (looked for only outside the input box), then `error`, then
 * `idle`. A still screen that matched nothing counts as idle after `idleDebounceMs`.
 */
export const StatusProfileSchema = z
  .object({
    /** Where the patterns come from (public sources), for maintainers. */
    sources: z.string().optional(),
    idleDebounceMs: z.number().int().min(100).max(60_000).default(DEFAULT_IDLE_DEBOUNCE_MS),
    tailLines: z.number().int().min(1).max(200).default(DEFAULT_TAIL_LINES),
    busyLookbackLines: z.number().int().min(1).max(200).default(DEFAULT_BUSY_LOOKBACK_LINES),
    inputBox: InputBoxSchema.optional(),
    waiting: patternList,
    busy: patternList,
    error: patternList,
    idle: patternList,
    /** Terminal title (OSC 0/2) patterns; a title is a stronger signal than the screen. */
    title: z
      .object({ working: patternList, waiting: patternList, idle: patternList })
      .strict()
      .default({ working: [], waiting: [], idle: [] }),
  })
  .strict();
export type StatusProfile = z.output<typeof StatusProfileSchema>;

/**
 * A condition on a hook payload field: when `field` (a top-level key) matches `re`, use `state`
 * (`none`: the call reports no state, e.g. an informational notification). `label` names what
 * the call is in the reason (e.g. "permission prompt").
 */
const HookOverrideSchema = z
  .object({
    field: z.string().min(1),
    re: z.string(),
    flags: z.string().regex(REGEX_FLAGS).default('i'),
    state: z.enum([...VERDICT_STATES, 'none']),
    label: z.string().min(1).optional(),
  })
  .strict();

/** What one agent hook event means: a state (or none: only capture ids), a reason field, overrides. */
export const HookEventRuleSchema = z
  .object({
    state: z.enum(VERDICT_STATES).optional(),
    /** Payload field whose text becomes the reason (e.g. Notification's `message`). */
    reasonField: z.string().optional(),
    overrides: z.array(HookOverrideSchema).default([]),
  })
  .strict();
export type HookEventRule = z.output<typeof HookEventRuleSchema>;

/**
 * How an agent reports its lifecycle (signal 1), passed per launch:
 * - `claude-settings`: a settings file given with `--settings <file>`, one command hook per event;
 * - `codex-notify`: `-c notify=[…]`; Codex appends one JSON argument whose `type` is the event;
 * - `gemini-settings`: a system-defaults settings file (the lowest settings layer) named by
 *   `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` for this process, one command hook per event (JSON on stdin).
 * `events` maps the agent's event names to states; `sessionIdField` names the payload field
 * carrying the agent's own session id (for resume).
 */
export const HookConfigSchema = z
  .object({
    kind: z.enum(['claude-settings', 'codex-notify', 'gemini-settings']),
    sessionIdField: z.string().default('session_id'),
    staleMs: z.number().int().min(1000).max(600_000).default(DEFAULT_HOOK_STALE_MS),
    events: z.record(z.string(), HookEventRuleSchema),
    sources: z.string().optional(),
  })
  .strict();
export type HookConfig = z.output<typeof HookConfigSchema>;
