import { describe, expect, it } from 'vitest';
import { decideBudget, mayStart } from './budget-policy.js';

describe('decideBudget', () => {
  it('does nothing without a budget', () => {
    expect(decideBudget({}, { usd: 100, tokens: 1e9 }, false)).toEqual({ state: 'unlimited', share: null, action: 'none', reason: 'no budget set' });
  });

  it('is ok below 80 %, alerts once from 80 %, stops at 100 % and beyond', () => {
    const b = { usd: 10 };
    expect(decideBudget(b, { usd: 7.99, tokens: 0 }, false)).toMatchObject({ state: 'ok', action: 'none' });
    expect(decideBudget(b, { usd: 8, tokens: 0 }, false)).toMatchObject({ state: 'alert', action: 'alert', reason: '80 % of the budget spent' });
    expect(decideBudget(b, { usd: 9.5, tokens: 0 }, true)).toMatchObject({ state: 'alert', action: 'none' });
    expect(decideBudget(b, { usd: 10, tokens: 0 }, true)).toMatchObject({ state: 'reached', action: 'stop', reason: 'budget reached (100 %)' });
    expect(decideBudget(b, { usd: 12, tokens: 0 }, false)).toMatchObject({ state: 'reached', action: 'stop', share: 1.2 });
  });

  it('takes the larger share of USD and tokens', () => {
    const b = { usd: 10, tokens: 1000 };
    expect(decideBudget(b, { usd: 1, tokens: 900 }, false)).toMatchObject({ state: 'alert', share: 0.9 });
    expect(decideBudget(b, { usd: 10, tokens: 10 }, false)).toMatchObject({ state: 'reached' });
  });

  it('says a USD budget cannot be enforced when the cost is unknown, once, and still enforces tokens', () => {
    expect(decideBudget({ usd: 5 }, { usd: null, tokens: 50 }, false)).toMatchObject({ state: 'unknown', action: 'alert', share: null });
    expect(decideBudget({ usd: 5 }, { usd: null, tokens: 50 }, true)).toMatchObject({ state: 'unknown', action: 'none' });
    expect(decideBudget({ usd: 5, tokens: 100 }, { usd: null, tokens: 100 }, false)).toMatchObject({
      state: 'reached',
      action: 'stop',
      reason: 'budget reached (100 %); the USD part cannot be measured',
    });
  });

  it('treats a zero budget as reached at once', () => {
    expect(decideBudget({ tokens: 0 }, { usd: 0, tokens: 0 }, false)).toMatchObject({ state: 'reached', action: 'stop', reason: 'budget reached (a zero budget)' });
  });
});

describe('mayStart', () => {
  it('refuses new work only once a budget is known to be spent', () => {
    expect(mayStart({ usd: 10 }, { usd: 9.99, tokens: 0 })).toBe(true);
    expect(mayStart({ usd: 10 }, { usd: 10, tokens: 0 })).toBe(false);
    expect(mayStart({ usd: 10 }, { usd: null, tokens: 0 })).toBe(true);
    expect(mayStart({}, { usd: 1e6, tokens: 1e12 })).toBe(true);
  });
});
