import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../contract/index.js';
import type { WsClient } from '../client/ws-client.js';
import { startBackendProcess, type BackendProcess } from '../../test/support/backend-process.js';
import { tempDir, tempGitRepo, testShellEnv, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

/**
 * Tasks across an app crash (SIGKILL of the backend): the task goes on with the relaunched
 * agent, or runs its interrupted quality gate again; it does not fail for the restart.
 */
describe('a task in progress when the app crashed goes on after the restart', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function setup(testDelayMs = 0) {
    const data = tempDir('cortex-data-');
    const work = tempDir('cortex-work-');
    const r = tempGitRepo({ ...valueProjectFiles(testDelayMs), 'value.seed': '' });
    cleanups.push(data.cleanup, work.cleanup, r.cleanup);
    const dir = realpathSync(r.dir);
    execFileSync('mkdir', ['-p', join(dir, 'src')]);
    writeFileSync(join(dir, 'src', 'value.js'), 'module.exports = 41;\n');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git('add', '-A');
    git('commit', '-q', '-m', 'value');
    const log = join(work.dir, 'prompts.log');
    const profile = (id: string, persona: string) => ({ id, name: id, command: process.execPath, args: [AGENT, persona, '--log', log], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'] });
    writeFileSync(join(data.dir, 'profiles.json'), JSON.stringify({ profiles: [profile('sleeper', 'sleeper'), profile('fixer', 'fixer')] }));
    // Only node and git on PATH: no agent CLI of this machine takes part.
    const env = testShellEnv({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    return { dataDir: data.dir, dir, git, log, env };
  }

  async function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<BackendProcess> {
    const b = await startBackendProcess(dataDir, env);
    cleanups.push(() => (b.child.exitCode === null && b.child.signalCode === null ? b.stop() : undefined));
    return b;
  }

  const task = async (c: WsClient, id: string): Promise<Task> => (await c.call('tasks.get', { id })).task;

  it('interrupted while its agent worked: the relaunched agent is watched again and its turn ends in the gate', async () => {
    const { dataDir, dir, log, env } = setup();
    const a = await start(dataDir, env);
    const created = await a.client.call('tasks.create', { path: dir, text: 'Add a slow feature', agent: 'sleeper' });
    // The agent runs (it has logged its prompt and prints dots; a stream of dots is no
    // positive verdict, so its state may still read `starting`).
    const running = await waitFor(async () => {
      const t = await task(a.client, created.id);
      if (!t.sessionId || !existsSync(log) || readFileSync(log, 'utf8').trim() === '') return null;
      const state = (await a.client.call('sessions.get', { id: t.sessionId })).state;
      return state === 'starting' || state === 'working' ? t : null;
    }, 20_000, 'the agent to work');
    await a.crash();

    const b = await start(dataDir, env);
    const after = await task(b.client, created.id);
    expect(after).toMatchObject({ status: 'in_progress', phase: 'agent', sessionId: running.sessionId, worktree: running.worktree });
    const agent = await b.client.call('sessions.get', { id: running.sessionId! });
    expect(agent.restoredAt).not.toBeNull();
    expect(agent.state).not.toBe('exited');
    // The first run and the relaunch (a fresh start with the task prompt: this profile has no resume arguments).
    await waitFor(() => readFileSync(log, 'utf8').trim().split('\n').length === 2, 15_000, 'the relaunched agent to start');

    // The agent's turn ends (here: it is stopped); the gate runs on the worktree and fails (41),
    // and the failure goes to the agent as its next prompt.
    await b.client.call('sessions.kill', { id: running.sessionId! });
    const gated = await waitFor(async () => {
      const t = await task(b.client, created.id);
      return t.iterations === 1 && t.phase === 'agent' ? t : null;
    }, 30_000, 'the gate to run after the restart');
    expect(gated.gate).toMatchObject({ passed: false, command: 'npm test' });
    await waitFor(() => readFileSync(log, 'utf8').includes('The quality gate failed'), 15_000, 'the retry prompt');
    expect(await b.client.call('tasks.cancel', { id: created.id })).toMatchObject({ status: 'cancelled' });
  }, 120_000);

  it('with restore mode "keep closed" the agent is not relaunched: the task fails and says why', async () => {
    const { dataDir, dir, env } = setup();
    const a = await start(dataDir, env);
    await a.client.call('settings.set', { restoreMode: 'closed' });
    const created = await a.client.call('tasks.create', { path: dir, text: 'Add a slow feature', agent: 'sleeper' });
    await waitFor(async () => ((await task(a.client, created.id)).sessionId ? true : null), 20_000, 'the agent to start');
    await a.crash();
    const b = await start(dataDir, env);
    const t = await task(b.client, created.id);
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/^interrupted: the app stopped while the task ran, and its agent session was not relaunched/);
  }, 90_000);

  it('interrupted while its worktree was made, before its agent started: it starts over and completes', async () => {
    const { dataDir, dir, git, log, env } = setup();
    // A post-checkout hook (git runs it inside \`git worktree add\`) holds the first worktree
    // creation until the test releases it, so the crash lands before the agent's session starts.
    const held = join(dataDir, 'hook-held');
    const release = join(dataDir, 'hook-release');
    const hook = join(dir, '.git', 'hooks', 'post-checkout');
    writeFileSync(hook, `#!/bin/sh\nif [ ! -e '${held}' ]; then\n  touch '${held}'\n  i=0\n  while [ ! -e '${release}' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\nfi\n`);
    chmodSync(hook, 0o755);
    cleanups.push(() => writeFileSync(release, ''));
    const a = await start(dataDir, env);
    const created = await a.client.call('tasks.create', { path: dir, text: 'Fix the value so the tests pass', agent: 'fixer' });
    await waitFor(() => existsSync(held), 20_000, 'the worktree to be in the making');
    const interrupted = await task(a.client, created.id);
    expect(interrupted).toMatchObject({ status: 'in_progress', phase: 'worktree', sessionId: null });
    await a.crash();
    writeFileSync(release, '');

    const b = await start(dataDir, env);
    const done = await waitFor(async () => {
      const t = await task(b.client, created.id);
      return t.status !== 'in_progress' && t.status !== 'pending' ? t : null;
    }, 60_000, 'the task to finish after the restart');
    expect(done).toMatchObject({ status: 'completed', iterations: 1, error: '' });
    expect(git('show', `${done.branch}:src/value.js`)).toBe('module.exports = 42;\n');
    // The agent ran once: the crash came before its first start.
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    // One worktree for the task (the half-made one was removed, not left beside it).
    const worktrees = git('worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
    expect(worktrees).toHaveLength(2);
  }, 120_000);

  it('interrupted in its quality gate: the gate runs again and the task completes with its commit', async () => {
    const { dataDir, dir, git, env } = setup(5_000);
    const a = await start(dataDir, env);
    const created = await a.client.call('tasks.create', { path: dir, text: 'Fix the value so the tests pass', agent: 'fixer' });
    const inGate = await waitFor(async () => {
      const t = await task(a.client, created.id);
      return t.phase === 'gate' && t.gateSessionId ? t : null;
    }, 30_000, 'the gate to start');
    await a.crash();

    const b = await start(dataDir, env);
    const done = await waitFor(async () => {
      const t = await task(b.client, created.id);
      return t.status !== 'in_progress' ? t : null;
    }, 45_000, 'the task to finish after the restart');
    expect(done).toMatchObject({ status: 'completed', iterations: 1, error: '' });
    expect(done.gate).toMatchObject({ passed: true });
    expect(git('show', `${done.branch}:src/value.js`)).toBe('module.exports = 42;\n');
    // The gate session the crash interrupted was not left running beside the new gate.
    expect((await b.client.call('sessions.get', { id: inGate.gateSessionId! })).state).toBe('exited');
    expect(existsSync(done.worktree!)).toBe(true);
  }, 120_000);
});
