import { describe, expect, it } from 'vitest';
import { TASK_PHASES } from '../contract/index.js';
import { canTake, IllegalTransitionError, nextPhase, statusOfPhase, TASK_RUN_EVENTS, type TaskPhase, type TaskRunEvent } from './task-phases.js';

/**
 * The legal moves written out one by one (not derived from the table under test): every
 * phase × event pair not listed here must be refused.
 */
const LEGAL: readonly [TaskPhase, TaskRunEvent, TaskPhase][] = [
  ['queued', 'start', 'worktree'],
  ['queued', 'fail', 'done'],
  ['queued', 'cancel', 'done'],
  ['worktree', 'worktreeReady', 'agent'],
  ['worktree', 'requeue', 'queued'],
  ['worktree', 'fail', 'done'],
  ['worktree', 'cancel', 'done'],
  ['agent', 'turnOver', 'gate'],
  ['agent', 'switch', 'switching'],
  ['agent', 'hold', 'queued'],
  ['agent', 'fail', 'done'],
  ['agent', 'cancel', 'done'],
  ['gate', 'retry', 'agent'],
  ['gate', 'switch', 'switching'],
  ['gate', 'commit', 'committing'],
  ['gate', 'regate', 'gate'],
  ['gate', 'hold', 'queued'],
  ['gate', 'fail', 'done'],
  ['gate', 'cancel', 'done'],
  ['switching', 'nextAgent', 'agent'],
  ['switching', 'hold', 'queued'],
  ['switching', 'fail', 'done'],
  ['switching', 'cancel', 'done'],
  ['committing', 'finish', 'done'],
  ['committing', 'regate', 'gate'],
  ['committing', 'fail', 'done'],
  ['committing', 'cancel', 'done'],
  ['done', 'rerun', 'queued'],
];

describe('task-run state machine', () => {
  it('every phase × event pair: the listed moves go where listed, every other one is refused with a clear error', () => {
    let legal = 0;
    for (const from of TASK_PHASES)
      for (const event of TASK_RUN_EVENTS) {
        const expected = LEGAL.find(([f, e]) => f === from && e === event)?.[2];
        if (expected !== undefined) {
          legal++;
          expect(nextPhase(from, event), `${from} --${event}->`).toBe(expected);
          expect(canTake(from, event)).toBe(true);
        } else {
          expect(canTake(from, event), `${from} --${event}-> must be illegal`).toBe(false);
          expect(() => nextPhase(from, event)).toThrow(IllegalTransitionError);
        }
      }
    expect(legal).toBe(LEGAL.length);
  });

  it('the error names the phase, the event and what the phase allows', () => {
    expect(() => nextPhase('agent', 'commit')).toThrow("A task in phase 'agent' cannot take the event 'commit'; in 'agent' only 'turnOver', 'switch', 'hold', 'fail', 'cancel' may happen.");
    const err = (() => {
      try {
        nextPhase('done', 'start');
      } catch (e) {
        return e as IllegalTransitionError;
      }
    })();
    expect(err).toMatchObject({ name: 'IllegalTransitionError', from: 'done', event: 'start' });
  });

  it('a task can end from any phase but done, and only a retry leaves done', () => {
    for (const p of TASK_PHASES) {
      expect(canTake(p, 'fail')).toBe(p !== 'done');
      expect(canTake(p, 'cancel')).toBe(p !== 'done');
    }
    expect(TASK_RUN_EVENTS.filter((e) => canTake('done', e))).toEqual(['rerun']);
  });

  it('only a gate leads to a commit, and every phase is reachable from queued', () => {
    expect(TASK_PHASES.filter((p) => canTake(p, 'commit'))).toEqual(['gate']);
    const seen = new Set<TaskPhase>(['queued']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of [...seen]) for (const e of TASK_RUN_EVENTS) if (canTake(p, e) && !seen.has(nextPhase(p, e))) (seen.add(nextPhase(p, e)), (grew = true));
    }
    expect([...seen].sort()).toEqual([...TASK_PHASES].sort());
  });

  it('the status follows the phase: pending while queued, in progress while it runs', () => {
    expect(statusOfPhase('queued')).toBe('pending');
    for (const p of ['worktree', 'agent', 'gate', 'switching', 'committing'] as const) expect(statusOfPhase(p)).toBe('in_progress');
  });
});
