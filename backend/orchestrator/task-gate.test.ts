import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Task } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

describe('task gate: unverified, per-project checks, safe feedback, retry, notifications', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  const cleanups: (() => void)[] = [];
  const notes: EventPayload<'task.notify'>[] = [];

  beforeAll(async () => {
    work = tempDir('cortex-tgate-');
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
    const profile = (id: string, extra: Record<string, unknown> = {}) => ({
      id, name: id, command: process.execPath, args: [AGENT, id, '--log', join(work.dir, 'prompts.log')], promptMode: { kind: 'arg' },
      capabilities: ['implement', 'fix'], specializations: [], ...extra,
    });
    writeFileSync(join(inst.dataDir, 'profiles.json'), JSON.stringify({ profiles: [profile('fixer'), profile('broken')] }));
    await inst.client.call('agents.list', {});
    await inst.client.call('tasks.setSettings', { maxIterations: 2, maxSwitches: 0 });
    inst.client.on('task.notify', (n) => notes.push(n));
  });
  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
    work?.cleanup();
  });

  /** A committed repo with `files` and src/value.js exporting 41. */
  const repo = (files: Record<string, string>) => {
    const r = tempGitRepo(files);
    cleanups.push(r.cleanup);
    mkdirSync(join(r.dir, 'src'));
    writeFileSync(join(r.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    git(r.dir, 'add', '-A');
    git(r.dir, 'commit', '-q', '-m', 'value');
    return realpathSync(r.dir);
  };
  const valueRepo = () => repo(valueProjectFiles());
  const settle = (id: string, timeout = 45_000) =>
    waitFor(async () => {
      const t = (await inst.client.call('tasks.get', { id })).task;
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, timeout, `task ${id} to finish`);

  it('a project with no check ends unverified (never completed), says why, and notifies; named checks then verify a retry', async () => {
    const dir = repo({ 'README.md': '# no tests here\n' });
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Fix the value in src/value.js', agent: 'fixer' });
    const t = await settle(created.id);
    expect(t.status).toBe('unverified');
    expect(t.error).toMatch(/no check could verify the change: review it before merging/);
    expect(t.gate!.snapshot).toMatchObject({ verdict: 'unverified', overall: null });
    expect(t.gate!.checks).toEqual([]);
    // The work is committed on the branch for a person to review; the project is untouched.
    expect(git(dir, 'show', `${t.branch}:src/value.js`)).toBe('module.exports = 42;\n');
    expect(git(dir, 'log', '-1', '--format=%B', t.branch!)).toContain('NOT VERIFIED');
    await expect(inst.client.call('tasks.merge', { id: t.id })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('No check verified this task') });
    const note = await waitFor(() => notes.find((n) => n.taskId === t.id), 5_000, 'the notification');
    expect(note).toMatchObject({ outcome: 'unverified', title: 'Fix the value in src/value.js', body: expect.stringContaining('Review it before merging') });

    // The project names its test command; a retry goes on from the last attempt and is verified.
    writeFileSync(join(dir, 'check.js'), "const v = require('./src/value.js'); console.log(v === 42 ? '1 passed, 0 failed' : '0 passed, 1 failed'); process.exit(v === 42 ? 0 : 1);\n");
    git(dir, 'add', 'check.js');
    git(dir, 'commit', '-q', '-m', 'check');
    await inst.client.call('quality.setChecks', { projectId: t.projectId, commands: { tests: 'node check.js' } });
    // The worktree started before check.js existed: the retry runs from the project's setting, in the worktree.
    writeFileSync(join(t.worktree!, 'check.js'), readFileSync(join(dir, 'check.js')));
    const again = await inst.client.call('tasks.retry', { id: t.id });
    expect(again).toMatchObject({ agent: 'fixer', error: '', endedAt: null });
    expect(['pending', 'in_progress']).toContain(again.status);
    const done = await settle(t.id);
    expect(done.status).toBe('completed');
    expect(done.gate!.checks.map((c) => [c.kind, c.command, c.source, c.status])).toEqual([['tests', 'node check.js', 'settings', 'passed']]);
    expect(done.gate!.snapshot).toMatchObject({ verdict: 'passed', testsPassing: 1, testsFailing: 0 });
    const heard = await waitFor(() => {
      const mine = notes.filter((n) => n.taskId === t.id);
      return mine.length >= 2 ? mine : null;
    }, 5_000, 'the completion notification');
    expect(heard.map(({ outcome, title, body }) => ({ outcome, title, body }))).toEqual([
      { outcome: 'unverified', title: 'Fix the value in src/value.js', body: expect.stringContaining('Review it before merging') },
      { outcome: 'completed', title: 'Fix the value in src/value.js', body: 'Completed by fixer: the quality gate passed after 2 iteration(s). Review it to merge.' },
    ]);
  }, 90_000);

  it('an unverified task merges only when a person says it was reviewed', async () => {
    const dir = repo({ 'README.md': '# no tests here\n' });
    const t = await settle((await inst.client.call('tasks.create', { path: dir, text: 'Set the value to 42', agent: 'fixer' })).id);
    expect(t.status).toBe('unverified');
    await expect(inst.client.call('tasks.merge', { id: t.id })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 41;\n');
    const r = await inst.client.call('tasks.merge', { id: t.id, reviewed: true });
    expect(r).toMatchObject({ merged: true, kind: 'fast-forward' });
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');
  }, 60_000);

  it('a failed task can be retried with another agent, dropping the previous attempt', async () => {
    const dir = valueRepo();
    const t = await settle((await inst.client.call('tasks.create', { path: dir, text: 'Fix the value so the tests pass', agent: 'broken' })).id);
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/quality gate failed 2 time\(s\) with broken; 0 agent switch\(es\) allowed and used/);
    const failedNote = await waitFor(() => notes.find((n) => n.taskId === t.id), 5_000, 'the failure notification');
    expect(failedNote).toMatchObject({ outcome: 'failed', title: 'Fix the value so the tests pass', body: `Failed: ${t.error}` });
    expect(existsSync(join(t.worktree!, 'broken-notes.txt'))).toBe(true);
    await expect(inst.client.call('tasks.retry', { id: t.id, agent: 'no-such-agent' })).rejects.toMatchObject({ code: 'AGENT_UNKNOWN' });
    await inst.client.call('tasks.retry', { id: t.id, agent: 'fixer', keepPrevious: false });
    const done = await settle(t.id);
    expect(done).toMatchObject({ status: 'completed', agent: 'fixer', agentsTried: ['broken', 'fixer'], iterations: 3 });
    // Dropped: the broken attempt's file is not in the result.
    expect(git(dir, 'show', '--name-only', '--format=', done.commit!).trim()).toBe('src/value.js');
    await expect(inst.client.call('tasks.retry', { id: t.id })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  }, 90_000);

  it('the shell agent: a failed gate\'s feedback is never typed into the shell; it goes to a git-excluded file the console names', async () => {
    const dir = valueRepo();
    // What a person (or a script) typed in the shell: the task text, run by the shell (printing dots
    // for 2 s: seen working), then the shell idles at its prompt: the turn is over.
    const created = await inst.client.call('tasks.create', { path: dir, text: 'echo agent-wrote > agent.txt; for i in 1 2 3 4 5 6 7 8 9 10; do printf .; sleep 0.2; done; echo', agent: 'shell' });
    const t = await waitFor(async () => {
      const x = (await inst.client.call('tasks.get', { id: created.id })).task;
      return x.iterations >= 1 && x.phase === 'agent' ? x : null;
    }, 90_000, 'the first gate to fail and hand back to the shell');
    // Give a wrongly typed prompt time to run, then look at the worktree: only what the agent wrote.
    await new Promise((r) => setTimeout(r, 1_500));
    const diff = await inst.client.call('tasks.diff', { id: t.id });
    expect(diff.files.map((f) => f.path)).toEqual(['agent.txt']);
    expect(git(t.worktree!, 'status', '--porcelain').trim()).toBe('?? agent.txt');
    expect(t.gate!.snapshot!.verdict).toBe('failed');
    const file = join(t.worktree!, '.cortex', 'feedback.md');
    const feedback = readFileSync(file, 'utf8');
    expect(feedback).toContain('The quality gate failed (iteration 1)');
    expect(feedback).toContain('expected 42 but got 41');
    const gateScreen = await inst.client.call('sessions.screen', { id: t.gateSessionId! });
    expect(gateScreen.text.replace(/\n/g, '')).toContain(`Feedback for shell is in ${file}`);
    expect(gateScreen.text).toMatch(/\[quality gate\] FAILED/);
    // The gate console's title carries the verdict and the failing check; its process exited 0.
    const gateSession = await inst.client.call('sessions.get', { id: t.gateSessionId! });
    expect(gateSession).toMatchObject({ state: 'exited', exitCode: 0, title: 'quality gate: failed — npm test (tests)' });
    await inst.client.call('tasks.cancel', { id: t.id });
  }, 120_000);
});
