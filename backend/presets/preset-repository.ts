import { ConfigChangeSchema, PresetBodySchema, type ConfigChange, type PresetBody } from '../contract/index.js';
import type { Db } from '../store/database.js';
import type { FinishedTask } from './preset-policy.js';

/** The scope of the global default in `preset_assignments`. */
export const DEFAULT_SCOPE = '*';

/** A history row before it has an id. */
export type NewChange = Omit<ConfigChange, 'id'>;

/**
 * The presets room's rows: user presets, which preset each project (or `*`) uses, the
 * configuration history, and the preset each task ran under. Prepared statements; one writer.
 */
export class PresetRepository {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      users: db.prepare<[], { id: string; body: string }>('SELECT id, body FROM user_presets ORDER BY created_at, id'),
      user: db.prepare<[string], { id: string; body: string }>('SELECT id, body FROM user_presets WHERE id = ?'),
      putUser: db.prepare<[string, string, number, number]>(
        'INSERT INTO user_presets (id, body, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
      ),
      delUser: db.prepare<[string]>('DELETE FROM user_presets WHERE id = ?'),
      assigned: db.prepare<[string], { preset_id: string }>('SELECT preset_id FROM preset_assignments WHERE scope = ?'),
      scopesOf: db.prepare<[string], { scope: string }>('SELECT scope FROM preset_assignments WHERE preset_id = ?'),
      assign: db.prepare<[string, string, number]>('INSERT OR REPLACE INTO preset_assignments (scope, preset_id, at) VALUES (?, ?, ?)'),
      unassign: db.prepare<[string]>('DELETE FROM preset_assignments WHERE scope = ?'),
      addChange: db.prepare<[number, string, string, string, string | null, string | null, number | null, string]>(
        'INSERT INTO config_history (at, actor, kind, target, old_value, new_value, revert_of, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      change: db.prepare<[number], ChangeRow>('SELECT * FROM config_history WHERE id = ?'),
      changes: db.prepare<[number], ChangeRow>('SELECT * FROM config_history ORDER BY id DESC LIMIT ?'),
      changesOf: db.prepare<[string, number], ChangeRow>('SELECT * FROM config_history WHERE target = ? ORDER BY id DESC LIMIT ?'),
      recordTask: db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO task_presets (task_id, project_id, preset_id, at) VALUES (?, ?, ?, ?)'),
      finished: db.prepare<[string | null, string | null], FinishedRow>(`
        SELECT tp.preset_id AS presetId, t.status AS status, t.started_at AS startedAt, t.ended_at AS endedAt,
          (SELECT SUM(c.cost_usd) FROM cost_tracking c WHERE c.task_id = t.id OR (t.session_id IS NOT NULL AND c.session_id = t.session_id)) AS cost,
          (SELECT COUNT(*) FROM cost_tracking c WHERE (c.task_id = t.id OR (t.session_id IS NOT NULL AND c.session_id = t.session_id)) AND (c.cost_usd IS NULL OR c.unpriced > 0)) AS unknownRows
        FROM task_presets tp JOIN tasks t ON t.id = tp.task_id
        WHERE t.status IN ('completed', 'failed', 'unverified') AND t.started_at IS NOT NULL AND t.ended_at IS NOT NULL
          AND (? IS NULL OR t.project_id = ?)`),
    };
  }

  /** User presets (bodies that no longer pass the schema are left out), oldest first. */
  userPresets(): { id: string; body: PresetBody }[] {
    return this.s.users.all().flatMap((r) => {
      const body = parseBody(r.body);
      return body ? [{ id: r.id, body }] : [];
    });
  }

  userPreset(id: string): PresetBody | null {
    const r = this.s.user.get(id);
    return r ? parseBody(r.body) : null;
  }

  putUserPreset(id: string, body: PresetBody, now: number): void {
    this.s.putUser.run(id, JSON.stringify(body), now, now);
  }

  deleteUserPreset(id: string): void {
    this.s.delUser.run(id);
  }

  /** The preset id assigned to a scope (a project id or {@link DEFAULT_SCOPE}), or null. */
  assigned(scope: string): string | null {
    return this.s.assigned.get(scope)?.preset_id ?? null;
  }

  /** Scopes (project ids, `*`) a preset is assigned to. */
  scopesOf(presetId: string): string[] {
    return this.s.scopesOf.all(presetId).map((r) => r.scope);
  }

  assign(scope: string, presetId: string, now: number): void {
    this.s.assign.run(scope, presetId, now);
  }

  /** Drops a scope's own preset (a project then follows the global default). */
  unassign(scope: string): void {
    this.s.unassign.run(scope);
  }

  /** Appends a history row. @returns it with its id */
  addChange(c: NewChange): ConfigChange {
    const info = this.s.addChange.run(c.at, c.actor, c.kind, c.target, json(c.oldValue), json(c.newValue), c.revertOf, c.summary);
    return { ...c, id: Number(info.lastInsertRowid) };
  }

  change(id: number): ConfigChange | null {
    const r = this.s.change.get(id);
    return r ? toChange(r) : null;
  }

  /** History rows, newest first (rows that fail the schema are left out). */
  changes(limit: number, target?: string): ConfigChange[] {
    const rows = target === undefined ? this.s.changes.all(limit) : this.s.changesOf.all(target, limit);
    return rows.flatMap((r) => {
      const c = toChange(r);
      return c ? [c] : [];
    });
  }

  /** Records the preset a task runs under (the first record wins: a task keeps the preset it was created under). */
  recordTask(taskId: string, projectId: string, presetId: string, now: number): void {
    this.s.recordTask.run(taskId, projectId, presetId, now);
  }

  /**
   * Finished tasks (completed, failed, unverified) with the preset they ran under, their times
   * and the list-price cost of their usage rows (by task id, or the task's agent session);
   * null cost when none is recorded or some of it is unpriced.
   */
  finishedTasks(projectId?: string): FinishedTask[] {
    const p = projectId ?? null;
    return this.s.finished.all(p, p).map((r) => ({
      presetId: r.presetId,
      status: r.status as FinishedTask['status'],
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      costUSD: r.cost === null || r.unknownRows > 0 ? null : r.cost,
    }));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

interface ChangeRow {
  id: number;
  at: number;
  actor: string;
  kind: string;
  target: string;
  old_value: string | null;
  new_value: string | null;
  revert_of: number | null;
  summary: string;
}

interface FinishedRow {
  presetId: string;
  status: string;
  startedAt: number;
  endedAt: number;
  cost: number | null;
  unknownRows: number;
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

function parseBody(text: string): PresetBody | null {
  try {
    const ok = PresetBodySchema.safeParse(JSON.parse(text));
    return ok.success ? ok.data : null;
  } catch {
    return null;
  }
}

function toChange(r: ChangeRow): ConfigChange | null {
  try {
    const ok = ConfigChangeSchema.safeParse({
      id: r.id,
      at: r.at,
      actor: r.actor,
      kind: r.kind,
      target: r.target,
      oldValue: r.old_value === null ? null : JSON.parse(r.old_value),
      newValue: r.new_value === null ? null : JSON.parse(r.new_value),
      revertOf: r.revert_of,
      summary: r.summary,
    });
    return ok.success ? ok.data : null;
  } catch {
    return null;
  }
}
