import {
  BUILTIN_PRESET_IDS,
  CortexError,
  MIN_EFFECT_TASKS,
  PresetBodySchema,
  PresetFileSchema,
  type ConfigChange,
  type EffectiveConfig,
  type Preset,
  type PresetBody,
  type PresetEffect,
  type ProjectQuality,
  type TaskSettings,
} from '../contract/index.js';
import builtinFile from './builtin-presets.json' with { type: 'json' };

/**
 * The built-in presets (`builtin-presets.json`), checked against the contract's schema once at
 * load; the ids must be exactly {@link BUILTIN_PRESET_IDS}, in that order.
 * @throws ZodError / Error at import when the data file is malformed (a build defect, caught by the tests)
 */
export const BUILTIN_PRESETS: readonly Preset[] = loadBuiltins(builtinFile);

/** Parses the built-in presets file. @throws ZodError (a field), Error (ids not the built-in list) */
export function loadBuiltins(file: unknown): Preset[] {
  const presets = PresetFileSchema.parse(file).presets.map((p) => ({ ...p, builtin: true }));
  const ids = presets.map((p) => p.id);
  if (ids.join() !== BUILTIN_PRESET_IDS.join()) throw new Error(`builtin-presets.json must hold ${BUILTIN_PRESET_IDS.join(', ')} in that order, not ${ids.join(', ')}`);
  return presets;
}

/** True for the id of a built-in preset. */
export function isBuiltin(id: string): boolean {
  return (BUILTIN_PRESET_IDS as readonly string[]).includes(id);
}

/**
 * Checks a user preset's body beyond its schema: every preferred agent is a known profile.
 * @param knownAgents agent profile ids of this installation
 * @throws CortexError INVALID_REQUEST naming the field and what to do
 */
export function checkPresetBody(body: PresetBody, knownAgents: readonly string[]): PresetBody {
  const parsed = PresetBodySchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new CortexError('INVALID_REQUEST', `The preset's ${first.path.join('.') || 'body'} is not valid: ${first.message}.`, 'Fix that field and save again.');
  }
  const unknown = parsed.data.matcher.preferredAgents.filter((a) => !knownAgents.includes(a));
  if (unknown.length) throw new CortexError('INVALID_REQUEST', `The preset prefers ${unknown.join(', ')}, which is no agent profile here.`, `Use profile ids from \`cortex agents\` (${knownAgents.join(', ')}).`);
  if (new Set(parsed.data.matcher.preferredAgents).size !== parsed.data.matcher.preferredAgents.length) throw new CortexError('INVALID_REQUEST', 'The preset lists a preferred agent twice.', 'List each agent once, most preferred first.');
  return parsed.data;
}

/** Settings a user set explicitly, which win over the preset (see {@link resolveEffective}). */
export interface ExplicitSettings {
  /** Keys set by `quality.setChecks` for the project. */
  quality: Partial<Pick<ProjectQuality, 'threshold' | 'blocking'>>;
  /** Keys set by `tasks.setSettings` (app-wide: they win over every project's preset). */
  tasks: Partial<TaskSettings>;
}

/**
 * What a project runs with: the preset's values, with explicit settings over them.
 * Precedence: explicit setting > preset > built-in defaults (the `balanced` preset equals the
 * built-in defaults). Each value taken from an explicit setting is listed in `overrides`.
 * @param projectId null for the global default
 */
export function resolveEffective(preset: Preset, source: EffectiveConfig['source'], projectId: string | null, explicit: ExplicitSettings): EffectiveConfig {
  const overrides: EffectiveConfig['overrides'] = [];
  const gate = { threshold: preset.gate.threshold, checks: [...preset.gate.checks], blocking: [...preset.gate.blocking] };
  if (explicit.quality.threshold !== undefined && explicit.quality.threshold !== gate.threshold) {
    gate.threshold = explicit.quality.threshold;
    overrides.push({ field: 'gate.threshold', value: gate.threshold, from: 'quality settings' });
  }
  if (explicit.quality.blocking !== undefined && explicit.quality.blocking.join() !== gate.blocking.join()) {
    gate.blocking = [...explicit.quality.blocking];
    overrides.push({ field: 'gate.blocking', value: gate.blocking, from: 'quality settings' });
  }
  const tasks = { maxIterations: preset.maxIterations, maxSwitches: preset.maxSwitches, parallelLimit: preset.parallelLimit, turnTimeoutSec: preset.turnTimeoutSec };
  for (const k of ['maxIterations', 'maxSwitches', 'parallelLimit', 'turnTimeoutSec'] as const) {
    const v = explicit.tasks[k];
    if (v !== undefined && v !== tasks[k]) {
      tasks[k] = v;
      overrides.push({ field: `tasks.${k}`, value: v, from: 'orchestrator settings' });
    }
  }
  return {
    projectId,
    presetId: preset.id,
    presetName: preset.name,
    source,
    matcher: structuredClone(preset.matcher),
    gate,
    tasks,
    budgets: { ...preset.budgets },
    overrides,
  };
}

/** One finished task as the expected-effect calculation reads it. Times in ms, cost in USD. */
export interface FinishedTask {
  presetId: string;
  status: 'completed' | 'failed' | 'unverified';
  startedAt: number;
  endedAt: number;
  /** List-price cost of the task's sessions; null when unknown (no record, unpriced, subscription). */
  costUSD: number | null;
}

/**
 * Per preset, how its tasks went: success rate (completed / finished), mean time per task and
 * mean cost per task (over tasks with a known cost). Figures only where a preset has at least
 * `minTasks` finished tasks; otherwise null with a note saying how many there are.
 */
export function expectedEffects(presetIds: readonly string[], tasks: readonly FinishedTask[], minTasks = MIN_EFFECT_TASKS): PresetEffect[] {
  return presetIds.map((presetId) => {
    const mine = tasks.filter((t) => t.presetId === presetId);
    const n = mine.length;
    const costs = mine.map((t) => t.costUSD).filter((c): c is number => c !== null);
    if (n < minTasks) {
      return { presetId, tasks: n, enough: false, successRate: null, averageDurationMs: null, averageCostUSD: null, costKnownTasks: costs.length, note: `not enough history: ${n} finished task${n === 1 ? '' : 's'} under this preset, ${minTasks} needed` };
    }
    const completed = mine.filter((t) => t.status === 'completed').length;
    const averageCostUSD = costs.length ? round(costs.reduce((a, c) => a + c, 0) / costs.length, 4) : null;
    return {
      presetId,
      tasks: n,
      enough: true,
      successRate: round(completed / n, 3),
      averageDurationMs: Math.round(mine.reduce((a, t) => a + Math.max(0, t.endedAt - t.startedAt), 0) / n),
      averageCostUSD,
      costKnownTasks: costs.length,
      note: `from ${n} finished tasks${averageCostUSD === null ? '; cost unknown (no priced usage recorded for them)' : costs.length < n ? `; cost from the ${costs.length} with a known cost` : ''}`,
    };
  });
}

/**
 * What undoing a change does: apply a preset id again (null: the project has no preset of its
 * own again and follows the global default), or put a user preset back as it was (null: delete it).
 */
export type RevertAction = { kind: 'apply'; target: string; presetId: string | null } | { kind: 'restore'; presetId: string; preset: Preset | null };

/**
 * How to undo one history row: an `apply` goes back to the old preset (a project that had none
 * follows the global default again); a `create` deletes the preset; an `update` or `delete`
 * restores the old body. @throws CortexError INVALID_REQUEST when a row cannot be undone (no old value to go back to)
 */
export function revertAction(c: Pick<ConfigChange, 'id' | 'kind' | 'target' | 'oldValue'>): RevertAction {
  if (c.kind === 'apply') return { kind: 'apply', target: c.target, presetId: typeof c.oldValue === 'string' ? c.oldValue : null };
  if (c.kind === 'create') return { kind: 'restore', presetId: c.target, preset: null };
  if (c.oldValue === null || typeof c.oldValue === 'string') throw new CortexError('INVALID_REQUEST', `Change ${c.id} kept no earlier version of preset ${c.target}, so it cannot be undone.`, 'Edit the preset instead.');
  return { kind: 'restore', presetId: c.target, preset: c.oldValue };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
