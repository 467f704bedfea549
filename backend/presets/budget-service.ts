import { BUDGET_THRESHOLDS, CortexError, type BudgetLimit, type BudgetScope, type BudgetStatus, type BudgetThresholds } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { budgetVerdict, type Spend } from './budget-policy.js';

/** Parts of a {@link BudgetService}. */
export interface BudgetServiceDeps {
  db: Db;
  /** The default budget of a project's preset (null limits: none). @throws CortexError NOT_FOUND for an unknown project */
  presetBudget: (projectId: string) => BudgetLimit;
  /** The project of a task, or null when there is no such task. */
  taskProject: (taskId: string) => string | null;
  /** Warning and stop shares; default {@link BUDGET_THRESHOLDS}. */
  thresholds?: BudgetThresholds;
}

/**
 * Budgets per project and per task, and where each stands: limits set by the user
 * (`budgets` table) over the project's preset default (a task has no default: no limit);
 * spend from `cost_tracking` — a project's over all its sessions, a task's over the agent
 * sessions it ran (`task_sessions`) and rows attributed to it. USD is the priced part of the
 * usage (list-price estimate); it is unknown (null) when usage was recorded but none of it
 * could be priced.
 */
export class BudgetService {
  private readonly s;

  constructor(private readonly d: BudgetServiceDeps) {
    const spend = (where: string) =>
      d.db.prepare<Record<string, string>, { usd: number | null; tokens: number | null; priced: number | null; unpriced: number | null }>(
        `SELECT sum(cost_usd) AS usd, sum(input + output + cache_write + cache_read) AS tokens,
           sum(CASE WHEN cost_usd IS NOT NULL THEN 1 ELSE 0 END) AS priced, sum(unpriced) AS unpriced
         FROM cost_tracking WHERE ${where}`,
      );
    this.s = {
      get: d.db.prepare<[string, string], { usd: number | null; tokens: number | null }>('SELECT usd, tokens FROM budgets WHERE scope = ? AND target = ?'),
      put: d.db.prepare<[string, string, number | null, number | null, number]>('INSERT OR REPLACE INTO budgets (scope, target, usd, tokens, at) VALUES (?, ?, ?, ?, ?)'),
      drop: d.db.prepare<[string, string]>('DELETE FROM budgets WHERE scope = ? AND target = ?'),
      project: spend('project_id = @id'),
      task: spend('task_id = @id OR session_id IN (SELECT session_id FROM task_sessions WHERE task_id = @id)'),
    };
  }

  /** A project's budget now. @throws CortexError NOT_FOUND for an unknown project */
  project(projectId: string): BudgetStatus {
    const own = this.s.get.get('project', projectId);
    const preset = this.d.presetBudget(projectId);
    const limit = own ? { usd: own.usd, tokens: own.tokens } : preset;
    const source = own ? 'user' : preset.usd !== null || preset.tokens !== null ? 'preset' : 'none';
    return this.status('project', projectId, limit, source, this.spend('project', projectId));
  }

  /** A task's own budget now (no limit unless set). */
  task(taskId: string): BudgetStatus {
    const own = this.s.get.get('task', taskId);
    const limit = own ? { usd: own.usd, tokens: own.tokens } : { usd: null, tokens: null };
    return this.status('task', taskId, limit, own ? 'user' : 'none', this.spend('task', taskId));
  }

  /**
   * Sets a budget; `usd` and `tokens` both undefined removes the user's budget (a project goes
   * back to its preset's default). A kind left undefined keeps its current limit.
   * @throws CortexError NOT_FOUND for an unknown project or task
   */
  set(scope: BudgetScope, target: string, usd: number | null | undefined, tokens: number | null | undefined, now = Date.now()): BudgetStatus {
    if (scope === 'task' && this.d.taskProject(target) === null) throw new CortexError('NOT_FOUND', `There is no task with id ${target}.`, 'List tasks with `cortex task list`.');
    const current = scope === 'project' ? this.project(target).limit : this.task(target).limit;
    if (usd === undefined && tokens === undefined) this.s.drop.run(scope, target);
    else this.s.put.run(scope, target, usd === undefined ? current.usd : usd, tokens === undefined ? current.tokens : tokens, now);
    return scope === 'project' ? this.project(target) : this.task(target);
  }

  private spend(scope: BudgetScope, id: string): Spend {
    const r = (scope === 'project' ? this.s.project : this.s.task).get({ id });
    const tokens = r?.tokens ?? 0;
    const unknown = (r?.priced ?? 0) === 0 && (r?.unpriced ?? 0) > 0;
    return { usd: unknown ? null : (r?.usd ?? 0), tokens };
  }

  private status(scope: BudgetScope, target: string, limit: BudgetLimit, source: BudgetStatus['source'], spent: Spend): BudgetStatus {
    const j = budgetVerdict(spent, limit, this.d.thresholds ?? BUDGET_THRESHOLDS);
    return { scope, target, limit, source, spent, verdict: j.verdict, share: j.share !== null && Number.isFinite(j.share) ? j.share : null, reason: j.reason, costBasis: 'list-price estimate' };
  }
}
