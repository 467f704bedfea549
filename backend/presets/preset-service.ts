import {
  CortexError,
  DEFAULT_PRESET_ID,
  MIN_EFFECT_TASKS,
  type ConfigActor,
  type ConfigChange,
  type EffectiveConfig,
  type Preset,
  type PresetBody,
  type PresetEffect,
  type PresetGate,
  type PresetMatcher,
  type TaskSettings,
} from '../contract/index.js';
import type { Db } from '../store/database.js';
import { BUILTIN_PRESETS, checkPresetBody, expectedEffects, isBuiltin, resolveEffective, revertAction, type ExplicitSettings } from './preset-policy.js';
import { DEFAULT_SCOPE, PresetRepository, type NewChange } from './preset-repository.js';

/** What the preset service needs of the rest of the backend. */
export interface PresetServiceDeps {
  db: Db;
  /** Throws CortexError NOT_FOUND for an unknown project id; returns its name otherwise. */
  projectName: (projectId: string) => string;
  /** Agent profile ids of this installation (preferred agents must be among them). */
  knownAgents: () => string[];
  /** Settings set explicitly for a project (null: the global default), which win over the preset. */
  explicit: (projectId: string | null) => ExplicitSettings;
  /** Publishes `presets.changed`. */
  publish: (change: ConfigChange) => void;
  now?: () => number;
}

/**
 * Presets and per-project configuration: the built-in presets (data) and the user's, which
 * one each project uses (or the global default), the configuration history with revert, and
 * the expected effect of a preset from this installation's finished tasks.
 *
 * The orchestrator reads a project's configuration through {@link effective} (and the narrow
 * {@link matchConfig}, {@link gateOf}, {@link taskSettings} built on the same resolution).
 */
export class PresetService {
  private readonly repo: PresetRepository;
  private readonly now: () => number;

  constructor(private readonly d: PresetServiceDeps) {
    this.repo = new PresetRepository(d.db);
    this.now = d.now ?? Date.now;
  }

  /** Every preset, built-in first, and the global default's id. */
  list(): { presets: Preset[]; defaultPresetId: string } {
    const users = this.repo.userPresets().map(({ id, body }): Preset => ({ ...body, id, builtin: false }));
    return { presets: [...BUILTIN_PRESETS.map((p) => structuredClone(p)), ...users], defaultPresetId: this.defaultPresetId() };
  }

  /** @throws CortexError NOT_FOUND */
  get(id: string): Preset {
    const p = this.find(id);
    if (!p) throw new CortexError('NOT_FOUND', `There is no preset ${JSON.stringify(id)}.`, 'List presets with `cortex preset list`.');
    return p;
  }

  /** Creates a user preset. @throws CortexError INVALID_REQUEST (id taken, a built-in id, a bad body) */
  create(id: string, body: PresetBody, actor: ConfigActor): Preset {
    if (this.find(id)) throw new CortexError('INVALID_REQUEST', `A preset ${id} exists already${isBuiltin(id) ? ' (built-in)' : ''}.`, 'Pick another id.');
    const checked = checkPresetBody(body, this.d.knownAgents());
    const preset: Preset = { ...checked, id, builtin: false };
    this.record({ kind: 'create', target: id, oldValue: null, newValue: preset, summary: `created preset ${id}` }, actor, () => this.repo.putUserPreset(id, checked, this.now()));
    return preset;
  }

  /** Replaces a user preset's body. @throws CortexError NOT_FOUND, INVALID_REQUEST (built-in, bad body) */
  update(id: string, body: PresetBody, actor: ConfigActor): Preset {
    const old = this.userOnly(id, 'edited');
    const checked = checkPresetBody(body, this.d.knownAgents());
    const preset: Preset = { ...checked, id, builtin: false };
    this.record({ kind: 'update', target: id, oldValue: old, newValue: preset, summary: `edited preset ${id}` }, actor, () => this.repo.putUserPreset(id, checked, this.now()));
    return preset;
  }

  /** Deletes a user preset nothing uses. @throws CortexError NOT_FOUND, INVALID_REQUEST (built-in, in use) */
  delete(id: string, actor: ConfigActor): void {
    const old = this.userOnly(id, 'deleted');
    this.refuseInUse(id);
    this.record({ kind: 'delete', target: id, oldValue: old, newValue: null, summary: `deleted preset ${id}` }, actor, () => this.repo.deleteUserPreset(id));
  }

  /**
   * Applies a preset to a project, or (projectId undefined) makes it the global default.
   * @returns the project's (or the default's) effective configuration
   * @throws CortexError NOT_FOUND (project or preset)
   */
  apply(projectId: string | undefined, presetId: string, actor: ConfigActor): EffectiveConfig {
    const scope = projectId ?? DEFAULT_SCOPE;
    const where = projectId === undefined ? 'the global default' : `project ${this.d.projectName(projectId)}`;
    this.get(presetId);
    const old = projectId === undefined ? this.defaultPresetId() : this.repo.assigned(scope);
    if (old !== presetId || this.repo.assigned(scope) === null) {
      this.record({ kind: 'apply', target: scope, oldValue: old, newValue: presetId, summary: `${where}: ${old ?? `(default ${this.defaultPresetId()})`} → ${presetId}` }, actor, () => this.repo.assign(scope, presetId, this.now()));
    }
    return this.effective(projectId ?? null);
  }

  /**
   * The seam the orchestrator and the quality gate read: what a project runs with (its
   * preset, or the global default's, with explicit settings over it). `null` or an id no
   * project has (a folder not added yet) gives the global default.
   */
  effective(projectId: string | null): EffectiveConfig {
    const { preset, source } = this.presetFor(projectId);
    return resolveEffective(preset, source, projectId, this.d.explicit(projectId));
  }

  /** The matcher's weights and preferred agents for a project (its preset's; nothing overrides them). */
  matchConfig(projectId: string): PresetMatcher {
    return this.presetFor(projectId || null).preset.matcher;
  }

  /** The project's preset gate before the project's own quality settings (which the quality service lays over it). */
  gateOf(projectId: string): PresetGate {
    return this.presetFor(projectId).preset.gate;
  }

  /** The orchestrator's limits for a task of a project (explicit orchestrator settings over the preset). */
  taskSettings(projectId: string): TaskSettings {
    return { ...this.effective(projectId).tasks };
  }

  /** Records the preset a new task runs under (once per task). */
  recordTask(taskId: string, projectId: string): void {
    this.repo.recordTask(taskId, projectId, this.presetFor(projectId).preset.id, this.now());
  }

  /** Per preset: how its finished tasks went here (or in one project), with "not enough history" below {@link MIN_EFFECT_TASKS}. */
  expectedEffect(projectId?: string): { minTasks: number; effects: PresetEffect[] } {
    if (projectId !== undefined) this.d.projectName(projectId);
    return { minTasks: MIN_EFFECT_TASKS, effects: expectedEffects(this.list().presets.map((p) => p.id), this.repo.finishedTasks(projectId)) };
  }

  /** The configuration history, newest first. */
  history(limit: number, target?: string): ConfigChange[] {
    return this.repo.changes(limit, target);
  }

  /**
   * Undoes one change; the revert is a change of its own (with `revertOf`).
   * @returns the new history row
   * @throws CortexError NOT_FOUND (no such change, or a preset it would apply is gone), INVALID_REQUEST (cannot be undone)
   */
  revert(changeId: number, actor: ConfigActor): ConfigChange {
    const c = this.repo.change(changeId);
    if (!c) throw new CortexError('NOT_FOUND', `There is no configuration change ${changeId}.`, 'List changes with `cortex preset history`.');
    const action = revertAction(c);
    if (action.kind === 'apply') {
      const scope = action.target;
      const to = action.presetId ?? (scope === DEFAULT_SCOPE ? DEFAULT_PRESET_ID : null);
      if (to !== null) this.get(to);
      const old = scope === DEFAULT_SCOPE ? this.defaultPresetId() : this.repo.assigned(scope);
      const where = scope === DEFAULT_SCOPE ? 'the global default' : (safeName(this.d.projectName, scope) ?? `project ${scope}`);
      const summary = `undid change ${c.id}: ${where} ${to === null ? `follows the global default (${this.defaultPresetId()}) again` : `back to ${to}`}`;
      return this.record({ kind: 'apply', target: scope, oldValue: old, newValue: to, revertOf: c.id, summary }, actor, () => (to === null ? this.repo.unassign(scope) : this.repo.assign(scope, to, this.now())));
    }
    const current = this.find(action.presetId);
    if (current?.builtin) throw new CortexError('INVALID_REQUEST', `${action.presetId} is a built-in preset now, so change ${c.id} cannot be undone.`, 'Copy the preset instead.');
    if (action.preset === null) {
      if (!current) throw new CortexError('INVALID_REQUEST', `Preset ${action.presetId} is already gone.`, 'Nothing to undo.');
      this.refuseInUse(action.presetId);
      return this.record({ kind: 'delete', target: action.presetId, oldValue: current, newValue: null, revertOf: c.id, summary: `undid change ${c.id}: deleted preset ${action.presetId}` }, actor, () => this.repo.deleteUserPreset(action.presetId));
    }
    const { id: _id, builtin: _b, ...body } = action.preset;
    const checked = checkPresetBody(body, this.d.knownAgents());
    return this.record({ kind: current ? 'update' : 'create', target: action.presetId, oldValue: current, newValue: action.preset, revertOf: c.id, summary: `undid change ${c.id}: preset ${action.presetId} as before` }, actor, () =>
      this.repo.putUserPreset(action.presetId, checked, this.now()),
    );
  }

  private defaultPresetId(): string {
    const id = this.repo.assigned(DEFAULT_SCOPE);
    return id !== null && this.find(id) ? id : DEFAULT_PRESET_ID;
  }

  private presetFor(projectId: string | null): { preset: Preset; source: EffectiveConfig['source'] } {
    const own = projectId ? this.repo.assigned(projectId) : null;
    const preset = own !== null ? this.find(own) : null;
    if (preset) return { preset, source: 'project' };
    return { preset: this.find(this.defaultPresetId())!, source: 'default' };
  }

  private find(id: string): Preset | null {
    const builtin = BUILTIN_PRESETS.find((p) => p.id === id);
    if (builtin) return structuredClone(builtin);
    const body = this.repo.userPreset(id);
    return body ? { ...body, id, builtin: false } : null;
  }

  private userOnly(id: string, what: string): Preset {
    const p = this.get(id);
    if (p.builtin) throw new CortexError('INVALID_REQUEST', `${id} is a built-in preset and cannot be ${what}.`, `Copy it under a new id (\`cortex preset copy ${id} <new-id>\` or Copy in the UI) and change the copy.`);
    return p;
  }

  private refuseInUse(id: string): void {
    const scopes = this.repo.scopesOf(id).filter((s) => s !== DEFAULT_SCOPE || this.defaultPresetId() === id);
    if (!scopes.length) return;
    const names = scopes.map((s) => (s === DEFAULT_SCOPE ? 'the global default' : safeName(this.d.projectName, s))).filter((n): n is string => n !== null);
    if (!names.length) return;
    throw new CortexError('INVALID_REQUEST', `Preset ${id} is in use (${names.join(', ')}).`, 'Apply another preset there first.');
  }

  private record(c: Omit<NewChange, 'at' | 'actor' | 'revertOf'> & { revertOf?: number }, actor: ConfigActor, change: () => void): ConfigChange {
    const row = this.repo.transaction(() => {
      change();
      return this.repo.addChange({ ...c, at: this.now(), actor, revertOf: c.revertOf ?? null });
    });
    this.d.publish(row);
    return row;
  }
}

/** A project's name, or null when the project is gone (its assignment row is left behind). */
function safeName(projectName: (id: string) => string, id: string): string | null {
  try {
    return `project ${projectName(id)}`;
  } catch {
    return null;
  }
}
