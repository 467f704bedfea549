import { describe, expect, it } from 'vitest';
import { heldLook, statusLook } from './task-format';

describe('heldLook and the status of a held task', () => {
  it('nothing holds a task with no reason', () => {
    expect(heldLook({ held: '', heldUntil: null })).toBeNull();
    expect(statusLook({ status: 'pending', phase: 'queued', held: '', heldUntil: null })).toEqual({ label: 'Pending · queued', icon: 'schedule', tone: 'neutral' });
  });
  it('a budget hold (no end time) says the budget was reached, with the amounts', () => {
    const held = 'budget reached: $2.25 of $2.00 (estimate at list price) (project budget); raise it to go on: cortex budget set project p1 --usd <amount>';
    expect(heldLook({ held, heldUntil: null })).toEqual({ kind: 'budget', icon: 'savings', title: 'Budget reached', text: held });
    expect(statusLook({ status: 'pending', phase: 'queued', held, heldUntil: null })).toMatchObject({ label: 'Pending · budget reached', tone: 'warn' });
  });
  it('a quota hold (an end time) says it waits for the reset', () => {
    const held = 'claude: quota reached (usage limit), resets at 2026-12-07 15:00 UTC';
    expect(heldLook({ held, heldUntil: 1 })).toMatchObject({ kind: 'quota', title: 'Waiting for the quota to reset', text: held });
    expect(statusLook({ status: 'pending', phase: 'queued', held, heldUntil: 1 })).toMatchObject({ label: 'Pending · quota wait', icon: 'hourglass_top' });
  });
});
