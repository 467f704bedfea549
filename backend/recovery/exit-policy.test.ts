import { describe, expect, it } from 'vitest';
import { decideExit, type ExitFacts } from './exit-policy.js';

const base: ExitFacts = {
  exitCode: 0,
  signal: null,
  killRequested: false,
  ranForMs: 60_000,
  resumeKind: 'fresh',
  restartPolicy: 'never',
  restarts: 0,
  breakerAllows: true,
};

describe('decideExit', () => {
  it('a clean exit ends the session and counts for the breaker', () => {
    expect(decideExit(base)).toEqual({ breaker: 'success', action: 'end', note: '' });
  });

  it('a stop the user asked for is no failure, whatever the code', () => {
    expect(decideExit({ ...base, exitCode: 143, signal: 15, killRequested: true, ranForMs: 100 })).toEqual({ breaker: 'none', action: 'end', note: '' });
  });

  it('a resumed process that fails at once starts fresh; later it does not', () => {
    expect(decideExit({ ...base, exitCode: 1, resumeKind: 'with-id', ranForMs: 500 })).toMatchObject({ action: 'fresh-start', breaker: 'failure' });
    expect(decideExit({ ...base, exitCode: 1, resumeKind: 'continue', ranForMs: 10_000 })).toMatchObject({ action: 'end' });
  });

  it('on-failure restarts after 1 s, 2 s, 4 s and gives up after 3 tries', () => {
    const f = { ...base, exitCode: 2, restartPolicy: 'on-failure' as const, ranForMs: 50 };
    expect([0, 1, 2].map((restarts) => decideExit({ ...f, restarts }))).toMatchObject([
      { action: 'restart', delayMs: 1000, tries: 1 },
      { action: 'restart', delayMs: 2000, tries: 2 },
      { action: 'restart', delayMs: 4000, tries: 3 },
    ]);
    expect(decideExit({ ...f, restarts: 3 })).toEqual({ breaker: 'failure', action: 'end', note: 'gave up after 3 restarts' });
    expect(decideExit({ ...f, breakerAllows: false })).toMatchObject({ action: 'end', note: /circuit breaker is open/ });
    expect(decideExit({ ...f, signal: 9 }).action).toBe('restart');
  });
});
