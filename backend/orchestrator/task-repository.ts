import type { Db } from '../store/database.js';
import { quarantineOf } from '../store/quarantine.js';
import { OutcomeStore } from './outcome-store.js';
import type { QualityGate, QualitySnapshot, RankedAgent, Task, TaskParse, TaskSettings } from '../contract/index.js';
import { TaskSettingsSchema } from '../contract/index.js';

/** The instruction file injected into a task's folder: where, and whether we created it (else we appended a section). */
export interface InjectedGuidelines {
  file: string;
  created: boolean;
}

/** A task row: the contract's Task plus what only the backend needs. */
export interface TaskRecord extends Task {
  parse: TaskParse;
  ranking: RankedAgent[];
  guidelines: InjectedGuidelines | null;
  /** When the task was last run again by `tasks.retry` (ms epoch): its iteration and switch limits count from there. */
  retriedAt: number | null;
}

interface Row {
  id: string;
  project_id: string;
  text: string;
  status: Task['status'];
  phase: Task['phase'];
  intent: Task['intent'];
  domain: Task['domain'];
  complexity: Task['complexity'];
  parse: string;
  ranking: string;
  agent: string;
  agent_chosen: number;
  agents_tried: string;
  iterations: number;
  worktree: string | null;
  branch: string | null;
  base_ref: string | null;
  base_branch: string | null;
  in_place: number;
  commit_sha: string | null;
  session_id: string | null;
  gate_session_id: string | null;
  gate: string | null;
  review: Task['review'];
  guidelines: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  error: string;
  retried_at: number | null;
  held: string;
  held_until: number | null;
}

/** One agent's finished attempts on a project's tasks (for the matcher's history and the stats). */
export interface AttemptRow {
  taskId: string;
  agent: string;
  intent: string;
  domain: string;
  success: boolean;
}

/** Settings keys of the orchestrator in the shared `settings` table. */
const SETTINGS_PREFIX = 'tasks.';

const COLUMNS = [
  'id', 'project_id', 'text', 'status', 'phase', 'intent', 'domain', 'complexity', 'parse', 'ranking', 'agent', 'agent_chosen', 'agents_tried',
  'iterations', 'worktree', 'branch', 'base_ref', 'base_branch', 'in_place', 'commit_sha', 'session_id', 'gate_session_id', 'gate', 'review',
  'guidelines', 'created_at', 'started_at', 'ended_at', 'error', 'retried_at', 'held', 'held_until',
] as const;

/**
 * Tasks, quality gate runs and agent switches in SQLite (migration 6), and the orchestrator's
 * settings (`tasks.*` keys of the settings table). Prepared statements; one writer.
 */
export class TaskRepository {
  private readonly s;

  /** Per-agent outcome history (agent_outcomes), updated as tasks finish. */
  readonly outcomes: OutcomeStore;

  constructor(private readonly db: Db) {
    this.outcomes = new OutcomeStore(db);
    this.s = {
      // An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the cascade
      // would take the task's gate runs and switches with it.
      upsert: db.prepare(
        `INSERT INTO tasks (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')})
         ON CONFLICT(id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`,
      ),
      get: db.prepare<[string], Row>('SELECT * FROM tasks WHERE id = ?'),
      all: db.prepare<[], Row>('SELECT * FROM tasks ORDER BY created_at DESC, rowid DESC'),
      ofProject: db.prepare<[string], Row>('SELECT * FROM tasks WHERE project_id = ? ORDER BY created_at DESC, rowid DESC'),
      byStatus: db.prepare<[string], Row>('SELECT * FROM tasks WHERE status = ? ORDER BY created_at, rowid'),
      addGate: db.prepare(
        `INSERT INTO quality_snapshots (task_id, iteration, agent, command, passed, exit_code, tests_passed, tests_failed, tests_skipped, tests_total, format, quality, duration_ms, session_id, output_tail, at,
           verdict, overall, coverage, type_errors, lint_problems, vulnerabilities, checks, snapshot)
         VALUES (@taskId, @iteration, @agent, @command, @passed, @exitCode, @tp, @tf, @ts, @tt, @format, @quality, @durationMs, @sessionId, @outputTail, @at,
           @verdict, @overall, @coverage, @typeErrors, @lintProblems, @vulnerabilities, @checks, @snapshot)`,
      ),
      gates: db.prepare<[string], Record<string, unknown>>('SELECT * FROM quality_snapshots WHERE task_id = ? ORDER BY iteration, id'),
      addSwitch: db.prepare('INSERT INTO agent_switches (task_id, from_agent, to_agent, reason, at) VALUES (?, ?, ?, ?, ?)'),
      switches: db.prepare<[string], { from_agent: string; to_agent: string; reason: string; at: number }>('SELECT * FROM agent_switches WHERE task_id = ? ORDER BY id'),
      allSwitches: db.prepare<[], { task_id: string; from_agent: string; project_id: string }>(
        'SELECT s.task_id, s.from_agent, t.project_id FROM agent_switches s JOIN tasks t ON t.id = s.task_id',
      ),
      quality: db.prepare<[], { agent: string; project_id: string; intent: string; domain: string; q: number; n: number }>(
        `SELECT q.agent, t.project_id, t.intent, t.domain, AVG(q.quality) AS q, COUNT(*) AS n
         FROM quality_snapshots q JOIN tasks t ON t.id = q.task_id GROUP BY q.agent, t.project_id, t.intent, t.domain`,
      ),
      qualitySince: db.prepare<[number], { agent: string; project_id: string; intent: string; domain: string; q: number; n: number }>(
        `SELECT q.agent, t.project_id, t.intent, t.domain, AVG(q.quality) AS q, COUNT(*) AS n
         FROM quality_snapshots q JOIN tasks t ON t.id = q.task_id WHERE q.at >= ? GROUP BY q.agent, t.project_id, t.intent, t.domain`,
      ),
      settings: db.prepare<[string], { key: string; value: string }>("SELECT key, value FROM settings WHERE key LIKE ? || '%'"),
      putSetting: db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
      addSession: db.prepare<[string, string]>('INSERT OR IGNORE INTO task_sessions (task_id, session_id) VALUES (?, ?)'),
    };
  }

  /** Inserts or replaces the whole row. */
  save(t: TaskRecord): void {
    this.s.upsert.run({
      id: t.id,
      project_id: t.projectId,
      text: t.text,
      status: t.status,
      phase: t.phase,
      intent: t.intent,
      domain: t.domain,
      complexity: t.complexity,
      parse: JSON.stringify(t.parse),
      ranking: JSON.stringify(t.ranking),
      agent: t.agent,
      agent_chosen: t.agentChosen ? 1 : 0,
      agents_tried: JSON.stringify(t.agentsTried),
      iterations: t.iterations,
      worktree: t.worktree,
      branch: t.branch,
      base_ref: t.baseRef,
      base_branch: t.baseBranch,
      in_place: t.inPlace ? 1 : 0,
      commit_sha: t.commit,
      session_id: t.sessionId,
      gate_session_id: t.gateSessionId,
      gate: t.gate ? JSON.stringify(t.gate) : null,
      review: t.review,
      guidelines: t.guidelines ? JSON.stringify(t.guidelines) : null,
      created_at: t.createdAt,
      started_at: t.startedAt,
      ended_at: t.endedAt,
      error: t.error,
      retried_at: t.retriedAt,
      held: t.held,
      held_until: t.heldUntil,
    });
  }

  /** The task, or undefined when there is none or its row cannot be read (see {@link Quarantine}). */
  get(id: string): TaskRecord | undefined {
    return quarantineOf(this.db).readOne('tasks', this.s.get.get(id), (r) => r.id, toRecord);
  }

  /** Newest first; optionally one project's. Rows that cannot be read are skipped. */
  /** The task whose agent session `sessionId` is now, or null. */
  taskOfSession(sessionId: string): string | null {
    const r = this.db.prepare<[string], { id: string }>('SELECT id FROM tasks WHERE session_id = ? ORDER BY created_at DESC LIMIT 1').get(sessionId);
    return r?.id ?? null;
  }

  list(projectId?: string): TaskRecord[] {
    return quarantineOf(this.db).readAll('tasks', projectId === undefined ? this.s.all.all() : this.s.ofProject.all(projectId), (r) => r.id, toRecord);
  }

  /** Oldest first. Rows that cannot be read are skipped. */
  withStatus(status: Task['status']): TaskRecord[] {
    return quarantineOf(this.db).readAll('tasks', this.s.byStatus.all(status), (r) => r.id, toRecord);
  }

  /** Records that an agent session ran for a task (its usage counts toward the task's budget). */
  addSession(taskId: string, sessionId: string): void {
    this.s.addSession.run(taskId, sessionId);
  }

  /** Stores one gate run; `quality` in 0..1. */
  addGate(taskId: string, g: QualityGate, quality: number): void {
    this.s.addGate.run({
      taskId,
      iteration: g.iteration,
      agent: g.agent,
      command: g.command,
      passed: g.passed ? 1 : 0,
      exitCode: g.exitCode,
      tp: g.tests.passed,
      tf: g.tests.failed,
      ts: g.tests.skipped,
      tt: g.tests.total,
      format: g.tests.format,
      quality,
      durationMs: Math.round(g.durationMs),
      sessionId: g.sessionId,
      outputTail: g.outputTail,
      at: g.at,
      verdict: g.snapshot?.verdict ?? null,
      overall: g.snapshot?.overall ?? null,
      coverage: g.snapshot?.coverage ?? null,
      typeErrors: g.snapshot?.typeErrors ?? null,
      lintProblems: g.snapshot?.lintProblems ?? null,
      vulnerabilities: g.snapshot?.vulnerabilities ?? null,
      checks: JSON.stringify(g.checks),
      snapshot: g.snapshot ? JSON.stringify(g.snapshot) : null,
    });
  }

  gates(taskId: string): QualityGate[] {
    return this.s.gates.all(taskId).map((r) => ({
      iteration: r['iteration'] as number,
      agent: r['agent'] as string,
      command: r['command'] as string | null,
      passed: r['passed'] === 1,
      exitCode: r['exit_code'] as number | null,
      tests: {
        passed: r['tests_passed'] as number | null,
        failed: r['tests_failed'] as number | null,
        skipped: r['tests_skipped'] as number | null,
        total: r['tests_total'] as number | null,
        format: r['format'] as string | null,
      },
      durationMs: r['duration_ms'] as number,
      sessionId: r['session_id'] as string | null,
      outputTail: r['output_tail'] as string,
      at: r['at'] as number,
      checks: r['checks'] ? (JSON.parse(r['checks'] as string) as QualityGate['checks']) : [],
      snapshot: r['snapshot'] ? (JSON.parse(r['snapshot'] as string) as QualitySnapshot) : null,
    }));
  }

  addSwitch(taskId: string, from: string, to: string, reason: string, at = Date.now()): void {
    this.s.addSwitch.run(taskId, from, to, reason, at);
  }

  switches(taskId: string): { from: string; to: string; reason: string; at: number }[] {
    return this.s.switches.all(taskId).map((r) => ({ from: r.from_agent, to: r.to_agent, reason: r.reason, at: r.at }));
  }

  /**
   * Every finished attempt: an agent that was switched away from failed its part; the last
   * agent of a completed task succeeded, of a failed one failed. Cancelled tasks do not count.
   */
  attempts(projectId?: string): AttemptRow[] {
    const tasks = this.list(projectId).filter((t) => t.status === 'completed' || t.status === 'failed');
    const byTask = new Map(tasks.map((t) => [t.id, t]));
    const out: AttemptRow[] = [];
    for (const s of this.s.allSwitches.all()) {
      const t = byTask.get(s.task_id);
      if (t) out.push({ taskId: t.id, agent: s.from_agent, intent: t.intent, domain: t.domain, success: false });
    }
    for (const t of tasks) out.push({ taskId: t.id, agent: t.agent, intent: t.intent, domain: t.domain, success: t.status === 'completed' });
    return out;
  }

  /** Mean gate quality per agent, over gate runs of tasks matching `where` (and run from `since` on, ms since the epoch). */
  meanQuality(where: (r: { project_id: string; intent: string; domain: string }) => boolean, since?: number): Map<string, number> {
    const sums = new Map<string, { q: number; n: number }>();
    for (const r of since === undefined ? this.s.quality.all() : this.s.qualitySince.all(since)) {
      if (!where(r)) continue;
      const s = sums.get(r.agent) ?? { q: 0, n: 0 };
      s.q += r.q * r.n;
      s.n += r.n;
      sums.set(r.agent, s);
    }
    return new Map([...sums].map(([a, s]) => [a, s.q / s.n]));
  }

  /** The orchestrator's settings; stored values that fail the schema fall back to defaults. */
  settings(): TaskSettings {
    return { ...TaskSettingsSchema.parse({}), ...this.explicitSettings() };
  }

  /**
   * Only the settings a user set (`tasks.setSettings`) and that pass the schema: what wins over
   * a project's preset. A key never set (or stored in a shape the schema refuses) is absent.
   */
  explicitSettings(): Partial<TaskSettings> {
    const out: Partial<Record<keyof TaskSettings, number>> = {};
    for (const { key, value } of this.s.settings.all(SETTINGS_PREFIX)) {
      const name = key.slice(SETTINGS_PREFIX.length) as keyof TaskSettings;
      if (!Object.hasOwn(TaskSettingsSchema.shape, name)) continue;
      try {
        const one = TaskSettingsSchema.shape[name].safeParse(JSON.parse(value));
        if (one.success) out[name] = one.data;
      } catch {
        /* default applies */
      }
    }
    return out;
  }

  /** Stores the given keys; returns all settings. */
  setSettings(patch: Partial<TaskSettings>): TaskSettings {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) this.s.putSetting.run(SETTINGS_PREFIX + k, JSON.stringify(v));
    return this.settings();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

function toRecord(r: Row): TaskRecord {
  return {
    id: r.id,
    projectId: r.project_id,
    text: r.text,
    status: r.status,
    phase: r.phase,
    intent: r.intent,
    domain: r.domain,
    complexity: r.complexity,
    agent: r.agent,
    agentChosen: r.agent_chosen === 1,
    agentsTried: JSON.parse(r.agents_tried) as string[],
    iterations: r.iterations,
    worktree: r.worktree,
    branch: r.branch,
    baseRef: r.base_ref,
    baseBranch: r.base_branch,
    inPlace: r.in_place === 1,
    commit: r.commit_sha,
    sessionId: r.session_id,
    gateSessionId: r.gate_session_id,
    gate: r.gate ? { checks: [], snapshot: null, ...(JSON.parse(r.gate) as Partial<QualityGate>) } as QualityGate : null,
    review: r.review,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    error: r.error,
    held: r.held ?? '',
    heldUntil: r.held_until ?? null,
    parse: JSON.parse(r.parse) as TaskParse,
    ranking: JSON.parse(r.ranking) as RankedAgent[],
    guidelines: r.guidelines ? (JSON.parse(r.guidelines) as InjectedGuidelines) : null,
    retriedAt: r.retried_at,
  };
}

/** The contract's view of a task record (the backend-only fields left out). */
export function toTask(t: TaskRecord): Task {
  const { parse: _p, ranking: _r, guidelines: _g, retriedAt: _ra, ...task } = t;
  return task;
}
