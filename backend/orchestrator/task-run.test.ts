import { describe, expect, it } from 'vitest';
import { checkRetry, decideAfterGate, retryPrompt, type AfterGateInput } from './task-run.js';

const base: AfterGateInput = { verdict: 'failed', agent: 'a', runsWithAgent: 1, maxIterations: 3, switchesUsed: 0, maxSwitches: 2, nextAgent: 'b' };

describe('decideAfterGate', () => {
  it('passed completes, whatever the counters', () => {
    expect(decideAfterGate({ ...base, verdict: 'passed', runsWithAgent: 9, switchesUsed: 9, nextAgent: null })).toEqual({ kind: 'complete' });
  });
  it('unverified ends unverified at once: no retry, no switch', () => {
    expect(decideAfterGate({ ...base, verdict: 'unverified' }).kind).toBe('unverified');
    expect(decideAfterGate({ ...base, verdict: 'unverified', runsWithAgent: 3 }).kind).toBe('unverified');
  });
  it('failed retries while the agent has runs left', () => {
    expect(decideAfterGate(base)).toEqual({ kind: 'retry' });
    expect(decideAfterGate({ ...base, runsWithAgent: 2 })).toEqual({ kind: 'retry' });
  });
  it('failed with no run left switches to the next agent', () => {
    const d = decideAfterGate({ ...base, runsWithAgent: 3 });
    expect(d).toMatchObject({ kind: 'switch', to: 'b' });
    expect(d.kind === 'switch' && d.reason).toBe('quality gate failed 3 time(s) with a; switching to the next-ranked agent b');
  });
  it('fails when the switches are used up, or no agent is left', () => {
    expect(decideAfterGate({ ...base, runsWithAgent: 3, switchesUsed: 2 })).toEqual({ kind: 'fail', reason: 'quality gate failed 3 time(s) with a; 2 agent switch(es) allowed and used' });
    expect(decideAfterGate({ ...base, runsWithAgent: 3, nextAgent: null })).toEqual({ kind: 'fail', reason: 'quality gate failed 3 time(s) with a; no other eligible agent to switch to' });
    expect(decideAfterGate({ ...base, runsWithAgent: 1, maxIterations: 1, maxSwitches: 0 }).kind).toBe('fail');
  });
  it('a fail after a turn stopped at the turn limit names that limit; a retry or a switch is decided as without it', () => {
    expect(decideAfterGate({ ...base, runsWithAgent: 2, maxIterations: 2, maxSwitches: 0, turnStoppedAtSec: 2 })).toEqual({
      kind: 'fail',
      reason: 'quality gate failed 2 time(s) with a; 0 agent switch(es) allowed and used; its last turn ran past the 2 s turn limit and was stopped',
    });
    expect(decideAfterGate({ ...base, runsWithAgent: 3, nextAgent: null, turnStoppedAtSec: 900 })).toEqual({
      kind: 'fail',
      reason: 'quality gate failed 3 time(s) with a; no other eligible agent to switch to; its last turn ran past the 900 s turn limit and was stopped',
    });
    expect(decideAfterGate({ ...base, runsWithAgent: 3, switchesUsed: 2, turnStoppedAtSec: null })).toEqual({ kind: 'fail', reason: 'quality gate failed 3 time(s) with a; 2 agent switch(es) allowed and used' });
    expect(decideAfterGate({ ...base, turnStoppedAtSec: 2 })).toEqual({ kind: 'retry' });
    expect(decideAfterGate({ ...base, runsWithAgent: 3, turnStoppedAtSec: 2 })).toMatchObject({ kind: 'switch', to: 'b' });
  });
  it('a reached budget holds instead of a retry or a switch; a pass, unverified or a fail still end', () => {
    const budgetReached = 'budget reached: $2.25 of $2.00';
    expect(decideAfterGate({ ...base, budgetReached })).toEqual({ kind: 'hold', reason: budgetReached });
    expect(decideAfterGate({ ...base, runsWithAgent: 3, budgetReached })).toEqual({ kind: 'hold', reason: budgetReached });
    expect(decideAfterGate({ ...base, verdict: 'passed', budgetReached })).toEqual({ kind: 'complete' });
    expect(decideAfterGate({ ...base, verdict: 'unverified', budgetReached }).kind).toBe('unverified');
    expect(decideAfterGate({ ...base, runsWithAgent: 3, switchesUsed: 2, budgetReached }).kind).toBe('fail');
    expect(decideAfterGate({ ...base, budgetReached: null })).toEqual({ kind: 'retry' });
  });
  it('covers every verdict × limit combination with exactly one decision', () => {
    for (const verdict of ['passed', 'failed', 'unverified'] as const)
      for (const runsWithAgent of [1, 2, 3])
        for (const switchesUsed of [0, 1, 2])
          for (const nextAgent of ['b', null]) {
            const d = decideAfterGate({ ...base, verdict, runsWithAgent, switchesUsed, nextAgent });
            const expected = verdict === 'passed' ? 'complete' : verdict === 'unverified' ? 'unverified' : runsWithAgent < 3 ? 'retry' : switchesUsed < 2 && nextAgent ? 'switch' : 'fail';
            expect(d.kind, JSON.stringify({ verdict, runsWithAgent, switchesUsed, nextAgent })).toBe(expected);
          }
  });
});

describe('retry', () => {
  const t = { id: 't1', status: 'failed' as const, review: 'open' as const, inPlace: false, text: 'Fix it', agent: 'a', error: 'gate failed' };
  it('only failed, cancelled or unverified tasks still open for review; in place only going on', () => {
    for (const status of ['failed', 'cancelled', 'unverified'] as const) expect(() => checkRetry({ ...t, status }, true)).not.toThrow();
    for (const status of ['pending', 'in_progress', 'completed'] as const) expect(() => checkRetry({ ...t, status }, true)).toThrow(/only a failed, cancelled or unverified task/);
    expect(() => checkRetry({ ...t, review: 'merged' }, true)).toThrow(/was merged/);
    expect(() => checkRetry({ ...t, inPlace: true }, false)).toThrow(/in-place task has no base commit/);
  });
  it('going on tells the agent how the last attempt ended; starting over is the text alone', () => {
    expect(retryPrompt(t, true)).toBe('Fix it\n\nContext: a previous attempt by a failed (gate failed). Its changes are in this folder: go on from them.');
    expect(retryPrompt({ ...t, status: 'unverified', error: '' }, true)).toContain('a previous attempt by a ended unverified. Its changes');
    expect(retryPrompt(t, false)).toBe('Fix it');
  });
});
