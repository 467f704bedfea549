import { z } from 'zod';

/** A local project folder the user added. `createdAt` is ms since the epoch. */
export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  createdAt: z.number(),
});
export type Project = z.infer<typeof ProjectSchema>;

/**
 * Live states of a session (DESIGN.md, issue 4): `starting` until the agent shows itself,
 * `working` (output flowing, a busy marker or spinner, a hook said so), `waiting` (the
 * agent asks the user: an approval, a question, a choice), `idle` (ready for the next
 * prompt, screen still), `exited` (see `exitCode` / `signal`), `error`.
 */
export const SESSION_STATES = ['starting', 'working', 'waiting', 'idle', 'exited', 'error'] as const;
export const SessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** What decided the current state, strongest first. */
export const STATE_SOURCES = ['hook', 'terminal', 'title', 'screen', 'input', 'process'] as const;
export const StateSourceSchema = z.enum(STATE_SOURCES);

/** How a profile takes its first prompt (FIELD-NOTES: last argument, a flag, or typed). */
export const PromptModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arg') }),
  z.object({ kind: z.literal('flag'), flag: z.string().min(1) }),
  z.object({ kind: z.literal('type'), delayMs: z.number().int().min(0).max(60_000).default(1500) }),
]);
export type PromptMode = z.infer<typeof PromptModeSchema>;

/** Circuit breaker of one agent profile (closed: healthy; open: starts refused; half-open: one trial). */
export const BreakerStateSchema = z.enum(['closed', 'open', 'half-open']);
export const BreakerSchema = z.object({
  state: BreakerStateSchema,
  /** Failures inside the window. */
  failures: z.number().int(),
  /** When it opened (ms epoch), else null. */
  openedAt: z.number().nullable(),
  /** When an open breaker turns half-open (ms epoch), else null. */
  retryAt: z.number().nullable(),
});
export type Breaker = z.infer<typeof BreakerSchema>;

/** An agent profile as the UI sees it: data plus whether its command is installed. */
export const AgentInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  command: z.string(),
  args: z.array(z.string()),
  builtin: z.boolean(),
  installed: z.boolean(),
  /** Absolute path the command resolved to on PATH, when installed. */
  resolvedPath: z.string().nullable(),
  /** How to install it, shown when not installed. */
  installHint: z.string(),
  homepage: z.string().optional(),
  promptMode: PromptModeSchema,
  /** The profile's circuit breaker (issue 3). */
  breaker: BreakerSchema,
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

/** A problem found while loading the custom profiles file; built-ins keep working. */
export const ProfileProblemSchema = z.object({
  file: z.string(),
  /** Dotted path of the field at fault, e.g. `profiles.0.command`; empty for the whole file. */
  field: z.string(),
  message: z.string(),
});
export type ProfileProblem = z.infer<typeof ProfileProblemSchema>;

/** `never`: an exit is final. `on-failure`: restart with exponential backoff (1 s, ×2, at most 3 tries). */
export const RestartPolicySchema = z.enum(['never', 'on-failure']);
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;

/** An agent session: one PTY running one profile's command in one project folder. */
export const SessionSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  agent: z.string(),
  argv: z.array(z.string()),
  cwd: z.string(),
  state: SessionStateSchema,
  /** ms since the epoch when `state` was entered. */
  stateSince: z.number(),
  /** What decided the state (a hook, the terminal title, the screen, the user's input, the process). */
  stateSource: StateSourceSchema,
  /** Why, in a few words (e.g. "approval prompt", "Stop hook", "screen still 1.5 s"). */
  stateReason: z.string(),
  /** False until the user has looked at the session since its state last changed. */
  seen: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  exitCode: z.number().nullable(),
  /** Signal number that ended the process, if any. */
  signal: z.number().nullable(),
  pid: z.number().nullable(),
  cols: z.number().int(),
  rows: z.number().int(),
  /** Last terminal title (OSC 0/2) the program set; empty when none. */
  title: z.string(),
  /** When this session was brought back after an app restart (ms epoch), else null. */
  restoredAt: z.number().nullable(),
  /** What happens when the agent process fails (exits non-zero or by a signal). */
  restartPolicy: RestartPolicySchema,
  /** Automatic restarts since the last start by the user. */
  restarts: z.number().int(),
  /** The agent's own conversation id (e.g. Claude Code's session_id), for resume. */
  agentSessionId: z.string().nullable(),
  /** A short note for the user about the last restore or restart (e.g. "resume failed; started fresh"). */
  note: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

/** What the app does, on start, with the sessions that were live when it last ran. */
export const RestoreModeSchema = z.enum(['relaunch', 'closed', 'discard']);
export type RestoreMode = z.infer<typeof RestoreModeSchema>;

/** Each app setting's type and bounds (no defaults: see {@link SettingsPatchSchema}). */
const settingFields = {
  /** Default for sessions found live from the last run. */
  restoreMode: RestoreModeSchema,
  /** Lines of scrollback kept in snapshots (and each session's mirror). */
  scrollbackLines: z.number().int().min(100).max(100_000),
  /** Restart policy given to new sessions. */
  defaultRestartPolicy: z.enum(['never', 'on-failure']),
};
/** User settings, each with its default. */
export const SettingsSchema = z.object({
  restoreMode: settingFields.restoreMode.default('relaunch'),
  scrollbackLines: settingFields.scrollbackLines.default(5_000),
  defaultRestartPolicy: settingFields.defaultRestartPolicy.default('never'),
});
export type Settings = z.infer<typeof SettingsSchema>;
/**
 * What `settings.set` takes: any of the settings, the others left as they are. Built from
 * the fields without defaults: `SettingsSchema.partial()` fills every missing key with its
 * default (zod 4), so changing one setting reset the others.
 */
export const SettingsPatchSchema = z.object(settingFields).partial().strict();

/** A process a crashed run left behind, still alive. */
export const OrphanSchema = z.object({
  pid: z.number().int(),
  sessionId: z.string(),
  /** The process's command line, as the OS reports it. */
  command: z.string(),
});
export type Orphan = z.infer<typeof OrphanSchema>;

/** Terminal size limits accepted by `sessions.resize` / `sessions.start` (columns, rows). */
export const TERMINAL_LIMITS = { minCols: 2, maxCols: 1000, minRows: 1, maxRows: 500 } as const;
export const ColsSchema = z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols);
export const RowsSchema = z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows);

/** Why a notification is raised: the agent asks the user, or finished its turn, or exited. */
export const NotifyKindSchema = z.enum(['waiting', 'finished', 'exited']);
export type NotifyKind = z.infer<typeof NotifyKindSchema>;
