import { describe, expect, it } from 'vitest';
import type { Session, Task } from '@contract';
import { isTaskGroupOpen, sidebarEntries, taskOfSession, taskTitle } from './task-groups';

let at = 1_000;
function session(id: string, cwd: string, projectId = 'p1', taskId: string | null = null): Session {
  return {
    id, projectId, agent: 'shell', argv: ['bash'], cwd, state: 'idle', stateSince: at, stateSource: 'process', stateReason: '', seen: true,
    startedAt: at++, endedAt: null, exitCode: null, signal: null, pid: 1, cols: 80, rows: 24, title: '', restoredAt: null,
    restartPolicy: 'never', restarts: 0, restartAt: null, agentSessionId: null, note: '', name: '',
    taskId, taskRole: taskId === null ? null : 'agent',
  };
}
function task(id: string, patch: Partial<Task> = {}): Task {
  return {
    id, projectId: 'p1', text: `Task ${id}`, status: 'in_progress', phase: 'agent', intent: 'fix', domain: 'backend', complexity: 'simple',
    agent: 'fixer', agentChosen: false, agentsTried: ['fixer'], iterations: 0, worktree: `/data/worktrees/${id}`, branch: `cortex/${id}`,
    baseRef: 'abc', baseBranch: 'main', inPlace: false, commit: null, sessionId: null, gateSessionId: null, gate: null, review: 'open',
    createdAt: 0, startedAt: 0, endedAt: null, error: '', ...patch,
  } as Task;
}

describe('taskOfSession', () => {
  it('finds the task by its current agent or gate session', () => {
    const t = task('t1', { inPlace: true, worktree: '/repo', sessionId: 'a', gateSessionId: 'g' });
    expect(taskOfSession(session('a', '/repo'), [t])).toBe(t);
    expect(taskOfSession(session('g', '/repo'), [t])).toBe(t);
    // In place, the project folder is not the task's: another session there is the user's own.
    expect(taskOfSession(session('x', '/repo'), [t])).toBeUndefined();
  });

  it('finds earlier attempts by the task worktree (inside it too), never a sibling folder', () => {
    const t = task('t1');
    expect(taskOfSession(session('old', '/data/worktrees/t1'), [t])).toBe(t);
    expect(taskOfSession(session('sub', '/data/worktrees/t1/pkg'), [t])).toBe(t);
    expect(taskOfSession(session('win', 'C:\\wt\\t2\\pkg'), [task('t2', { worktree: 'C:\\wt\\t2' })])?.id).toBe('t2');
    expect(taskOfSession(session('sib', '/data/worktrees/t10'), [t])).toBeUndefined();
  });

  it('finds the task a session was started for by its stored task id, in place and for earlier attempts', () => {
    // In place, an earlier attempt is neither the current session nor inside a worktree.
    const t = task('t1', { inPlace: true, worktree: '/repo', sessionId: 'a2', gateSessionId: 'g2' });
    expect(taskOfSession(session('a1', '/repo', 'p1', 't1'), [t])).toBe(t);
    expect(taskOfSession(session('a1', '/repo'), [t])).toBeUndefined();
    // A task id of a task the list no longer has: the session is a row of its own.
    expect(taskOfSession(session('x', '/repo', 'p1', 'gone'), [t])).toBeUndefined();
    // The stored id wins over a worktree the session happens to run in.
    const t2 = task('t2');
    expect(taskOfSession(session('b', '/data/worktrees/t2', 'p1', 't1'), [t, t2])).toBe(t);
  });

  it("ignores other projects' tasks", () => {
    expect(taskOfSession(session('a', '/data/worktrees/t1', 'p2'), [task('t1', { sessionId: 'a' })])).toBeUndefined();
  });
});

describe('sidebarEntries', () => {
  it("gathers a task's sessions at the place of its first one, and keeps the rest in order", () => {
    const own1 = session('own1', '/repo');
    const agent = session('agent', '/data/worktrees/t1');
    const own2 = session('own2', '/repo');
    const gate = session('gate', '/data/worktrees/t1');
    const other = session('other', '/data/worktrees/t2');
    const t1 = task('t1', { sessionId: 'agent', gateSessionId: 'gate' });
    const t2 = task('t2');
    const entries = sidebarEntries([own1, agent, own2, gate, other], [t2, t1]);
    expect(entries.map((e) => (e.kind === 'session' ? e.session.id : `${e.task.id}:${e.sessions.map((s) => s.id).join('+')}`))).toEqual([
      'own1',
      't1:agent+gate',
      'own2',
      't2:other',
    ]);
  });

  it("gathers every attempt of an in-place task by the sessions' task ids", () => {
    const t = task('t1', { inPlace: true, worktree: '/repo', sessionId: 'a2', gateSessionId: 'g2' });
    const list = [session('a1', '/repo', 'p1', 't1'), session('g1', '/repo', 'p1', 't1'), session('own', '/repo'), session('a2', '/repo', 'p1', 't1'), session('g2', '/repo', 'p1', 't1')];
    expect(sidebarEntries(list, [t]).map((e) => (e.kind === 'session' ? e.session.id : `${e.task.id}:${e.sessions.map((s) => s.id).join('+')}`))).toEqual([
      't1:a1+g1+a2+g2',
      'own',
    ]);
  });

  it('gives a task without sessions no entry', () => {
    expect(sidebarEntries([session('own', '/repo')], [task('t1')])).toEqual([{ kind: 'session', session: expect.objectContaining({ id: 'own' }) }]);
  });
});

describe('isTaskGroupOpen', () => {
  it('is open while the task runs and folded once it ended, unless the user chose', () => {
    expect(isTaskGroupOpen({ status: 'pending' }, undefined)).toBe(true);
    expect(isTaskGroupOpen({ status: 'in_progress' }, undefined)).toBe(true);
    for (const status of ['completed', 'failed', 'cancelled', 'unverified'] as const) expect(isTaskGroupOpen({ status }, undefined)).toBe(false);
    expect(isTaskGroupOpen({ status: 'completed' }, true)).toBe(true);
    expect(isTaskGroupOpen({ status: 'in_progress' }, false)).toBe(false);
  });
});

describe('taskTitle', () => {
  it("is the text's first line", () => {
    expect(taskTitle({ text: '  Fix the login\nmore detail' })).toBe('Fix the login');
    expect(taskTitle({ text: '\n' })).toBe('Untitled task');
  });
});
