import { z } from 'zod';
import {
  AgentInfoSchema,
  ColsSchema,
  ProfileProblemSchema,
  RestartPolicySchema,
  ProjectSchema,
  RowsSchema,
  SessionSchema,
} from './model.js';
import { ANALYSIS_METHODS } from './analysis-methods.js';
import { RECOVERY_METHODS } from './recovery-methods.js';
import { STATUS_METHODS } from './status-methods.js';
import { ORCHESTRATOR_METHODS } from './orchestrator-methods.js';
import { QUALITY_METHODS } from './quality.js';
import { TASK_RUN_METHODS } from './task-run.js';

/** Largest single `sessions.write` payload, in UTF-16 code units (a 1 MB paste fits). */
export const MAX_WRITE_CHARS = 4 * 1024 * 1024;

const id = z.string().min(1);
const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

/**
 * Every method of the contract: its params schema and its result schema.
 * The transports validate params against these before the service sees them,
 * so a malformed request gets `INVALID_REQUEST` naming the field.
 */
export const CORE_METHODS = {
  'app.info': {
    params: empty,
    result: z.object({
      version: z.string(),
      dataDir: z.string(),
      platform: z.string(),
      homeDir: z.string(),
    }),
  },
  'projects.list': { params: empty, result: z.array(ProjectSchema) },
  'projects.add': {
    params: z.object({ path: z.string().min(1), name: z.string().min(1).max(200).optional() }).strict(),
    result: ProjectSchema,
  },
  'projects.rename': {
    params: z.object({ id, name: z.string().trim().min(1).max(200) }).strict(),
    result: ProjectSchema,
  },
  /** Forgets the project and its sessions (live ones are stopped). Never touches the folder. */
  'projects.remove': { params: z.object({ id }).strict(), result: ok },
  'agents.list': {
    params: empty,
    result: z.object({ agents: z.array(AgentInfoSchema), problems: z.array(ProfileProblemSchema) }),
  },
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
        cols: ColsSchema.default(120),
        rows: RowsSchema.default(32),
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
    result: ok,
  },
  'sessions.resize': {
    params: z.object({ id, cols: ColsSchema, rows: RowsSchema }).strict(),
    result: ok,
  },
  /** Ends the process group: SIGHUP, then SIGTERM, then SIGKILL after a grace period. */
  'sessions.kill': { params: z.object({ id }).strict(), result: ok },
  /** Forgets an exited session (kills it first if it still runs). */
  'sessions.remove': { params: z.object({ id }).strict(), result: ok },
  /**
   * Attaches this client to a session's output. The result is the mirror's serialized
   * screen up to output batch `seq`; `session.output` events follow with `seq` > that.
   * With `flowControl` the client must send `sessions.ack` for the chars it has processed.
   */
  'sessions.attach': {
    params: z.object({ id, flowControl: z.boolean().default(true) }).strict(),
    result: z.object({ snapshot: z.string(), seq: z.number().int(), cols: z.number(), rows: z.number() }),
  },
  'sessions.detach': { params: z.object({ id }).strict(), result: ok },
  /** Acknowledges `chars` UTF-16 code units of `session.output` data as processed. */
  'sessions.ack': { params: z.object({ id, chars: z.number().int().min(0) }).strict(), result: ok },
  /** The visible screen as plain text, one line per row, trailing spaces trimmed. */
  'sessions.screen': {
    params: z.object({ id }).strict(),
    result: z.object({ text: z.string(), cols: z.number(), rows: z.number(), cursorX: z.number(), cursorY: z.number() }),
  },
} as const;

/**
 * Every method of the contract. Features that grow the contract keep their methods in
 * their own file (e.g. `analysis-methods.ts`) and are spread in here.
 */
export const METHODS = { ...CORE_METHODS, ...RECOVERY_METHODS, ...STATUS_METHODS, ...ANALYSIS_METHODS, ...ORCHESTRATOR_METHODS, ...QUALITY_METHODS, ...TASK_RUN_METHODS } as const;

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
