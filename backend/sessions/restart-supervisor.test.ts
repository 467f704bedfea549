import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../contract/index.js';
import type { PtyExit } from '../pty/pty-process.js';
import { BreakerRegistry } from '../recovery/breaker-registry.js';
import { BREAKER_FAILURE_THRESHOLD, RESUME_GRACE_MS, RESTART_MAX_TRIES } from '../recovery/constants.js';
import { BreakerRepository } from '../store/breaker-repository.js';
import { openDatabase, type Db } from '../store/database.js';
import { tempDir } from '../../test/support/temp.js';
import { RestartSupervisor, type RunFacts, type SupervisedSession } from './restart-supervisor.js';

/** A session as the supervisor sees it, recording what it was told to do. */
class RecordedSession implements SupervisedSession {
  record = { id: 's1', agent: 'claude', restartPolicy: 'on-failure', restarts: 0, restartAt: null, note: '' } as unknown as Session;
  run: RunFacts = { launchedAt: 0, resumeKind: 'fresh', killRequested: false };
  notes: string[] = [];
  logs: Record<string, unknown>[] = [];
  launches: Partial<Session>[] = [];
  ended: { e: PtyExit; note: string; restartAt: number | null }[] = [];
  pending: { delayMs: number; fn: () => void } | null = null;
  failLaunch: Error | null = null;
  note(text: string): void {
    this.notes.push(text);
  }
  log(_kind: 'error', detail: Record<string, unknown>): void {
    this.logs.push(detail);
  }
  launchFresh(extra: Partial<Session>): void {
    if (this.failLaunch) throw this.failLaunch;
    this.launches.push(extra);
    this.record = { ...this.record, ...extra };
  }
  markEnded(e: PtyExit, note: string, restartAt: number | null = null): void {
    this.ended.push({ e, note, restartAt });
  }
  scheduleRestart(delayMs: number, fn: () => void): void {
    this.pending = { delayMs, fn };
  }
  update(patch: Partial<Session>): void {
    this.record = { ...this.record, ...patch };
  }
}

let db: Db;
let cleanup: () => void;
let now = 1_000_000;
let breakers: BreakerRegistry;
let sup: RestartSupervisor;

beforeEach(() => {
  const t = tempDir('cortex-supervisor-');
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'cortex.db'));
  now = 1_000_000;
  breakers = new BreakerRegistry(new BreakerRepository(db), () => {}, () => now);
  sup = new RestartSupervisor(breakers, () => now);
});
afterEach(() => {
  db.close();
  cleanup();
});

const crash: PtyExit = { exitCode: 1, signal: null };

describe('RestartSupervisor: what follows an exit', () => {
  it('restarts a crashed on-failure session after the back-off, then gives up after the last try', () => {
    const s = new RecordedSession();
    for (let tryNo = 1; tryNo <= RESTART_MAX_TRIES; tryNo++) {
      sup.onExit(s, crash);
      expect(s.pending?.delayMs).toBe(1000 * 2 ** (tryNo - 1));
      expect(s.ended.at(-1)).toMatchObject({ restartAt: now + s.pending!.delayMs });
      s.pending!.fn();
      expect(s.launches.at(-1)).toEqual({ restarts: tryNo, note: `restarted (try ${tryNo} of ${RESTART_MAX_TRIES})` });
      s.pending = null;
    }
    sup.onExit(s, crash);
    expect(s.pending).toBeNull();
    expect(s.ended.at(-1)).toMatchObject({ note: `gave up after ${RESTART_MAX_TRIES} restarts`, restartAt: null });
  });

  it('ends a session that exited cleanly, or that the user killed, with no restart and no failure counted', () => {
    const s = new RecordedSession();
    sup.onExit(s, { exitCode: 0, signal: null });
    s.run = { ...s.run, killRequested: true };
    sup.onExit(s, { exitCode: 143, signal: 15 });
    expect(s.pending).toBeNull();
    expect(s.ended.map((x) => x.note)).toEqual(['', '']);
    expect(breakers.view('claude').failures).toBe(0);
  });

  it('starts fresh when a resumed process dies within the grace period', () => {
    const s = new RecordedSession();
    s.run = { launchedAt: now - RESUME_GRACE_MS + 1, resumeKind: 'with-id', killRequested: false };
    sup.onExit(s, crash);
    expect(s.launches).toEqual([{ note: 'resume failed; started fresh' }]);
    expect(s.logs).toEqual([{ reason: 'resume failed', exitCode: 1 }]);
    expect(s.ended).toEqual([]);
  });

  it('says why when the fresh start after a failed resume cannot start', () => {
    const s = new RecordedSession();
    s.run = { launchedAt: now, resumeKind: 'continue', killRequested: false };
    s.failLaunch = new Error('the folder is gone');
    sup.onExit(s, crash);
    expect(s.notes.at(-1)).toBe('could not start: the folder is gone');
    expect(s.ended.at(-1)?.note).toBe('resume failed; could not start fresh: the folder is gone');
  });

  it('does not restart once the breaker opened, and a scheduled restart fails when it opened meanwhile', () => {
    const s = new RecordedSession();
    sup.onExit(s, crash); // failure 1, restart scheduled
    const scheduled = s.pending!;
    for (let i = 1; i < BREAKER_FAILURE_THRESHOLD; i++) breakers.failure('claude');
    expect(breakers.allows('claude')).toBe(false);
    scheduled.fn();
    expect(s.launches).toEqual([]);
    expect(s.record.restartAt).toBeNull();
    expect(s.record.note).toMatch(/^restart failed: claude failed 5 times/);
    expect(() => sup.requireAllows('claude')).toThrow(expect.objectContaining({ code: 'AGENT_UNAVAILABLE' }));
    sup.onExit(s, crash);
    expect(s.ended.at(-1)?.note).toBe('not restarted: the circuit breaker is open');
  });
});
