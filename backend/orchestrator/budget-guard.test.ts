import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BudgetStatus, BudgetVerdict, EventPayload } from '../contract/index.js';
import { BudgetAlertRepository } from '../store/budget-alert-repository.js';
import { openDatabase } from '../store/database.js';
import { tempDir } from '../../test/support/temp.js';
import { alertsDue, budgetBlock, budgetLimitKey, BudgetWatch, heldForBudget, type BudgetSource } from './budget-guard.js';

const status = (scope: BudgetStatus['scope'], target: string, verdict: BudgetVerdict, reason = `${verdict} reason`): BudgetStatus => ({
  scope,
  target,
  limit: { usd: 2, tokens: null },
  source: 'user',
  spent: { usd: 1, tokens: 0 },
  verdict,
  share: 0.5,
  reason,
  costBasis: 'list-price estimate',
});

/** A budget source whose verdicts the test sets (the real one reads SQLite; see budget-orchestrator.test.ts). */
function source(): BudgetSource & { verdicts: Map<string, BudgetVerdict> } {
  const verdicts = new Map<string, BudgetVerdict>();
  return {
    verdicts,
    project: (id) => status('project', id, verdicts.get(`project:${id}`) ?? 'ok'),
    task: (id) => status('task', id, verdicts.get(`task:${id}`) ?? 'ok'),
  };
}

describe('alertsDue', () => {
  it('raises warn once, stop once, nothing while ok', () => {
    expect(alertsDue('ok', new Set())).toEqual([]);
    expect(alertsDue('warn', new Set())).toEqual(['warn']);
    expect(alertsDue('warn', new Set(['warn']))).toEqual([]);
    expect(alertsDue('stop', new Set(['warn']))).toEqual(['stop']);
    expect(alertsDue('stop', new Set(['warn', 'stop']))).toEqual([]);
    expect(alertsDue('ok', new Set(['warn', 'stop']))).toEqual([]);
  });
  it('a spend that jumps past the limit raises only the stop', () => {
    expect(alertsDue('stop', new Set())).toEqual(['stop']);
  });
});

describe('budgetBlock', () => {
  it('the task budget first, then the project; null while neither is at its limit or without budgets', () => {
    const src = source();
    const t = { id: 't1', projectId: 'p1' };
    expect(budgetBlock(undefined, t)).toBeNull();
    expect(budgetBlock(src, t)).toBeNull();
    src.verdicts.set('project:p1', 'warn');
    expect(budgetBlock(src, t)).toBeNull();
    src.verdicts.set('project:p1', 'stop');
    expect(budgetBlock(src, t)).toMatchObject({ scope: 'project', target: 'p1' });
    src.verdicts.set('task:t1', 'stop');
    expect(budgetBlock(src, t)).toMatchObject({ scope: 'task', target: 't1' });
  });
  it('a project that cannot be read blocks nothing', () => {
    const src: BudgetSource = { task: (id) => status('task', id, 'ok'), project: () => { throw new Error('gone'); } };
    expect(budgetBlock(src, { id: 't', projectId: 'x' })).toBeNull();
  });
  it('the held sentence says what was reached and how to go on', () => {
    expect(heldForBudget(status('project', 'p1', 'stop', 'budget reached: $2.25 of $2.00 (estimate at list price)'))).toBe(
      'budget reached: $2.25 of $2.00 (estimate at list price) (project budget); raise it to go on: cortex budget set project p1 --usd <amount>',
    );
  });
});

describe('BudgetWatch', () => {
  it('alerts each budget once per level across polls, for the task and its project, and again after it went back to ok', () => {
    const src = source();
    const alerts: EventPayload<'budget.alert'>[] = [];
    const running = [{ id: 't1', projectId: 'p1' }, { id: 't2', projectId: 'p1' }];
    const w = new BudgetWatch({ source: src, running: () => running, alert: (a) => alerts.push(a), now: () => 1000 });
    w.check();
    expect(alerts).toEqual([]);
    src.verdicts.set('project:p1', 'warn');
    w.check();
    w.check();
    expect(alerts.map((a) => `${a.scope}:${a.target}:${a.verdict}`)).toEqual(['project:p1:warn']);
    expect(alerts[0]).toMatchObject({ projectId: 'p1', taskId: 't1', reason: 'warn reason', at: 1000 });
    src.verdicts.set('task:t2', 'stop');
    src.verdicts.set('project:p1', 'stop');
    w.check();
    w.check();
    expect(alerts.map((a) => `${a.scope}:${a.target}:${a.verdict}`)).toEqual(['project:p1:warn', 'project:p1:stop', 'task:t2:stop']);
    // Raised by the user: back to ok, and a later warning is news again.
    src.verdicts.set('project:p1', 'ok');
    w.check();
    src.verdicts.set('project:p1', 'warn');
    w.check();
    expect(alerts.at(-1)).toMatchObject({ scope: 'project', verdict: 'warn' });
    expect(alerts).toHaveLength(4);
  });
});

describe('BudgetWatch with its alerts kept in SQLite', () => {
  /** A source whose verdict and USD limit of project p1 the test sets. */
  function limitSource(): BudgetSource & { verdict: BudgetVerdict; usd: number } {
    const src = {
      verdict: 'ok' as BudgetVerdict,
      usd: 2,
      project: (id: string): BudgetStatus => ({ ...status('project', id, src.verdict), limit: { usd: src.usd, tokens: null } }),
      task: (id: string) => status('task', id, 'ok'),
    };
    return src;
  }

  it('raises an alert once across restarts (a new watch and connection on the same file); a new budget value re-arms it; a kept stop still stops the turn', () => {
    const t = tempDir('budget-alerts-');
    try {
      const file = join(t.dir, 'cortex.sqlite');
      const src = limitSource();
      const running = () => [{ id: 't1', projectId: 'p1' }];
      const run = () => {
        const db = openDatabase(file);
        const alerts: string[] = [];
        const reached: string[] = [];
        const w = new BudgetWatch({ source: src, running, ledger: new BudgetAlertRepository(db), alert: (a) => alerts.push(`${a.target}:${a.verdict}`), reached: (a) => reached.push(`${a.target}:${a.verdict}`), now: () => 1000 });
        return { db, w, alerts, reached };
      };

      let r = run();
      src.verdict = 'warn';
      r.w.check();
      r.w.check();
      expect(r.alerts).toEqual(['p1:warn']);
      r.db.close();

      // A restart: nothing raised twice.
      r = run();
      r.w.check();
      expect(r.alerts).toEqual([]);

      // The budget raised from $2 to $2.10 while the spend stays past 80 %: a new value, a new warning, once.
      src.usd = 2.1;
      r.w.check();
      r.w.check();
      expect(r.alerts).toEqual(['p1:warn']);

      // At the limit: the stop once; after a restart it is not raised again, but the running turn is still stopped.
      src.verdict = 'stop';
      r.w.check();
      expect(r.alerts).toEqual(['p1:warn', 'p1:stop']);
      expect(r.reached).toEqual([]);
      r.db.close();
      r = run();
      r.w.check();
      expect(r.alerts).toEqual([]);
      expect(r.reached).toEqual(['p1:stop']);

      // Back within the budget: its alerts are forgotten, whatever their value.
      src.verdict = 'ok';
      r.w.check();
      expect(new BudgetAlertRepository(r.db).raised('project', 'p1', budgetLimitKey({ usd: 2.1, tokens: null }))).toEqual(new Set());
      r.db.close();
    } finally {
      t.cleanup();
    }
  });

  it('names one budget value by its limits', () => {
    expect(budgetLimitKey({ usd: 2, tokens: null })).toBe('usd=2;tokens=-');
    expect(budgetLimitKey({ usd: null, tokens: 500_000 })).toBe('usd=-;tokens=500000');
  });
});
