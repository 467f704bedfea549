import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { applyOutcome, EMPTY_STATS, historyScore, HISTORY_PRIOR, type OutcomeStats, type TaskOutcome } from './outcome-history.js';
import { OutcomeStore } from './outcome-store.js';

const ok: TaskOutcome = { passed: true, iterations: 1, switched: false, durationMs: 120_000, costUsd: 0.4 };
const bad: TaskOutcome = { passed: false, iterations: 3, switched: true, durationMs: 600_000, costUsd: null };

/** A fake history: `passed` of `tasks` attempts folded through the update rule. */
function history(passed: number, tasks: number): OutcomeStats {
  let s: OutcomeStats | undefined;
  for (let i = 0; i < tasks; i++) s = applyOutcome(s, i < passed ? ok : bad);
  return s ?? EMPTY_STATS;
}

describe('outcome update rule', () => {
  it('adds one attempt: passes, gate runs, switches, time, and cost only when known', () => {
    const s = applyOutcome(applyOutcome(undefined, ok), bad);
    expect(s).toEqual({ tasks: 2, passed: 1, iterations: 4, switches: 1, durationMs: 720_000, costUsd: 0.4, costKnown: 1 });
  });

  it('reads nonsense in an outcome as 0 instead of corrupting the history', () => {
    const s = applyOutcome(undefined, { passed: false, iterations: -2, switched: false, durationMs: Number.NaN, costUsd: -1 });
    expect(s).toEqual({ tasks: 1, passed: 0, iterations: 0, switches: 0, durationMs: 0, costUsd: 0, costKnown: 0 });
  });
});

describe('history score', () => {
  const score = (intent: OutcomeStats, domain: OutcomeStats = EMPTY_STATS) => historyScore({ intent, domain }, 'fix', 'backend');

  it('says what the record is: "passed 7 of 9 fix tasks in this project"', () => {
    const r = score(history(7, 9));
    expect(r.reasons[0]).toBe('passed 7 of 9 fix tasks in this project');
    expect(r.reasons.join(' ')).toMatch(/gate runs and \d+ (min|s) per attempt, \$0\.40 each/);
    expect(r.value).toBeCloseTo((7 + 1) / (9 + 2) + HISTORY_PRIOR.exploration / Math.sqrt(10), 3);
  });

  it('starts a new agent at the prior plus the exploration bonus, above a mediocre record', () => {
    const fresh = score(EMPTY_STATS);
    expect(fresh.value).toBeCloseTo(0.5 + HISTORY_PRIOR.exploration, 5);
    expect(fresh.reasons[0]).toMatch(/no fix or backend task here yet: prior 0.50/);
    expect(fresh.value).toBeGreaterThan(score(history(5, 10)).value);
    // ... but below an agent that keeps passing.
    expect(fresh.value).toBeLessThan(score(history(9, 10)).value);
  });

  it('moves with evidence: one failure moves less than ten, and the bonus fades', () => {
    expect(score(history(0, 1)).value).toBeGreaterThan(score(history(0, 10)).value);
    expect(score(history(10, 10)).value).toBeGreaterThan(score(history(1, 1)).value);
    const bonus = (n: number) => score(history(n, n)).reasons.at(-1);
    expect(bonus(0)).toBe('exploration +0.10 (fewer attempts, larger)');
    expect(bonus(24)).toBe('exploration +0.02 (fewer attempts, larger)');
  });

  it('counts the same domain at half weight, and says so', () => {
    const withDomain = score(EMPTY_STATS, history(0, 4));
    expect(withDomain.value).toBeCloseTo((0 + 1) / (2 + 2) + HISTORY_PRIOR.exploration / Math.sqrt(3), 3);
    expect(withDomain.reasons[0]).toBe('passed 0 of 4 other backend tasks here');
  });

  it('stays within 0..1', () => {
    for (const [p, n] of [[0, 0], [0, 50], [50, 50]] as const) {
      const v = score(history(p, n)).value;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });
});

describe('outcome store (SQLite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('persists outcomes per project, agent, intent and domain, and reads an agent\'s record for a task', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-outcomes-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'cortex.db'));
    const store = new OutcomeStore(db);
    const key = { projectId: 'p1', agent: 'claude', intent: 'fix', domain: 'backend' };
    store.record(key, ok, 1);
    store.record(key, bad, 2);
    store.record({ ...key, domain: 'frontend' }, ok, 3);
    store.record({ ...key, intent: 'docs' }, ok, 4); // same domain, other intent
    store.record({ ...key, intent: 'docs', domain: 'docs' }, bad, 5); // neither
    store.record({ ...key, projectId: 'p2' }, ok, 6); // another project
    db.close();
    const again = new OutcomeStore(openDatabase(join(dir, 'cortex.db')));
    const r = again.records('p1', 'fix', 'backend').get('claude')!;
    expect(r.intent).toMatchObject({ tasks: 3, passed: 2 });
    expect(r.domain).toMatchObject({ tasks: 1, passed: 1 });
    expect(historyScore(r, 'fix', 'backend').reasons[0]).toBe('passed 2 of 3 fix tasks in this project');
    expect(again.records('p3', 'fix', 'backend').size).toBe(0);
  });
});
