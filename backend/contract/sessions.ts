import * as z from 'zod';
import { DEFAULT_TERMINAL_SIZE, MAX_SESSION_NAME_CHARS, MAX_WRITE_CHARS, SCROLLBACK_LIMITS, TERMINAL_LIMITS } from './limits.js';
import { IdSchema as id, OkSchema } from './schema-parts.js';

/**
 * Live states of a session, in the order a session usually passes through them:
 * `starting` until the program shows itself, `working` (output flowing, a busy marker or
 * spinner, a hook said so), `waiting` (the program asks the user: an approval, a question,
 * a choice, a sign-in, a key), `idle` (ready for the next prompt, on positive evidence),
 * `exited` (see `exitCode` / `signal`), `error`.
 */
export const SESSION_STATES = ['starting', 'working', 'waiting', 'idle', 'exited', 'error'] as const;
export const SessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionStateSchema>;

/**
 * What decided the current state, strongest first: the agent's hooks, terminal-level signals
 * (OSC 133 shell integration marks, OSC 9 / 777 / 99 notifications, BEL), the terminal title
 * (OSC 0/2), the headless mirror's screen, the user's input, the process.
 */
export const STATE_SOURCES = ['hook', 'terminal', 'title', 'screen', 'input', 'process'] as const;
export const StateSourceSchema = z.enum(STATE_SOURCES);
export type StateSource = z.infer<typeof StateSourceSchema>;

/** `never`: an exit is final. `on-failure`: restart with exponential backoff (1 s, ×2, at most 3 tries). */
export const RestartPolicySchema = z.enum(['never', 'on-failure']);
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;

/** Terminal width in columns, within {@link TERMINAL_LIMITS}. */
export const ColsSchema = z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols);
/** Terminal height in rows, within {@link TERMINAL_LIMITS}. */
export const RowsSchema = z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows);

/** Why a notification is raised: the agent asks the user, or finished its turn, or exited. */
export const NotifyKindSchema = z.enum(['waiting', 'finished', 'exited']);
export type NotifyKind = z.infer<typeof NotifyKindSchema>;

/**
 * What a session is to the orchestrator task it was started for: `agent`, one attempt of the
 * task's coding agent (a retry or a switch to another agent starts another), or `gate`, one
 * run of the task's quality gate.
 */
export const TASK_SESSION_ROLES = ['agent', 'gate'] as const;
export const TaskSessionRoleSchema = z.enum(TASK_SESSION_ROLES);
export type TaskSessionRole = z.infer<typeof TaskSessionRoleSchema>;

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
  /** Why, in a few words (e.g. "approval prompt", "Stop hook", "shell prompt"). */
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
  /**
   * When an automatic restart of this exited session is due (ms epoch), else null. Set in
   * the same update that reports the exit, so a client never reads a restarting session as
   * finished for good.
   */
  restartAt: z.number().nullable(),
  /** The agent's own conversation id (e.g. Claude Code's session_id), for resume. */
  agentSessionId: z.string().nullable(),
  /** A short note for the user about the last restore or restart (e.g. "resume failed; started fresh"). */
  note: z.string(),
  /** The name the user gave the session, unique within its project; empty: the agent's name and number. */
  name: z.string(),
  /** The orchestrator task this session was started for; null for a session the user started. Kept across restarts. */
  taskId: z.string().nullable(),
  /** What the session is to {@link taskId}'s task (an agent attempt or a gate run); null when it has no task. */
  taskRole: TaskSessionRoleSchema.nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

/** Methods of the sessions namespace. */
export const SESSIONS_METHODS = {
  'sessions.list': {
    params: z.object({ projectId: id.optional() }).strict(),
    result: z.array(SessionSchema),
  },
  'sessions.get': { params: z.object({ id }).strict(), result: SessionSchema },
  /**
   * Starts a session. Give `projectId`, or `path` (added as a project when new).
   * `agent` defaults to `shell`. `prompt` is passed the way the profile says.
   */
  'sessions.start': {
    params: z
      .object({
        projectId: id.optional(),
        path: z.string().min(1).optional(),
        agent: z.string().min(1).default('shell'),
        prompt: z.string().max(MAX_WRITE_CHARS).optional(),
        cols: ColsSchema.default(DEFAULT_TERMINAL_SIZE.cols),
        rows: RowsSchema.default(DEFAULT_TERMINAL_SIZE.rows),
        /** Default: the `defaultRestartPolicy` setting. */
        restartPolicy: RestartPolicySchema.optional(),
      })
      .strict()
      .refine((p) => p.projectId !== undefined || p.path !== undefined, {
        message: 'give projectId or path',
        path: ['projectId'],
      }),
    result: SessionSchema,
  },
  /** Writes input (keystrokes or a paste) to the PTY. */
  'sessions.write': {
    params: z.object({ id, data: z.string().max(MAX_WRITE_CHARS) }).strict(),
    result: OkSchema,
  },
  'sessions.resize': {
    params: z.object({ id, cols: ColsSchema, rows: RowsSchema }).strict(),
    result: OkSchema,
  },
  /** Ends the process group: SIGHUP, then SIGTERM, then SIGKILL after a grace period. */
  'sessions.kill': { params: z.object({ id }).strict(), result: OkSchema },
  /** Forgets an exited session (kills it first if it still runs). */
  'sessions.remove': { params: z.object({ id }).strict(), result: OkSchema },
  /**
   * Attaches this client to a session's output. The result is the mirror's serialized
   * screen up to output batch `seq`; `session.output` events follow with `seq` > that.
   * With `flowControl` the client must send `sessions.ack` for the chars it has processed.
   * A flow-controlled client that states `scrollbackLines` (its terminal's scrollback) may
   * be skipped output it could never show: a plain-text batch still waiting for room in its
   * window, followed by a CR and scrollback + 2 × the largest row count of line feeds of
   * plain text, while the scroll region is the whole screen. Its `seq` is then never sent
   * (the client sees a gap); the screen and scrollback the client ends with are the same.
   */
  'sessions.attach': {
    params: z
      .object({ id, flowControl: z.boolean().default(true), scrollbackLines: z.number().int().min(0).max(SCROLLBACK_LIMITS.max).optional() })
      .strict(),
    result: z.object({ snapshot: z.string(), seq: z.number().int(), cols: z.number(), rows: z.number() }),
  },
  'sessions.detach': { params: z.object({ id }).strict(), result: OkSchema },
  /** Acknowledges `chars` UTF-16 code units of `session.output` data as processed. */
  'sessions.ack': { params: z.object({ id, chars: z.number().int().min(0) }).strict(), result: OkSchema },
  /** The visible screen as plain text, one line per row, trailing spaces trimmed. */
  'sessions.screen': {
    params: z.object({ id }).strict(),
    result: z.object({ text: z.string(), cols: z.number(), rows: z.number(), cursorX: z.number(), cursorY: z.number() }),
  },
  /**
   * Relaunches a session that is not running (restored from a previous run and kept closed,
   * or exited) in the same folder, with its profile's resume arguments — the stored agent
   * session id first, else the agent's continue form — unless `fresh`. The saved screen stays
   * above a "restored" mark.
   */
  'sessions.relaunch': {
    params: z.object({ id, fresh: z.boolean().default(false) }).strict(),
    result: SessionSchema,
  },
  'sessions.setRestartPolicy': {
    params: z.object({ id, policy: RestartPolicySchema }).strict(),
    result: SessionSchema,
  },
  /**
   * Names a session (trimmed; empty gives back the default label). Names are unique within
   * a project, case-insensitively.
   * @throws INVALID_REQUEST when another session of the project has that name
   */
  'sessions.rename': {
    params: z.object({ id, name: z.string().trim().max(MAX_SESSION_NAME_CHARS) }).strict(),
    result: SessionSchema,
  },
  /** The user looked at the session: "waiting, not yet seen" becomes "waiting, seen". */
  'sessions.markSeen': { params: z.object({ id }).strict(), result: SessionSchema },
  /**
   * Which session the user is looking at (the focused console of a focused window), or
   * null when the window is not focused. Sessions other than this one raise `session.notify`.
   */
  'sessions.focus': { params: z.object({ id: id.nullable() }).strict(), result: OkSchema },
} as const;

/**
 * Events of the sessions namespace. `session.output` goes only to clients attached to that
 * session; the others go to every client.
 */
export const SESSIONS_EVENTS = {
  /**
   * A batch of PTY output. `seq` increases by one per batch, per session, from 1; a client
   * attached with `scrollbackLines` may be skipped batches (see `sessions.attach`).
   */
  'session.output': z.object({ sessionId: z.string(), seq: z.number().int(), data: z.string() }),
  /** A session was created or changed (state, exit, title, size). */
  'session.updated': SessionSchema,
  'session.removed': z.object({ sessionId: z.string() }),
  /**
   * A session that is not the focused one needs the user (it started waiting) or finished
   * (working → idle, or exited). Clients show an OS notification, a badge, a sound.
   */
  'session.notify': z.object({
    sessionId: z.string(),
    kind: NotifyKindSchema,
    title: z.string(),
    body: z.string(),
    at: z.number(),
  }),
} as const;
