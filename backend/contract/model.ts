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
 * Session states of the walking skeleton (issue 2): `starting` until the first output,
 * `running` while output arrived in the last {@link RUNNING_WINDOW_MS}, `quiet` after,
 * `exited` once the process ended (see `exitCode` / `signal`).
 */
export const SESSION_STATES = ['starting', 'running', 'quiet', 'exited'] as const;
export const SessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** Output within this many ms keeps a session `running` (issue 2). */
export const RUNNING_WINDOW_MS = 2000;

/** How a profile takes its first prompt (FIELD-NOTES: last argument, a flag, or typed). */
export const PromptModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arg') }),
  z.object({ kind: z.literal('flag'), flag: z.string().min(1) }),
  z.object({ kind: z.literal('type'), delayMs: z.number().int().min(0).max(60_000).default(1500) }),
]);
export type PromptMode = z.infer<typeof PromptModeSchema>;

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
});
export type Session = z.infer<typeof SessionSchema>;

/** Terminal size limits accepted by `sessions.resize` / `sessions.start` (columns, rows). */
export const TERMINAL_LIMITS = { minCols: 2, maxCols: 1000, minRows: 1, maxRows: 500 } as const;
export const ColsSchema = z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols);
export const RowsSchema = z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows);
