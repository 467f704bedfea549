import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { BREAKER_HALF_OPEN_AFTER_MS, BREAKER_WINDOW_MS } from './constants.js';
import { planResume } from './resume.js';

describe('CircuitBreaker', () => {
  it('opens after 5 failures within 10 minutes, half-opens after 60 s, closes on a success', () => {
    const b = new CircuitBreaker();
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) b.failure(t0 + i * 1000);
    expect(b.view(t0 + 4000).state).toBe('closed');
    expect(b.failure(t0 + 5000)).toBe(true);
    expect(b.view(t0 + 5000)).toMatchObject({ state: 'open', failures: 5, openedAt: t0 + 5000, retryAt: t0 + 5000 + BREAKER_HALF_OPEN_AFTER_MS });
    expect(b.allows(t0 + 5000 + BREAKER_HALF_OPEN_AFTER_MS - 1)).toBe(false);
    expect(b.allows(t0 + 5000 + BREAKER_HALF_OPEN_AFTER_MS)).toBe(true);
    expect(b.view(t0 + 5000 + BREAKER_HALF_OPEN_AFTER_MS).state).toBe('half-open');
    expect(b.success(t0 + 70_000)).toBe(true);
    expect(b.view(t0 + 70_000)).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('a failure while half-open opens it again at once', () => {
    const b = new CircuitBreaker();
    for (let i = 0; i < 5; i++) b.failure(i);
    const later = 4 + BREAKER_HALF_OPEN_AFTER_MS;
    expect(b.view(later).state).toBe('half-open');
    b.failure(later + 1);
    expect(b.view(later + 1)).toMatchObject({ state: 'open', openedAt: later + 1 });
  });

  it('forgets failures older than the window', () => {
    const b = new CircuitBreaker();
    for (let i = 0; i < 4; i++) b.failure(i);
    b.failure(BREAKER_WINDOW_MS + 10);
    expect(b.view(BREAKER_WINDOW_MS + 10)).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('round-trips through its record (kept across restarts)', () => {
    const b = new CircuitBreaker();
    for (let i = 0; i < 5; i++) b.failure(i);
    const again = new CircuitBreaker(b.record);
    expect(again.view(10).state).toBe('open');
  });
});

describe('planResume', () => {
  const spec = { withId: ['--resume', '{id}'], continue: ['--continue'] };
  it('prefers the stored agent session id, then the continue form, then fresh', () => {
    expect(planResume(spec, 'abc-123')).toEqual({ args: ['--resume', 'abc-123'], kind: 'with-id' });
    expect(planResume(spec, null)).toEqual({ args: ['--continue'], kind: 'continue' });
    expect(planResume({ continue: ['resume', '--last'] }, 'x')).toEqual({ args: ['resume', '--last'], kind: 'continue' });
    expect(planResume(undefined, 'x')).toEqual({ args: [], kind: 'fresh' });
    expect(planResume(spec, 'abc', true)).toEqual({ args: [], kind: 'fresh' });
  });
});
