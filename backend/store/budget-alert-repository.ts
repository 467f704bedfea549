import type { Db } from './database.js';

/** An alert level of a budget. */
export type BudgetAlertLevel = 'warn' | 'stop';

/**
 * Rows of `budget_alerts`: the alerts already raised per budget (scope and target) and budget
 * value (`limitKey`, the budget's limits in words), kept across restarts so an alert is raised
 * once. A new budget value has no rows, so raising a budget re-arms its alerts.
 */
export class BudgetAlertRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      raised: db.prepare<[string, string, string], { level: string }>('SELECT level FROM budget_alerts WHERE scope = ? AND target = ? AND limit_key = ?'),
      add: db.prepare<[string, string, string, string, number]>('INSERT OR IGNORE INTO budget_alerts (scope, target, limit_key, level, at) VALUES (?, ?, ?, ?, ?)'),
      forget: db.prepare<[string, string]>('DELETE FROM budget_alerts WHERE scope = ? AND target = ?'),
    };
  }

  /** The levels already raised for this budget value. */
  raised(scope: string, target: string, limitKey: string): Set<BudgetAlertLevel> {
    return new Set(this.s.raised.all(scope, target, limitKey).map((r) => r.level).filter((l): l is BudgetAlertLevel => l === 'warn' || l === 'stop'));
  }

  /** Records that `level` was raised for this budget value (at: ms since the epoch). */
  add(scope: string, target: string, limitKey: string, level: BudgetAlertLevel, at: number): void {
    this.s.add.run(scope, target, limitKey, level, at);
  }

  /** Forgets every alert of a budget, whatever its value (its spend went back within it). */
  forget(scope: string, target: string): void {
    this.s.forget.run(scope, target);
  }
}
