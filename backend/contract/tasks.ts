import * as z from 'zod';
import { MAX_TASK_TEXT_CHARS, TASK_SETTING_LIMITS as L } from './limits.js';
import { GateCheckSchema, QualitySnapshotSchema } from './quality.js';

/**
 * The tasks namespace: the orchestrator's methods, from a task in plain words to a tested
 * change in its own git worktree. Types and schemas only; spread into METHODS in `methods.ts`.
 */

const id = z.string().min(1);

/**
 * What the task asks for (backend/orchestrator/intent/README.md describes each with examples).
 * `build` covers build system, CI, dependencies, packaging and release: the old `deploy`.
 */
export const TASK_INTENTS = ['implement', 'fix', 'refactor', 'perf', 'test', 'docs', 'build', 'review', 'research'] as const;
/** Intent names of earlier versions, read as their successor (stored tasks, users' profiles.json). */
export const LEGACY_TASK_INTENTS = { deploy: 'build' } as const satisfies Record<string, (typeof TASK_INTENTS)[number]>;
export const TaskIntentSchema = z.preprocess((v) => (typeof v === 'string' && Object.hasOwn(LEGACY_TASK_INTENTS, v) ? LEGACY_TASK_INTENTS[v as keyof typeof LEGACY_TASK_INTENTS] : v), z.enum(TASK_INTENTS));
export type TaskIntent = z.infer<typeof TaskIntentSchema>;

/** Which part of a system the task is about. */
export const TASK_DOMAINS = ['backend', 'frontend', 'data', 'devops', 'security', 'testing', 'mobile', 'docs', 'general'] as const;
export const TaskDomainSchema = z.enum(TASK_DOMAINS);
export type TaskDomain = z.infer<typeof TaskDomainSchema>;

export const TASK_COMPLEXITIES = ['simple', 'moderate', 'complex'] as const;
export const TaskComplexitySchema = z.enum(TASK_COMPLEXITIES);
export type TaskComplexity = z.infer<typeof TaskComplexitySchema>;

/** One classified facet: the label, a confidence in 0..1 and the matched words that decided it. */
const facet = <T extends z.ZodTypeAny>(label: T) =>
  z.object({
    value: label,
    confidence: z.number().min(0).max(1),
    /** Why, e.g. `"fix" (leading verb, +3)`, `"null pointer" (+2)`; "no keyword matched: default" when none. */
    reasons: z.array(z.string()),
    /** Score of every label that matched anything (the winner's included). */
    scores: z.record(z.string(), z.number()),
  });

/** An entity named in the task text. `kind`: a technology, a file (path), or a component (a named part of the code). */
export const TaskEntitySchema = z.object({
  kind: z.enum(['technology', 'file', 'component']),
  /** Canonical name (technologies) or the text as written. */
  value: z.string(),
  /** The words that matched. */
  match: z.string(),
  confidence: z.number().min(0).max(1),
});
export type TaskEntity = z.infer<typeof TaskEntitySchema>;

/** The deterministic reading of a task text (no network): intent, domain, complexity, entities. */
export const TaskParseSchema = z.object({
  text: z.string(),
  intent: facet(TaskIntentSchema),
  domain: facet(TaskDomainSchema),
  complexity: facet(TaskComplexitySchema),
  entities: z.array(TaskEntitySchema),
});
export type TaskParse = z.infer<typeof TaskParseSchema>;

/** One term of an agent's score: its raw value (0..1), weight, weighted part, and the reasons. */
export const ScorePartSchema = z.object({
  value: z.number().min(0).max(1),
  weight: z.number(),
  weighted: z.number(),
  reasons: z.array(z.string()),
});

/**
 * An agent profile ranked for a task. `score` = the weighted sum of its parts; the weights are
 * the project's preset's (`balanced`: 0.4·capability + 0.3·context + 0.2·history +
 * 0.1·specialization). `eligible` is false for a profile left out (not installed, breaker open,
 * no capabilities): it is listed with `excluded` saying why, never picked.
 */
export const RankedAgentSchema = z.object({
  agent: z.string(),
  name: z.string(),
  score: z.number(),
  eligible: z.boolean(),
  excluded: z.string().nullable(),
  parts: z.object({
    capability: ScorePartSchema,
    context: ScorePartSchema,
    history: ScorePartSchema,
    specialization: ScorePartSchema,
    /** The preset's preferred agents (present when the preset gives preference a weight). */
    preference: ScorePartSchema.optional(),
  }),
});
export type RankedAgent = z.infer<typeof RankedAgentSchema>;

/**
 * Lifecycle of a task. `unverified`: the agent's work ended but no check could verify it (the
 * project has no test, type check or lint the gate could run): a person reviews it before merge.
 */
export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled', 'unverified'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
/** The statuses a task ends in (no further step runs by itself). */
export const TASK_FINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled', 'unverified'];

/**
 * What a task is doing right now (finer than `status`): `queued` (pending), `worktree` (its
 * git worktree is made), `agent` (an agent's turn), `gate` (the checks run), `switching` (the
 * attempt is kept on a branch and the next agent takes over), `committing` (the change is
 * committed on the task branch), `done` (ended, with a final status). The allowed moves are
 * the orchestrator's task-run state machine.
 */
export const TASK_PHASES = ['queued', 'worktree', 'agent', 'gate', 'switching', 'committing', 'done'] as const;
export const TaskPhaseSchema = z.enum(TASK_PHASES);

/** One run of the quality gate: the project's test command in the task's folder. Durations in ms. */
export const QualityGateSchema = z.object({
  /** 1-based, over the whole task (across agents). */
  iteration: z.number().int(),
  agent: z.string(),
  /** The command as detected, e.g. `npm test`; null when the project has none (the gate then passes by default). */
  command: z.string().nullable(),
  passed: z.boolean(),
  exitCode: z.number().nullable(),
  /** Test counts where the runner printed them (null when it did not). */
  tests: z.object({
    passed: z.number().int().nullable(),
    failed: z.number().int().nullable(),
    skipped: z.number().int().nullable(),
    total: z.number().int().nullable(),
    /** Which output format gave the counts (vitest, jest, pytest, go, cargo, node-test, generic). */
    format: z.string().nullable(),
  }),
  durationMs: z.number(),
  /** The gate's PTY session (visible in the UI like any session). */
  sessionId: z.string().nullable(),
  /** The last lines of its output (what a retry prompt quotes). */
  outputTail: z.string(),
  at: z.number(),
  /** Each check of this run (tests, type check, lint, coverage, audit), in the order run. */
  checks: z.array(GateCheckSchema).default([]),
  /** The run's quality: verdict, overall score and counts. Null for runs stored before checks existed. */
  snapshot: QualitySnapshotSchema.nullable().default(null),
});
export type QualityGate = z.infer<typeof QualityGateSchema>;

/** What happened to the task's result: open for review, merged into the project's branch, or discarded. */
export const TaskReviewSchema = z.enum(['open', 'merged', 'discarded']);

/**
 * A task: text → analysis → agent → worktree → agent session → quality gate → retry/switch →
 * completed or failed. Times are ms since the epoch.
 */
export const TaskSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  text: z.string(),
  status: TaskStatusSchema,
  phase: TaskPhaseSchema,
  intent: TaskIntentSchema,
  domain: TaskDomainSchema,
  complexity: TaskComplexitySchema,
  /** The agent running (or that ran last). */
  agent: z.string(),
  /** True when the user chose the agent (`agent` on create). */
  agentChosen: z.boolean(),
  /** Agents tried so far, in order. */
  agentsTried: z.array(z.string()),
  /** Gate runs so far, over all agents. */
  iterations: z.number().int(),
  /** The folder the agent works in: a git worktree, or the project folder for an in-place task. */
  worktree: z.string().nullable(),
  /** The task's branch (null in place). */
  branch: z.string().nullable(),
  /** The commit the branch started from. */
  baseRef: z.string().nullable(),
  /** The project's branch at creation (what `tasks.merge` merges into). */
  baseBranch: z.string().nullable(),
  inPlace: z.boolean(),
  /** The commit made on the task branch when the gate passed. */
  commit: z.string().nullable(),
  sessionId: z.string().nullable(),
  gateSessionId: z.string().nullable(),
  /** The last gate run, or null before the first. */
  gate: QualityGateSchema.nullable(),
  review: TaskReviewSchema,
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Why it failed or was cancelled; empty otherwise. */
  error: z.string(),
  /**
   * Why a pending task does not start: a budget reached ("budget reached: $2.04 of $2.00 …",
   * until the budget is raised) or every allowed agent past its quota ("quota reached …, resets
   * at …", until `heldUntil`). Empty when nothing holds it.
   */
  held: z.string().default(''),
  /** When a quota hold ends and the task starts again by itself (ms since the epoch); null otherwise. */
  heldUntil: z.number().nullable().default(null),
});
export type Task = z.infer<typeof TaskSchema>;

/** A change of agent within a task, with its reason. */
export const AgentSwitchSchema = z.object({
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  at: z.number(),
});

/** One changed file of a task's diff; hunks as unified diff hunks. */
export const DiffFileSchema = z.object({
  path: z.string(),
  /** For renames: the old path. */
  oldPath: z.string().nullable(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
  binary: z.boolean(),
  additions: z.number().int(),
  deletions: z.number().int(),
  hunks: z.array(
    z.object({
      header: z.string(),
      oldStart: z.number().int(),
      oldLines: z.number().int(),
      newStart: z.number().int(),
      newLines: z.number().int(),
      lines: z.array(z.object({ kind: z.enum(['context', 'add', 'del']), text: z.string() })),
    }),
  ),
});
export type DiffFile = z.infer<typeof DiffFileSchema>;

/** Each orchestrator setting's type and bounds (no defaults: see {@link TaskSettingsPatchSchema}). */
const taskSettingFields = {
  /**
   * Tasks running at once, all projects together; more wait in the queue (`pending`). Set, it
   * wins over every project's preset; unset, each project runs up to its preset's limit and all
   * together at most this default, or the largest of those limits when higher.
   */
  parallelLimit: z.number().int().min(L.parallelLimit[0]).max(L.parallelLimit[1]),
  /** Gate runs per agent before switching to the next-ranked agent. */
  maxIterations: z.number().int().min(L.maxIterations[0]).max(L.maxIterations[1]),
  /** Agent switches per task before it fails. */
  maxSwitches: z.number().int().min(L.maxSwitches[0]).max(L.maxSwitches[1]),
  /**
   * Longest an agent's turn may run, seconds (0: no limit): past it the agent's session is
   * stopped and the quality gate judges what is in the worktree. Time the agent spends
   * waiting for the user (state `waiting`) does not count; the limit starts again after it.
   */
  turnTimeoutSec: z.number().int().min(L.turnTimeoutSec[0]).max(L.turnTimeoutSec[1]),
};

/** Orchestrator settings (stored in the settings table under `tasks.*` keys), with their defaults. */
export const TaskSettingsSchema = z.object({
  parallelLimit: taskSettingFields.parallelLimit.default(3),
  maxIterations: taskSettingFields.maxIterations.default(3),
  maxSwitches: taskSettingFields.maxSwitches.default(2),
  turnTimeoutSec: taskSettingFields.turnTimeoutSec.default(3_600),
});
/**
 * What `tasks.setSettings` takes: any of the settings, the others left as they are. Built
 * from the fields without defaults: `TaskSettingsSchema.partial()` fills every missing key
 * with its default (zod 4), so saving one setting reset the others.
 */
export const TaskSettingsPatchSchema = z.object(taskSettingFields).partial().strict();
export type TaskSettings = z.infer<typeof TaskSettingsSchema>;

const where = {
  projectId: id.optional(),
  path: z.string().min(1).optional(),
};
const needsProject = (p: { projectId?: string | undefined; path?: string | undefined }) => p.projectId !== undefined || p.path !== undefined;
const projectMessage = { message: 'give projectId or path', path: ['projectId'] };
const text = z.string().trim().min(1).max(MAX_TASK_TEXT_CHARS);

export const TaskStatsSchema = z.object({
  total: z.number().int(),
  active: z.number().int(),
  queued: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** completed / (completed + failed); null before any finished. */
  successRate: z.number().nullable(),
  /** Mean of endedAt − startedAt over finished tasks (ms); null when none. */
  averageDurationMs: z.number().nullable(),
  /** Mean gate runs per finished task; null when none. */
  iterationsPerTask: z.number().nullable(),
  agentSwitches: z.number().int(),
  perAgent: z.array(
    z.object({
      agent: z.string(),
      /** Tasks (or parts of tasks, before a switch) this agent worked on and that ended. */
      attempts: z.number().int(),
      successes: z.number().int(),
      successRate: z.number().nullable(),
      /** Mean quality of its gate runs, 0..1 (passed tests / counted tests; 1 / 0 when no counts). */
      averageQuality: z.number().nullable(),
    }),
  ),
});

export const TASKS_METHODS = {
  /**
   * Reads a task text (intent, domain, complexity, entities with confidences and reasons)
   * and ranks the agent profiles for it in the project's context. No side effects. `intent`:
   * the person's pick over the parser's reading (offered when its confidence is below
   * INTENT_PICK_THRESHOLD).
   * Errors: NOT_FOUND (projectId), FOLDER_MISSING / NOT_A_DIRECTORY / FOLDER_UNREADABLE (path).
   */
  'tasks.analyze': {
    params: z.object({ ...where, text, intent: TaskIntentSchema.optional() }).strict().refine(needsProject, projectMessage),
    result: z.object({
      parse: TaskParseSchema,
      ranking: z.array(RankedAgentSchema),
      /** The agent `tasks.create` would pick (null: no eligible agent). */
      recommended: z.string().nullable(),
      /** The project's detected test command (the quality gate), or null. */
      testCommand: z.string().nullable(),
      /** False when the folder is not a git repository: the task would run in place. */
      git: z.boolean(),
    }),
  },
  /**
   * Creates a task (queued; it starts when fewer than `parallelLimit` tasks run). `agent`
   * overrides the ranking; `intent` the parser's reading of the intent. A folder that is not a git repository needs `confirmInPlace`
   * (the agent then works in the folder itself, without a worktree).
   * Errors: INVALID_REQUEST (not a git repo without confirmInPlace; no eligible agent),
   * AGENT_UNKNOWN, AGENT_NOT_INSTALLED, AGENT_UNAVAILABLE, NOT_FOUND, FOLDER_*.
   */
  'tasks.create': {
    params: z
      .object({ ...where, text, agent: z.string().min(1).optional(), intent: TaskIntentSchema.optional(), confirmInPlace: z.boolean().default(false) })
      .strict()
      .refine(needsProject, projectMessage),
    result: TaskSchema,
  },
  /** Tasks, newest first; optionally of one project. */
  'tasks.list': { params: z.object({ projectId: id.optional() }).strict(), result: z.array(TaskSchema) },
  /** A task with its gate runs and agent switches. Errors: NOT_FOUND. */
  'tasks.get': {
    params: z.object({ id }).strict(),
    result: z.object({ task: TaskSchema, gates: z.array(QualityGateSchema), switches: z.array(AgentSwitchSchema), parse: TaskParseSchema, ranking: z.array(RankedAgentSchema) }),
  },
  /** Stops a pending or running task (its sessions are ended; the worktree stays until discarded). Errors: NOT_FOUND. */
  'tasks.cancel': { params: z.object({ id }).strict(), result: TaskSchema },
  /**
   * The task's changes against its base commit: the committed branch plus anything not yet
   * committed in the worktree (the injected guidelines left out). Errors: NOT_FOUND,
   * INVALID_REQUEST (in-place task, or its worktree was removed).
   */
  'tasks.diff': {
    params: z.object({ id }).strict(),
    result: z.object({ base: z.string(), head: z.string().nullable(), files: z.array(DiffFileSchema), additions: z.number().int(), deletions: z.number().int() }),
  },
  /**
   * Merges a completed task's branch into the project's branch in the project folder:
   * fast-forward when possible, else a merge commit. A conflict is reported (`merged: false`,
   * `conflicts` lists the files) and the merge is aborted — never forced. On success the
   * worktree and branch are removed. Errors: NOT_FOUND, INVALID_REQUEST (not completed, in
   * place, already merged or discarded, the project folder is on another branch or has
   * uncommitted changes in the way).
   */
  'tasks.merge': {
    /** `reviewed`: a person read the diff of an `unverified` task (nothing checked it) and merges it anyway. */
    params: z.object({ id, reviewed: z.boolean().default(false) }).strict(),
    result: z.object({
      merged: z.boolean(),
      kind: z.enum(['fast-forward', 'merge-commit', 'conflict']),
      conflicts: z.array(z.string()),
      /** The project branch's new head when merged. */
      commit: z.string().nullable(),
      task: TaskSchema,
    }),
  },
  /** Cancels the task if it runs, then removes its worktree and branch. Errors: NOT_FOUND. */
  'tasks.discard': { params: z.object({ id }).strict(), result: TaskSchema },
  /**
   * The dashboard's task figures, of every project or one. With `since` (ms since the epoch),
   * only tasks not ended before it and gate runs from it on count: a period's figures.
   */
  'tasks.stats': { params: z.object({ projectId: id.optional(), since: z.number().int().nonnegative().optional() }).strict(), result: TaskStatsSchema },
  'tasks.settings': { params: z.object({}).strict(), result: TaskSettingsSchema },
  /** Changes some orchestrator settings; returns all of them. */
  'tasks.setSettings': { params: TaskSettingsPatchSchema, result: TaskSettingsSchema },
} as const;

/** Events of the tasks namespace. */
export const TASKS_EVENTS = {
  /** A task was created or changed (status, phase, agent, iteration, gate result, review). */
  'task.updated': TaskSchema,
} as const;

/** Retrying a finished task, and the notifications of task outcomes. */

/** Outcomes that raise a notification. */
export const TASK_OUTCOMES = ['completed', 'failed', 'unverified', 'switched', 'held', 'budget'] as const;
export const TaskOutcomeSchema = z.enum(TASK_OUTCOMES);
export type TaskOutcome = z.infer<typeof TaskOutcomeSchema>;

export const TASK_RUN_EVENTS = {
  /**
   * A task ended (completed, failed, unverified) or switched agents. Clients show it like a
   * session notification (OS notification in the desktop app, browser notification in the
   * browser), titled with the task's text.
   */
  'task.notify': z.object({
    taskId: z.string(),
    outcome: TaskOutcomeSchema,
    /** The task's text, first line, shortened. */
    title: z.string(),
    /** The result in a sentence (why it failed, which agent took over…). */
    body: z.string(),
    at: z.number(),
  }),
} as const;

export const TASK_RUN_METHODS = {
  /**
   * Runs a failed, cancelled or unverified task again, as the same agent or `agent`.
   * `keepPrevious` (default true): the agent goes on from what the previous attempt left in
   * the worktree, told how it ended; false: the worktree goes back to its base commit first.
   * Errors: NOT_FOUND, INVALID_REQUEST (the task runs, completed, was merged or discarded, or
   * is in place and `keepPrevious` is false), AGENT_UNKNOWN, AGENT_NOT_INSTALLED, AGENT_UNAVAILABLE.
   */
  'tasks.retry': {
    params: z.object({ id: z.string().min(1), agent: z.string().min(1).optional(), keepPrevious: z.boolean().default(true) }).strict(),
    result: TaskSchema,
  },
} as const;
