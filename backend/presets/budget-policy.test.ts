import { describe, expect, it } from 'vitest';
import { BUDGET_THRESHOLDS, type BudgetVerdict } from '../contract/index.js';
import { budgetVerdict } from './budget-policy.js';

const none = { usd: null, tokens: null };

describe('budgetVerdict', () => {
  it('is ok with no budget set, whatever was spent', () => {
    expect(budgetVerdict({ usd: 1e6, tokens: 1e12 }, none)).toEqual({ verdict: 'ok', share: null, reason: 'no budget set' });
    expect(budgetVerdict({ usd: null, tokens: 0 }, none).verdict).toBe('ok');
  });

  it('USD: ok below the warning share, warn from it, stop at the limit and beyond', () => {
    const b = { usd: 2, tokens: null };
    expect(budgetVerdict({ usd: 1.59, tokens: 0 }, b)).toEqual({ verdict: 'ok', share: 0.795, reason: '79 % of the budget spent: $1.59 of $2.00 (estimate at list price)' });
    expect(budgetVerdict({ usd: 1.6, tokens: 0 }, b)).toEqual({ verdict: 'warn', share: 0.8, reason: '80 % of the budget spent: $1.60 of $2.00 (estimate at list price)' });
    expect(budgetVerdict({ usd: 2, tokens: 0 }, b)).toEqual({ verdict: 'stop', share: 1, reason: 'budget reached: $2.00 of $2.00 (estimate at list price)' });
    expect(budgetVerdict({ usd: 2.04, tokens: 0 }, b)).toMatchObject({ verdict: 'stop', reason: 'budget reached: $2.04 of $2.00 (estimate at list price)' });
  });

  it('tokens: the same thresholds, counted in tokens', () => {
    const b = { usd: null, tokens: 2_000_000 };
    expect(budgetVerdict({ usd: 0, tokens: 1_640_000 }, b)).toEqual({ verdict: 'warn', share: 0.82, reason: '82 % of the token budget spent: 1,640,000 of 2,000,000 tokens' });
    expect(budgetVerdict({ usd: 0, tokens: 2_000_000 }, b).reason).toBe('token budget reached: 2,000,000 of 2,000,000 tokens');
  });

  it('with both limits, the larger share decides and is the one named', () => {
    const b = { usd: 10, tokens: 1000 };
    expect(budgetVerdict({ usd: 1, tokens: 900 }, b)).toMatchObject({ verdict: 'warn', share: 0.9, reason: '90 % of the token budget spent: 900 of 1,000 tokens' });
    expect(budgetVerdict({ usd: 10, tokens: 10 }, b)).toMatchObject({ verdict: 'stop', reason: 'budget reached: $10.00 of $10.00 (estimate at list price)' });
    expect(budgetVerdict({ usd: 1, tokens: 10 }, b)).toMatchObject({ verdict: 'ok', share: 0.1 });
  });

  it('an unknown cost cannot be checked against a USD limit, and says so; tokens are still checked', () => {
    expect(budgetVerdict({ usd: null, tokens: 50 }, { usd: 5, tokens: null })).toEqual({
      verdict: 'ok',
      share: null,
      reason: 'the cost is unknown (unpriced model or subscription), so the USD budget cannot be checked',
    });
    expect(budgetVerdict({ usd: null, tokens: 100 }, { usd: 5, tokens: 100 })).toMatchObject({
      verdict: 'stop',
      reason: 'token budget reached: 100 of 100 tokens; the cost is unknown (unpriced model or subscription), so the USD budget cannot be checked',
    });
  });

  it('a zero budget is reached at once, even before anything is spent', () => {
    expect(budgetVerdict({ usd: 0, tokens: 0 }, { usd: 0, tokens: null })).toMatchObject({ verdict: 'stop', share: Infinity, reason: 'budget reached: $0.00 of $0.00 (estimate at list price)' });
    expect(budgetVerdict({ usd: 0, tokens: 0 }, { usd: null, tokens: 0 }).verdict).toBe('stop');
  });

  it('takes its thresholds as data', () => {
    const t = { warn: 0.5, stop: 0.9 };
    expect(budgetVerdict({ usd: 0.5, tokens: 0 }, { usd: 1, tokens: null }, t).verdict).toBe('warn');
    expect(budgetVerdict({ usd: 0.9, tokens: 0 }, { usd: 1, tokens: null }, t).verdict).toBe('stop');
    expect(BUDGET_THRESHOLDS).toEqual({ warn: 0.8, stop: 1 });
  });

  it('every share maps to exactly one verdict, monotonically', () => {
    const order: BudgetVerdict[] = ['ok', 'warn', 'stop'];
    let last = 0;
    for (let cents = 0; cents <= 300; cents++) {
      const v = budgetVerdict({ usd: cents / 100, tokens: 0 }, { usd: 2, tokens: null }).verdict;
      expect(order.indexOf(v)).toBeGreaterThanOrEqual(last);
      last = order.indexOf(v);
      expect(v).toBe(cents >= 200 ? 'stop' : cents >= 160 ? 'warn' : 'ok');
    }
  });
});
