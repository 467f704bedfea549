import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, Task } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempGitRepo, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';
import { runCortex as cortex, type CortexRun as Run } from '../../test/support/cortex-cli.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));


describe('cortex task … (the real CLI against a running instance)', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          { id: 'fixer', name: 'Fixer', command: process.execPath, args: [AGENT, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['fix', 'implement'], specializations: ['javascript'] },
          { id: 'sleeper', name: 'Sleeper', command: process.execPath, args: [AGENT, 'sleeper'], promptMode: { kind: 'arg' }, capabilities: ['implement'] },
        ],
      }),
    );
    repo = tempGitRepo({
      'package.json': JSON.stringify({ name: 'demo', scripts: { test: 'node test.js' } }),
      'test.js': "process.exit(require('./src/value.js') === 42 ? 0 : 1);\n",
    });
    mkdirSync(join(repo.dir, 'src'));
    writeFileSync(join(repo.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    execFileSync('git', ['add', '-A'], { cwd: repo.dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'value'], { cwd: repo.dir });
  });

  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
  });

  it('task new / show / list / merge / discard, human and --json', async () => {
    const created = await cortex(['task', 'new', repo.dir, 'Fix', 'the', 'value', 'module', '--json'], inst.dataDir);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const task = JSON.parse(created.stdout) as Task;
    expect(task).toMatchObject({ text: 'Fix the value module', agent: 'fixer', agentChosen: false, iterations: 0 });
    for (const f of ['id', 'status', 'agent', 'iterations', 'worktree', 'gate']) expect(task).toHaveProperty(f);

    const done = await waitFor(async () => {
      const r = await cortex(['task', 'show', task.id.slice(0, 8), '--json'], inst.dataDir);
      const full = JSON.parse(r.stdout) as Result<'tasks.get'>;
      return full.task.status === 'completed' || full.task.status === 'failed' ? full : null;
    }, 45_000, 'the task to finish');
    expect(done.task).toMatchObject({ status: 'completed', iterations: 1 });
    expect(done.gates).toHaveLength(1);

    const human = await cortex(['task', 'show', task.id.slice(0, 8)], inst.dataDir);
    expect(human.stdout).toMatch(/status\s+completed/);
    expect(human.stdout).toMatch(/gate\s+passed/);
    const list = await cortex(['task', 'list', '--json'], inst.dataDir);
    expect((JSON.parse(list.stdout) as Task[]).map((t) => t.id)).toEqual([task.id]);
    expect((await cortex(['task', 'list'], inst.dataDir)).stdout).toMatch(/ID\s+STATUS\s+AGENT\s+ITER\s+GATE/);

    const merged = await cortex(['task', 'merge', task.id.slice(0, 8)], inst.dataDir);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/Merged \(fast-forward\)/);
    expect(readFileSync(join(repo.dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');

    const slow = JSON.parse((await cortex(['task', 'new', repo.dir, 'Add', 'a', 'feature', '--agent', 'sleeper', '--json'], inst.dataDir)).stdout) as Task;
    const discarded = await cortex(['task', 'discard', slow.id, '--json'], inst.dataDir);
    expect(JSON.parse(discarded.stdout)).toMatchObject({ status: 'cancelled', review: 'discarded' });
    expect(execFileSync('git', ['branch', '--list', 'cortex/*'], { cwd: repo.dir, encoding: 'utf8' }).trim()).toBe('');

    const missing = await cortex(['task', 'show', 'ffffffff', '--json'], inst.dataDir);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('NOT_FOUND');
  }, 120_000);
});

describe('cortex task cancel / retry with the shell agent (the real CLI, a real git repo, a real shell)', () => {
  let inst: TestInstance;
  const cleanups: (() => void)[] = [];
  /** What the person typed as the task: the shell adds one to the value (41 → 42 passes the test); `pause` s more after it. */
  const bump = (pause = 0) => `n=$(tr -dc 0-9 < src/value.js); echo "module.exports = $((n+1));" > src/value.js${pause ? `; sleep ${pause}` : ''}`;
  const show = async (id: string) => JSON.parse((await cortex(['task', 'show', id, '--json'], inst.dataDir)).stdout) as Result<'tasks.get'>;
  const ended = (id: string) =>
    waitFor(async () => {
      const r = await show(id);
      return r.task.status === 'pending' || r.task.status === 'in_progress' ? null : r;
    }, 90_000, 'the task to end');
  const valueRepo = (start: number) => {
    const r = tempGitRepo(valueProjectFiles());
    cleanups.push(r.cleanup);
    mkdirSync(join(r.dir, 'src'));
    writeFileSync(join(r.dir, 'src', 'value.js'), `module.exports = ${start};\n`);
    execFileSync('git', ['add', '-A'], { cwd: r.dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'value'], { cwd: r.dir });
    return r.dir;
  };
  /** What the shell agent's console shows: the retried task's prompt must be the command alone, never prose run as commands. */
  const agentScreen = async (t: Task) => (await inst.client.call('sessions.screen', { id: t.sessionId! })).text;

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    // One gate run per agent and no switch: a failed gate fails the task at once.
    await inst.client.call('tasks.setSettings', { maxIterations: 1, maxSwitches: 0 });
  });

  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
  });

  it('a failed task retried from the CLI goes on from its last attempt and completes', async () => {
    const dir = valueRepo(40);
    const created = JSON.parse((await cortex(['task', 'new', dir, bump(), '--agent', 'shell', '--json'], inst.dataDir)).stdout) as Task;
    const failed = await ended(created.id);
    expect(failed.task).toMatchObject({ status: 'failed', agent: 'shell', iterations: 1 });
    expect(failed.task.error).toContain('quality gate failed 1 time(s) with shell');

    const retried = await cortex(['task', 'retry', created.id.slice(0, 8)], inst.dataDir);
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/is (pending|in_progress) again with shell, going on from the last attempt/);
    const done = await ended(created.id);
    expect(done.task).toMatchObject({ status: 'completed', iterations: 2, error: '' });
    expect(done.gates.map((g) => g.snapshot?.verdict)).toEqual(['failed', 'passed']);
    // The commit holds what the shell did, twice: 40 → 41 → 42, and nothing else.
    expect(execFileSync('git', ['show', `${done.task.branch}:src/value.js`], { cwd: dir, encoding: 'utf8' })).toBe('module.exports = 42;\n');
    expect(execFileSync('git', ['show', '--name-only', '--format=', done.task.commit!], { cwd: dir, encoding: 'utf8' }).trim()).toBe('src/value.js');
    const screen = await agentScreen(done.task);
    expect(screen).not.toMatch(/command not found|syntax error/);
    // How the last attempt ended is in the feedback file (git-excluded), not typed into the shell.
    expect(readFileSync(join(done.task.worktree!, '.cortex', 'feedback.md'), 'utf8')).toContain('Context: a previous attempt by shell failed');
    expect((await cortex(['task', 'show', created.id.slice(0, 8)], inst.dataDir)).stdout).toMatch(/status\s+completed/);
  }, 180_000);

  it('a cancelled task retried from the CLI runs its agent again and completes', async () => {
    const dir = valueRepo(40);
    const created = JSON.parse((await cortex(['task', 'new', dir, bump(10), '--agent', 'shell', '--json'], inst.dataDir)).stdout) as Task;
    // The shell has run the bump (41) and sleeps: the person cancels mid-turn.
    await waitFor(async () => {
      const t = (await show(created.id)).task;
      return t.phase === 'agent' && t.worktree && readFileSync(join(t.worktree, 'src', 'value.js'), 'utf8').includes('41') ? t : null;
    }, 60_000, 'the shell to run the task');
    const cancelled = await cortex(['task', 'cancel', created.id.slice(0, 8), '--json'], inst.dataDir);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ status: 'cancelled', phase: 'done' });
    expect((await show(created.id)).gates).toHaveLength(0);

    const retried = await cortex(['task', 'retry', created.id.slice(0, 8), '--json'], inst.dataDir);
    expect(retried.code).toBe(0);
    const again = JSON.parse(retried.stdout) as Task;
    expect(again).toMatchObject({ agent: 'shell', error: '', endedAt: null });
    expect(['pending', 'in_progress']).toContain(again.status);
    const done = await ended(created.id);
    expect(done.task).toMatchObject({ status: 'completed', iterations: 1 });
    expect(execFileSync('git', ['show', `${done.task.branch}:src/value.js`], { cwd: dir, encoding: 'utf8' })).toBe('module.exports = 42;\n');
    expect(await agentScreen(done.task)).not.toMatch(/command not found|syntax error/);
  }, 180_000);
});
