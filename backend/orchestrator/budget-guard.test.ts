import { describe, expect, it } from 'vitest';
import type { BudgetStatus, BudgetVerdict, EventPayload } from '../contract/index.js';
import { alertsDue, budgetBlock, BudgetWatch, heldForBudget, type BudgetSource } from './budget-guard.js';

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
