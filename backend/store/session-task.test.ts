import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../contract/index.js';
import { tempDir } from '../../test/support/temp.js';
import { openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { SessionRepository } from './session-repository.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function tempFile(): string {
  const t = tempDir('cortex-session-task-');
  cleanups.push(t.cleanup);
  return join(t.dir, 'cortex.sqlite');
}

/** The migration that gives sessions their task id and role (found by what it does, not by its number). */
const TASK_MIGRATION = MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN task_id'));

function session(id: string, patch: Partial<Session> = {}): Session {
  return {
    id, projectId: 'p', agent: 'shell', argv: ['/bin/bash'], cwd: '/demo', state: 'exited', stateSince: 2, stateSource: 'process', stateReason: '',
    seen: true, startedAt: 2, endedAt: 3, exitCode: 0, signal: null, pid: null, cols: 80, rows: 24, title: '', restoredAt: null,
    restartPolicy: 'never', restarts: 0, restartAt: null, agentSessionId: null, note: '', name: '', taskId: null, taskRole: null, ...patch,
  };
}

/** The task a session was started for, and its role there, are part of the stored session record. */
describe('the task of a session in the store', () => {
  it('is saved with the session, read back after the database is opened again, and set once', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.prepare("INSERT INTO projects (id, name, path, created_at) VALUES ('p', 'demo', '/demo', 1)").run();
    const repo = new SessionRepository(db);
    repo.save(session('agent', { taskId: 't1', taskRole: 'agent' }));
    repo.save(session('gate', { taskId: 't1', taskRole: 'gate' }));
    repo.save(session('own'));
    // A later save of the record cannot move the session to another task.
    repo.save(session('agent', { taskId: null, taskRole: null, state: 'idle' }));
    db.close();

    const again = openDatabase(file);
    const sessions = new SessionRepository(again).list();
    expect(sessions.map((s) => [s.id, s.state, s.taskId, s.taskRole])).toEqual([
      ['agent', 'idle', 't1', 'agent'],
      ['gate', 'exited', 't1', 'gate'],
      ['own', 'exited', null, null],
    ]);
    again.close();
  });

  it("gives the sessions of an older file their task from the task records (agent attempts, gate runs), and the user's own none", () => {
    expect(TASK_MIGRATION).toBeGreaterThan(0);
    const file = tempFile();
    const old = new Database(file);
    for (let v = 0; v < TASK_MIGRATION; v++) old.exec(MIGRATIONS[v]!);
    old.pragma(`user_version = ${TASK_MIGRATION}`);
    old.prepare("INSERT INTO projects (id, name, path, created_at) VALUES ('p', 'demo', '/demo', 1)").run();
    const addSession = old.prepare(
      "INSERT INTO sessions (id, project_id, agent, argv, cwd, state, state_since, started_at, cols, rows) VALUES (?, 'p', 'shell', '[]', '/demo', 'exited', 2, ?, 80, 24)",
    );
    ['a1', 'g1', 'a2', 'g2', 'own'].forEach((id, i) => addSession.run(id, 10 + i));
    old.prepare(
      `INSERT INTO tasks (id, project_id, text, status, phase, intent, domain, complexity, parse, ranking, agent, agent_chosen, agents_tried, in_place, session_id, gate_session_id, created_at)
       VALUES ('t1', 'p', 'Fix it', 'completed', 'done', 'fix', 'backend', 'simple', '{}', '[]', 'fixer', 1, '["fixer"]', 1, 'a2', 'g2', 1)`,
    ).run();
    // The first attempt is known from the task's sessions, the first gate run from its snapshot.
    old.prepare("INSERT INTO task_sessions (task_id, session_id) VALUES ('t1', 'a1'), ('t1', 'a2')").run();
    old.prepare(
      "INSERT INTO quality_snapshots (task_id, iteration, agent, passed, quality, duration_ms, session_id, output_tail, at) VALUES ('t1', 1, 'fixer', 0, 0, 5, 'g1', '', 3)",
    ).run();
    old.close();

    const db = openDatabase(file);
    expect(new SessionRepository(db).list().map((s) => [s.id, s.taskId, s.taskRole])).toEqual([
      ['a1', 't1', 'agent'],
      ['g1', 't1', 'gate'],
      ['a2', 't1', 'agent'],
      ['g2', 't1', 'gate'],
      ['own', null, null],
    ]);
    db.close();
  });
});
