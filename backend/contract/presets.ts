import * as z from 'zod';
import { TASK_SETTING_LIMITS as L } from './limits.js';
import { CheckKindSchema } from './quality.js';
import { IdSchema, OkSchema } from './schema-parts.js';

/**
 * Presets and per-project configuration: schemas, methods and events of the presets
 * namespace. A preset is data (matcher weights, preferred agents, task limits, gate checks and
 * threshold, turn time limit, default budgets); one applies to each project, with a global
 * default. Every change is a row of the configuration history and can be reverted.
 *
 * Errors: `NOT_FOUND` (no such preset, project or history entry), `INVALID_REQUEST` (a
 * built-in preset edited or deleted, an id taken, a preset still applied somewhere deleted,
 * a change that cannot be reverted).
 */

/** The built-in presets, in the order they are listed. Read-only; a user copies one to change it. */
export const BUILTIN_PRESET_IDS = ['balanced', 'cost_optimized', 'quality_first', 'speed'] as const;
/** The preset of a project when neither it nor the global default names one. */
export const DEFAULT_PRESET_ID = 'balanced';
/** Finished tasks under a preset before its expected effect is shown (fewer: "not enough history"). */
export const MIN_EFFECT_TASKS = 5;
/** Who made a configuration change: the renderer, the `cortex` CLI, or any other API caller. */
export const CONFIG_ACTORS = ['ui', 'cli', 'api'] as const;
export const ConfigActorSchema = z.enum(CONFIG_ACTORS);
export type ConfigActor = z.infer<typeof ConfigActorSchema>;

/** A preset id: lower-case letters, digits, `_` and `-`, 2..40 chars, starting with a letter. */
export const PresetIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a preset id is 2 to 40 lower-case letters, digits, _ or -, starting with a letter');

const share = z.number().min(0).max(1);

/**
 * Weights of the agent score's parts (each 0..1, together 1): capability, context fit,
 * history (outcomes here), specialization, and preference (the preset's preferred agents).
 */
export const MatcherWeightsSchema = z
  .object({ capability: share, context: share, history: share, specialization: share, preference: share })
  .strict()
  .refine((w) => Math.abs(w.capability + w.context + w.history + w.specialization + w.preference - 1) <= 0.001, { message: 'the matcher weights must add up to 1' });
export type MatcherWeights = z.infer<typeof MatcherWeightsSchema>;

/** How the matcher ranks agents under a preset. */
export const PresetMatcherSchema = z
  .object({
    weights: MatcherWeightsSchema,
    /** Agent profile ids, most preferred first: the first scores 1 on preference, each next one less. */
    preferredAgents: z.array(IdSchema.max(100)).max(10),
  })
  .strict();
export type PresetMatcher = z.infer<typeof PresetMatcherSchema>;

/** The quality gate under a preset: which check kinds run, which fail it whatever the score, and the pass threshold. */
export const PresetGateSchema = z
  .object({
    /** 0..1: the overall score a gate run needs. */
    threshold: share,
    /** Check kinds the gate runs (a kind left out runs only when the project names a command for it). */
    checks: z.array(CheckKindSchema).min(1),
    /** Kinds whose failure fails the gate whatever the score (`tests` always does). */
    blocking: z.array(CheckKindSchema),
  })
  .strict()
  .refine((g) => new Set(g.checks).size === g.checks.length, { message: 'a check kind is listed twice' })
  .refine((g) => g.blocking.every((k) => g.checks.includes(k)), { message: 'every blocking kind must be among the checks' });
export type PresetGate = z.infer<typeof PresetGateSchema>;

/** Budgets a project starts with under a preset: USD (list-price estimate) and tokens; null = no limit. */
export const PresetBudgetsSchema = z
  .object({ usd: z.number().positive().max(1_000_000).nullable(), tokens: z.number().int().positive().nullable() })
  .strict();

/** What a preset sets (everything but its id). */
export const PresetBodySchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    description: z.string().max(500),
    matcher: PresetMatcherSchema,
    /** Gate runs an agent gets before a switch. */
    maxIterations: z.number().int().min(L.maxIterations[0]).max(L.maxIterations[1]),
    /** Agent switches per task before it fails. */
    maxSwitches: z.number().int().min(L.maxSwitches[0]).max(L.maxSwitches[1]),
    /**
     * Tasks of one project running at once. All projects together run at most the app-wide
     * `tasks.settings` parallelLimit when the user set one (it then wins over every preset);
     * else the built-in default, or the largest limit among the projects with work when higher.
     */
    parallelLimit: z.number().int().min(L.parallelLimit[0]).max(L.parallelLimit[1]),
    gate: PresetGateSchema,
    /** Longest an agent's turn may run, seconds (0: no limit). */
    turnTimeoutSec: z.number().int().min(L.turnTimeoutSec[0]).max(L.turnTimeoutSec[1]),
    budgets: PresetBudgetsSchema,
  })
  .strict();
export type PresetBody = z.infer<typeof PresetBodySchema>;

/** A preset: built-in (read-only) or the user's. */
export const PresetSchema = PresetBodySchema.extend({ id: PresetIdSchema, builtin: z.boolean() }).strict();
export type Preset = z.infer<typeof PresetSchema>;

/** The shape of the built-in presets data file. */
export const PresetFileSchema = z.object({ presets: z.array(PresetBodySchema.extend({ id: PresetIdSchema }).strict()).min(1) }).strict();

/** A value the preset leaves to an explicit setting: which field, the value in use, and where it was set. */
export const ConfigOverrideSchema = z.object({
  /** Dotted field of {@link EffectiveConfigSchema} (`gate.threshold`, `tasks.maxIterations`). */
  field: z.string(),
  value: z.union([z.number(), z.string(), z.array(z.string())]),
  /** Where it was set (`quality settings`, `orchestrator settings`). */
  from: z.string(),
});

/**
 * What a project runs with: its preset (its own, or the global default), with explicit
 * settings over it. Precedence: an explicit setting (`quality.setChecks` threshold or blocking
 * kinds, `tasks.setSettings` limits) > the preset > built-in defaults.
 */
export const EffectiveConfigSchema = z.object({
  /** null: the global default (no project). */
  projectId: z.string().nullable(),
  presetId: z.string(),
  presetName: z.string(),
  /** `project`: applied to this project; `default`: the global default. */
  source: z.enum(['project', 'default']),
  matcher: PresetMatcherSchema,
  gate: PresetGateSchema,
  tasks: z.object({ maxIterations: z.number().int(), maxSwitches: z.number().int(), parallelLimit: z.number().int(), turnTimeoutSec: z.number().int() }),
  budgets: PresetBudgetsSchema,
  overrides: z.array(ConfigOverrideSchema),
});
export type EffectiveConfig = z.infer<typeof EffectiveConfigSchema>;

/** Kinds of configuration change: a preset applied (to a project or as the default), a user preset created, edited or deleted. */
export const CONFIG_CHANGE_KINDS = ['apply', 'create', 'update', 'delete'] as const;

/**
 * One row of the configuration history. `target`: the project id, `*` for the global
 * default (apply), or the preset id (create, update, delete). Values: a preset id (apply) or
 * the whole preset (create, update, delete); null where there was none (for a project: no
 * preset of its own, so it follows the global default).
 */
export const ConfigChangeSchema = z.object({
  id: z.number().int(),
  /** ms since the epoch. */
  at: z.number().int(),
  actor: ConfigActorSchema,
  kind: z.enum(CONFIG_CHANGE_KINDS),
  target: z.string(),
  oldValue: z.union([z.string(), PresetSchema]).nullable(),
  newValue: z.union([z.string(), PresetSchema]).nullable(),
  /** The change this one reverted, or null. */
  revertOf: z.number().int().nullable(),
  /** One line for people: what changed. */
  summary: z.string(),
});
export type ConfigChange = z.infer<typeof ConfigChangeSchema>;

/**
 * The record of tasks that ran under one preset in this installation (finished: completed,
 * failed or unverified). Figures are null where there is not enough history.
 */
export const PresetEffectSchema = z.object({
  presetId: z.string(),
  /** Finished tasks under it. */
  tasks: z.number().int(),
  /** True when `tasks` ≥ {@link MIN_EFFECT_TASKS}. */
  enough: z.boolean(),
  /** completed / finished, 0..1. */
  successRate: z.number().min(0).max(1).nullable(),
  /** Mean of endedAt − startedAt, ms. */
  averageDurationMs: z.number().nonnegative().nullable(),
  /** Mean list-price cost per task over tasks with a known cost, USD; null when none is known. */
  averageCostUSD: z.number().nonnegative().nullable(),
  /** Tasks whose cost is known (the mean is over these). */
  costKnownTasks: z.number().int(),
  /** What to make of it, e.g. `not enough history: 2 finished tasks, 5 needed`. */
  note: z.string(),
});
export type PresetEffect = z.infer<typeof PresetEffectSchema>;

const via = { via: ConfigActorSchema.default('api') };
const projectScope = { projectId: IdSchema.optional() };

/** Methods of the presets namespace. */
export const PRESETS_METHODS = {
  /** Every preset (built-in first) and the global default's id. */
  'presets.list': { params: z.object({}).strict(), result: z.object({ presets: z.array(PresetSchema), defaultPresetId: z.string() }) },
  /** One preset. */
  'presets.get': { params: z.object({ id: z.string().min(1) }).strict(), result: PresetSchema },
  /** Creates a user preset (a copy of a built-in one is created with its body). */
  'presets.create': { params: z.object({ id: PresetIdSchema, body: PresetBodySchema, ...via }).strict(), result: PresetSchema },
  /** Replaces a user preset's body (built-in presets are read-only). */
  'presets.update': { params: z.object({ id: z.string().min(1), body: PresetBodySchema, ...via }).strict(), result: PresetSchema },
  /** Deletes a user preset that no project (and not the default) uses. */
  'presets.delete': { params: z.object({ id: z.string().min(1), ...via }).strict(), result: OkSchema },
  /** Applies a preset to a project, or (without projectId) makes it the global default. Returns the effective configuration. */
  'presets.apply': { params: z.object({ ...projectScope, presetId: z.string().min(1), ...via }).strict(), result: EffectiveConfigSchema },
  /** What a project (or, without projectId, the global default) runs with. */
  'presets.effective': { params: z.object(projectScope).strict(), result: EffectiveConfigSchema },
  /** Per preset: how tasks under it went in this installation (or one project). */
  'presets.expectedEffect': {
    params: z.object(projectScope).strict(),
    result: z.object({ minTasks: z.number().int(), effects: z.array(PresetEffectSchema) }),
  },
  /** The configuration history, newest first; optionally of one target (project id, `*`, preset id). */
  'presets.history': {
    params: z.object({ target: z.string().min(1).optional(), limit: z.number().int().min(1).max(1_000).default(100) }).strict(),
    result: z.object({ changes: z.array(ConfigChangeSchema) }),
  },
  /** Undoes one change (a revert is itself recorded); returns the new history row. */
  'presets.revert': { params: z.object({ changeId: z.number().int().positive(), ...via }).strict(), result: ConfigChangeSchema },
} as const;

/** Events of the presets namespace. */
export const PRESETS_EVENTS = {
  /** A configuration change was recorded (apply, create, update, delete, or a revert of one). */
  'presets.changed': ConfigChangeSchema,
} as const;
