import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError, type EventPayload, type Task } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

/** The project whose test fails until src/value.js exports 42 (shared with the e2e tests). */
const PROJECT = valueProjectFiles();

function repo(value = 41) {
  const r = tempGitRepo({ ...PROJECT, 'value.seed': '' });
  execFileSync('mkdir', ['-p', join(r.dir, 'src')]);
  writeFileSync(join(r.dir, 'src', 'value.js'), `module.exports = ${value};\n`);
  git(r.dir, 'add', '-A');
  git(r.dir, 'commit', '-q', '-m', 'value');
  return { ...r, dir: realpathSync(r.dir) };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
}

describe('orchestrator: task → worktree → agent → quality gate → retry / switch → review', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  const cleanups: (() => void)[] = [];
  const log = () => join(work.dir, 'prompts.log');
  const notes: EventPayload<'task.notify'>[] = [];

  beforeAll(async () => {
    work = tempDir('cortex-orch-');
    // Only node, npm and git on PATH: an agent CLI installed on this machine must not win the ranking.
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    const profile = (id: string, persona: string, extra: Record<string, unknown>, flags: string[] = []) => ({
      id,
      name: id,
      command: process.execPath,
      args: [AGENT, persona, ...flags, '--log', log()],
      promptMode: { kind: 'arg' },
      ...extra,
    });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          profile('fixer', 'fixer', { capabilities: ['implement', 'fix', 'refactor', 'test'], specializations: ['javascript', 'backend', 'testing', 'general', 'node'], guidelines: { file: 'AGENTS.md' } }),
          profile('learner', 'learner', { capabilities: ['implement', 'fix'], specializations: ['javascript'], guidelines: { file: 'CLAUDE.md' } }, ['--stay']),
          profile('paster', 'paster', { capabilities: ['implement', 'fix'], specializations: [] }, ['--stay', '--paste']),
          profile('broken', 'broken', { capabilities: ['implement', 'fix'], specializations: [] }),
          profile('writer', 'writer', { capabilities: ['implement'], specializations: [] }, ['--sleep', '1500']),
          profile('sleeper', 'sleeper', { capabilities: ['implement'], specializations: [] }),
          profile('asker', 'asker', { capabilities: ['implement'], specializations: [] }, ['--sleep', '300']),
        ],
      }),
    );
    await inst.client.call('agents.list', {});
    await inst.client.call('tasks.setSettings', { maxIterations: 2, parallelLimit: 3 });
    inst.client.on('task.notify', (n) => notes.push(n));
  });

  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
    work?.cleanup();
  });

  const project = (value = 41) => {
    const r = repo(value);
    cleanups.push(r.cleanup);
    return r.dir;
  };
  const settle = (id: string, timeout = 45_000) =>
    waitFor(async () => {
      const t = (await inst.client.call('tasks.get', { id })).task;
      return t.status === 'completed' || t.status === 'failed' || t.status === 'cancelled' ? t : null;
    }, timeout, `task ${id} to finish`);

  it('(a) a task passes the gate at once: committed on its branch, guidelines left out, project untouched; merge fast-forwards', async () => {
    const dir = project();
    // An ignored .env in the project: the worktree gets a copy, the task's commit never takes it in.
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    git(dir, 'add', '.gitignore');
    git(dir, 'commit', '-q', '-m', 'ignore .env');
    writeFileSync(join(dir, '.env'), 'TOKEN=abc\n');
    const updates: Task[] = [];
    inst.client.on('task.updated', (t) => updates.push(t));
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Fix the wrong value in src/value.js', agent: 'fixer' });
    expect(created).toMatchObject({ agent: 'fixer', agentChosen: true, intent: 'fix' });
    expect(['pending', 'in_progress']).toContain(created.status);
    const t = await settle(created.id);
    expect(t.status).toBe('completed');
    expect(t).toMatchObject({ iterations: 1, inPlace: false, review: 'open' });
    expect(t.gate).toMatchObject({ passed: true, exitCode: 0, command: 'npm test', tests: { passed: 1, failed: 0, format: 'generic' } });
    expect(t.gateSessionId).toBeTruthy();
    expect(t.worktree).toBeTruthy();
    expect(t.branch).toMatch(/^cortex\/fix-the-wrong-value-in-/);
    // Every status went out as an event.
    const statuses = updates.filter((u) => u.id === t.id).map((u) => u.status);
    expect(statuses).toEqual(expect.arrayContaining(['pending', 'in_progress', 'completed']));
    // The gate ran in a visible PTY session in the worktree.
    const gateSession = await inst.client.call('sessions.get', { id: t.gateSessionId! });
    expect(gateSession.cwd).toBe(t.worktree);
    expect((await inst.client.call('sessions.get', { id: t.sessionId! })).cwd).toBe(t.worktree);
    // Committed on the task branch; the injected AGENTS.md is not part of it.
    expect(git(dir, 'show', `${t.branch}:src/value.js`)).toBe('module.exports = 42;\n');
    expect(git(dir, 'show', '--name-only', '--format=', t.commit!).trim().split('\n')).toEqual(['src/value.js']);
    expect(existsSync(join(t.worktree!, 'AGENTS.md'))).toBe(false);
    expect(readFileSync(join(t.worktree!, '.env'), 'utf8')).toBe('TOKEN=abc\n');
    // The project's own branch is untouched until the merge.
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 41;\n');
    const diff = await inst.client.call('tasks.diff', { id: t.id });
    expect(diff.files).toHaveLength(1);
    expect(diff.files[0]).toMatchObject({ path: 'src/value.js', status: 'modified', additions: 1, deletions: 1 });
    expect(diff.files[0]!.hunks[0]!.lines).toEqual(expect.arrayContaining([{ kind: 'del', text: 'module.exports = 41;' }, { kind: 'add', text: 'module.exports = 42;' }]));
    const merged = await inst.client.call('tasks.merge', { id: t.id });
    expect(merged).toMatchObject({ merged: true, kind: 'fast-forward', conflicts: [] });
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');
    expect(merged.task.review).toBe('merged');
    expect(git(dir, 'worktree', 'list')).not.toContain(t.worktree!);
  }, 60_000);

  it('(b) a task fails the gate, gets the failure as its next prompt (relaunched with it as argument), then passes', async () => {
    const dir = project();
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Make the value test pass', agent: 'learner' });
    const t = await settle(created.id);
    expect(t.status).toBe('completed');
    expect(t.iterations).toBe(2);
    const { gates, switches } = await inst.client.call('tasks.get', { id: t.id });
    expect(gates.map((g) => g.passed)).toEqual([false, true]);
    expect(gates[0]).toMatchObject({ exitCode: 1, tests: { passed: 0, failed: 1 } });
    expect(gates[0]!.outputTail).toContain('expected 42 but got 41');
    expect(switches).toEqual([]);
    // The learner stayed running but enabled no bracketed paste: nothing was typed into it; it
    // was started again with the feedback (failing test and assertion) as its argument.
    const prompts = readFileSync(log(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { persona: string; prompt: string }).filter((p) => p.persona === 'learner');
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.prompt).toContain('The quality gate failed');
    expect(prompts[1]!.prompt).toContain('expected 42 but got 41');
    expect(prompts[1]!.prompt).toMatch(/^Failing tests:\n- expected 42 but got 41$/m);
    expect(git(dir, 'show', `${t.branch}:src/value.js`)).toBe('module.exports = 42;\n');
    // CLAUDE.md was the learner's guidelines file: not committed.
    expect(git(dir, 'show', '--name-only', '--format=', t.commit!).trim()).toBe('src/value.js');
  }, 60_000);

  it('(b2) an agent that enabled bracketed paste gets the feedback pasted into its running session, lines intact', async () => {
    const dir = project();
    const t = await settle((await inst.client.call('tasks.create', { path: dir, text: 'Make the value test pass', agent: 'paster' })).id);
    expect(t).toMatchObject({ status: 'completed', iterations: 2 });
    const prompts = readFileSync(log(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { persona: string; prompt: string }).filter((p) => p.persona === 'paster');
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.prompt).toMatch(/^The quality gate failed \(iteration 1\)/);
    expect(prompts[1]!.prompt).toContain('\nFailing tests:\n- expected 42 but got 41\n');
    // One agent session did both turns: it was not started again.
    const sessions = (await inst.client.call('sessions.list', {})).filter((s) => s.cwd === t.worktree && s.agent === 'paster');
    expect(sessions).toHaveLength(1);
  }, 60_000);

  it('(c) a task that fails its iterations switches to the next-ranked agent, with the reason stored', async () => {
    const dir = project();
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Fix the wrong value in src/value.js', agent: 'broken' });
    const t = await settle(created.id, 60_000);
    expect(t.status).toBe('completed');
    expect(t.agent).toBe('fixer');
    expect(t.agentsTried).toEqual(['broken', 'fixer']);
    expect(t.iterations).toBe(3);
    const { gates, switches } = await inst.client.call('tasks.get', { id: t.id });
    expect(gates.map((g) => [g.agent, g.passed])).toEqual([['broken', false], ['broken', false], ['fixer', true]]);
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ from: 'broken', to: 'fixer' });
    expect(switches[0]!.reason).toMatch(/quality gate failed 2 time\(s\) with broken; switching to the next-ranked agent fixer .*the attempt is kept on cortex\/.*-attempt-1-broken/);
    // The broken attempt is kept on its own branch; the fixer started from the base commit, told what was tried.
    const kept = /kept on (\S+)$/.exec(switches[0]!.reason)![1]!;
    expect(git(dir, 'show', `${kept}:broken-notes.txt`)).toBe('tried and failed\n');
    expect(git(dir, 'show', '--name-only', '--format=', t.commit!).trim()).toBe('src/value.js');
    const fixerPrompt = readFileSync(log(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { persona: string; prompt: string }).filter((p) => p.persona === 'fixer').at(-1)!.prompt;
    expect(fixerPrompt).toContain('Fix the wrong value in src/value.js');
    expect(fixerPrompt).toContain(`Its attempt is kept on the branch ${kept}`);
    expect(fixerPrompt).toMatch(/broken-notes\.txt \| 1 \+/);
    expect(fixerPrompt).toContain('expected 42 but got 41');
    // The person heard of the switch and of the end, each titled with the task.
    const heard = await waitFor(() => {
      const mine = notes.filter((n) => n.taskId === t.id);
      return mine.length >= 2 ? mine : null;
    }, 5_000, 'the switch and completion notifications');
    expect(heard.map(({ outcome, title, body }) => ({ outcome, title, body }))).toEqual([
      { outcome: 'switched', title: 'Fix the wrong value in src/value.js', body: 'broken did not pass the quality gate; fixer takes over.' },
      { outcome: 'completed', title: 'Fix the wrong value in src/value.js', body: 'Completed by fixer: the quality gate passed after 3 iteration(s). Review it to merge.' },
    ]);
    const stats = await inst.client.call('tasks.stats', { projectId: t.projectId });
    expect(stats).toMatchObject({ agentSwitches: 1, completed: 1, successRate: 1, iterationsPerTask: 3 });
    expect(stats.perAgent.find((a) => a.agent === 'broken')).toMatchObject({ attempts: 1, successes: 0, successRate: 0, averageQuality: 0 });
    expect(stats.perAgent.find((a) => a.agent === 'fixer')).toMatchObject({ attempts: 1, successes: 1, averageQuality: 1 });
    // A period's figures: from the task's creation on it counts; from just after its end, neither it nor its gate runs do.
    expect(await inst.client.call('tasks.stats', { projectId: t.projectId, since: t.createdAt })).toMatchObject({ completed: 1, agentSwitches: 1, iterationsPerTask: 3 });
    const later = await inst.client.call('tasks.stats', { projectId: t.projectId, since: t.endedAt! + 1 });
    expect(later).toMatchObject({ completed: 0, failed: 0, successRate: null, agentSwitches: 0 });
    expect(later.perAgent.filter((a) => a.agent === 'fixer' || a.agent === 'broken')).toEqual([]);
    // History now counts: broken's failed attempt is in the outcome history; its score on a
    // similar task in this project drops below the prior 0.5 and the reason says why.
    const again = await inst.client.call('tasks.analyze', { projectId: t.projectId, text: 'Fix the value again' });
    const history = again.ranking.find((r) => r.agent === 'broken')!.parts.history;
    expect(history.value).toBeLessThan(0.5);
    expect(history.reasons[0]).toMatch(/^passed 0 of 1 /);
    expect(again.recommended).toBe('fixer');
  }, 90_000);

  it('(d) a discarded task loses its worktree and its branch', async () => {
    const dir = project();
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Add a slow feature', agent: 'sleeper' });
    const running = await waitFor(async () => {
      const x = (await inst.client.call('tasks.get', { id: created.id })).task;
      return x.status === 'in_progress' && x.sessionId ? x : null;
    }, 20_000, 'running');
    expect(git(dir, 'worktree', 'list')).toContain(running.worktree!);
    expect(git(dir, 'branch', '--list', running.branch!)).toContain(running.branch!);
    const discarded = await inst.client.call('tasks.discard', { id: created.id });
    expect(discarded).toMatchObject({ status: 'cancelled', review: 'discarded' });
    expect(git(dir, 'worktree', 'list')).not.toContain(running.worktree!);
    expect(git(dir, 'branch', '--list', running.branch!).trim()).toBe('');
    expect(existsSync(running.worktree!)).toBe(false);
    const agent = await inst.client.call('sessions.get', { id: running.sessionId! });
    expect(agent.state).toBe('exited');
  }, 60_000);

  it('removing a project ends its tasks and deletes their worktrees; a branch with work stays, the folder is untouched', async () => {
    const dir = project();
    const done = await settle((await inst.client.call('tasks.create', { path: dir, text: 'Fix the value so the tests pass', agent: 'fixer' })).id);
    expect(done).toMatchObject({ status: 'completed', review: 'open' });
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Add a slow feature', agent: 'sleeper' });
    const running = await waitFor(async () => {
      const x = (await inst.client.call('tasks.get', { id: created.id })).task;
      return x.status === 'in_progress' && x.sessionId ? x : null;
    }, 20_000, 'running');
    for (const t of [done, running]) expect(existsSync(t.worktree!)).toBe(true);
    const filesBefore = git(dir, 'ls-files');

    await inst.client.call('projects.remove', { id: done.projectId });

    for (const t of [done, running]) {
      expect(existsSync(t.worktree!), `worktree of ${t.text}`).toBe(false);
      expect(git(dir, 'worktree', 'list')).not.toContain(t.worktree!);
    }
    // The completed task's commit is still on its branch; the running one had none: its branch is gone.
    expect(git(dir, 'show', `${done.branch}:src/value.js`)).toBe('module.exports = 42;\n');
    expect(git(dir, 'branch', '--list', running.branch!).trim()).toBe('');
    // The project's folder is as it was.
    expect(git(dir, 'ls-files')).toBe(filesBefore);
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 41;\n');
    await expect(inst.client.call('tasks.get', { id: running.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await inst.client.call('sessions.list', {})).some((s) => s.id === running.sessionId)).toBe(false);
  }, 60_000);

  it('saving one setting keeps the others', async () => {
    const before = await inst.client.call('tasks.settings', {});
    expect(before).toMatchObject({ maxIterations: 2, parallelLimit: 3 }); // set in beforeAll
    const after = await inst.client.call('tasks.setSettings', { maxSwitches: 1 });
    expect(after).toEqual({ ...before, maxSwitches: 1 });
    expect(await inst.client.call('tasks.setSettings', { maxSwitches: before.maxSwitches })).toEqual(before);
  });

  it('an agent turn past the turn limit is stopped and the gate judges it; waiting for the user does not count', async () => {
    await inst.client.call('tasks.setSettings', { turnTimeoutSec: 2, maxSwitches: 0 });
    try {
      // The sleeper would sleep 60 s: stopped at 2 s, gate (fails: 41), the retry prompt says why, stopped again, failed.
      const dir = project();
      const created = await inst.client.call('tasks.create', { path: dir, text: 'Add a slow feature', agent: 'sleeper' });
      const t = await settle(created.id, 30_000);
      expect(t.status).toBe('failed');
      expect(t.iterations).toBe(2);
      expect(t.endedAt! - t.startedAt!).toBeLessThan(20_000);
      const first = await inst.client.call('sessions.get', { id: (await inst.client.call('tasks.get', { id: t.id })).task.sessionId! });
      expect(first.state).toBe('exited');
      const prompts = readFileSync(log(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { persona: string; prompt: string }).filter((p) => p.persona === 'sleeper');
      expect(prompts.at(-1)!.prompt).toMatch(/^Your last turn ran past the 2 s limit and was stopped/);

      // The asker waits 4 s for an answer (twice the limit): not stopped; answered, it finishes and passes.
      const dir2 = project();
      const asked = await inst.client.call('tasks.create', { path: dir2, text: 'Fix the value after asking', agent: 'asker' });
      const running = await waitFor(async () => {
        const x = (await inst.client.call('tasks.get', { id: asked.id })).task;
        return x.sessionId && (await inst.client.call('sessions.get', { id: x.sessionId })).state === 'waiting' ? x : null;
      }, 20_000, 'the asker to wait');
      await new Promise((r) => setTimeout(r, 4_000));
      expect((await inst.client.call('sessions.get', { id: running.sessionId! })).state).toBe('waiting');
      await inst.client.call('sessions.write', { id: running.sessionId!, data: 'y\r' });
      const done = await settle(asked.id, 30_000);
      expect(done).toMatchObject({ status: 'completed', iterations: 1 });
    } finally {
      await inst.client.call('tasks.setSettings', { turnTimeoutSec: 3_600, maxSwitches: 2 });
    }
  }, 90_000);

  it('two tasks in parallel on one project never see each other\'s files', async () => {
    const dir = project(42);
    const a = await inst.client.call('tasks.create', { path: dir, text: 'Create alpha.txt with a greeting', agent: 'writer' });
    const b = await inst.client.call('tasks.create', { path: dir, text: 'Create beta.txt with a greeting', agent: 'writer' });
    const [ta, tb] = await Promise.all([settle(a.id), settle(b.id)]);
    expect([ta.status, tb.status]).toEqual(['completed', 'completed']);
    // They really overlapped in time.
    expect(ta.startedAt! < tb.endedAt! && tb.startedAt! < ta.endedAt!).toBe(true);
    expect(ta.worktree).not.toBe(tb.worktree);
    const files = (c: string) => git(dir, 'show', '--name-only', '--format=', c).trim().split('\n').sort();
    expect(files(ta.commit!)).toEqual(['alpha.txt', 'seen-alpha.txt']);
    expect(files(tb.commit!)).toEqual(['beta.txt', 'seen-beta.txt']);
    const seenA = git(dir, 'show', `${ta.branch}:seen-alpha.txt`);
    const seenB = git(dir, 'show', `${tb.branch}:seen-beta.txt`);
    expect(seenA).toContain('alpha.txt');
    expect(seenA).not.toContain('beta');
    expect(seenB).not.toContain('alpha');
    expect(existsSync(join(dir, 'alpha.txt')) || existsSync(join(dir, 'beta.txt'))).toBe(false);
  }, 60_000);

  it('a merge conflict is reported with its files and aborted, never forced', async () => {
    const dir = project();
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Fix the value', agent: 'fixer' });
    const t = await settle(created.id);
    expect(t.status).toBe('completed');
    // Meanwhile the project's branch changed the same line.
    writeFileSync(join(dir, 'src', 'value.js'), 'module.exports = 43;\n');
    git(dir, 'commit', '-q', '-am', 'a conflicting change');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const r = await inst.client.call('tasks.merge', { id: t.id });
    expect(r).toMatchObject({ merged: false, kind: 'conflict', conflicts: ['src/value.js'], commit: null });
    expect(r.task.review).toBe('open');
    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(dir, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 43;\n');
  }, 60_000);

  it('a folder that is not a git repository runs in place only when confirmed', async () => {
    const plain = tempDir('cortex-plain-');
    cleanups.push(plain.cleanup);
    for (const [f, body] of Object.entries(PROJECT)) writeFileSync(join(plain.dir, f), body);
    execFileSync('mkdir', ['-p', join(plain.dir, 'src')]);
    writeFileSync(join(plain.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    const refused = await inst.client.call('tasks.create', { path: plain.dir, text: 'Fix the value', agent: 'fixer' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CortexError);
    expect(refused).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((refused as CortexError).message).toMatch(/not a git repository/);
    const created = await inst.client.call('tasks.create', { path: plain.dir, text: 'Fix the value', agent: 'fixer', confirmInPlace: true });
    const t = await settle(created.id);
    expect(t).toMatchObject({ status: 'completed', inPlace: true, branch: null, commit: null, worktree: realpathSync(plain.dir) });
    expect(readFileSync(join(plain.dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');
    expect(existsSync(join(plain.dir, 'AGENTS.md'))).toBe(false);
  }, 60_000);
});
