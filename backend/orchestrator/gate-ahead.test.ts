import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { gitIn, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles, repoWithValue41 } from '../../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

/**
 * Gate runners (gate-runner.sh) of this instance that are alive, from /proc: pid and argv.
 * A process that ended (even one not yet reaped) has no argv there; a runner's own forks
 * (a subshell, a child about to exec) carry its argv too and are left out.
 */
function runners(dataDirName: string): { pid: number; argv: string[] }[] {
  const found: { pid: number; ppid: number; argv: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!argv.some((a) => a.endsWith('gate-runner.sh')) || !argv.some((a) => a.includes(dataDirName))) continue;
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.push({ pid: Number(entry), ppid, argv });
    } catch {
      // It ended meanwhile.
    }
  }
  const pids = new Set(found.map((r) => r.pid));
  return found.filter((r) => !pids.has(r.ppid)).map(({ pid, argv }) => ({ pid, argv }));
}

/** The folders in the instance's gates dir. */
function gateFolders(inst: TestInstance): string[] {
  const dir = join(inst.dataDir, 'gates');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe.skipIf(process.platform !== 'linux')('the gate console started while the agent works', () => {
  let inst: TestInstance;
  /** The instance's data dir's name: what its runners' argv contain. */
  let dataDir: string;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    dataDir = basename(inst.dataDir);
    const profile = (id: string, flags: string[] = []) => ({ id, name: id, command: process.execPath, args: [AGENT, id, ...flags], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] });
    writeFileSync(join(inst.dataDir, 'profiles.json'), JSON.stringify({ profiles: [profile('fixer'), profile('sleeper'), profile('writer', ['--sleep', '4000'])] }));
    await inst.client.call('agents.list', {});
    await inst.client.call('tasks.setSettings', { maxIterations: 1, maxSwitches: 0 });
  });
  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
  });

  const repo = (files: Record<string, string>) => {
    const r = repoWithValue41(files);
    cleanups.push(r.cleanup);
    return realpathSync(r.dir);
  };
  const settle = (id: string) =>
    waitFor(async () => {
      const t = (await inst.client.call('tasks.get', { id })).task;
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, 60_000, `task ${id} to finish`);

  it('waits unseen (no session, nothing run) while the agent works; a cancel ends it and removes its folder', async () => {
    const dir = repo(valueProjectFiles());
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Add a slow feature', agent: 'sleeper' });
    const [runner] = await waitFor(() => {
      const r = runners(dataDir);
      return r.length ? r : null;
    }, 30_000, 'the gate runner started ahead');
    expect(runner!.argv.at(-1)).toBe('go');
    const t: Task = (await inst.client.call('tasks.get', { id: created.id })).task;
    expect(t).toMatchObject({ status: 'in_progress', phase: 'agent', gateSessionId: null });
    // No client sees it: the project's only session is the agent's.
    expect((await inst.client.call('sessions.list', { projectId: t.projectId })).map((s) => s.agent)).toEqual(['sleeper']);
    // Its folder waits empty: the checks are planned when the gate runs.
    const folder = runner!.argv.at(-2)!;
    expect(basename(folder)).toMatch(/^gate-ahead-/);
    expect(readdirSync(folder)).toEqual([]);

    await inst.client.call('tasks.cancel', { id: t.id });
    await waitFor(() => runners(dataDir).length === 0 && !existsSync(folder), 15_000, 'the runner started ahead to end and its folder to go');
    expect(gateFolders(inst)).toEqual([]);
  }, 60_000);

  it('becomes the gate\'s console: the runner started ahead runs the checks planned at gate time, and nothing is left after', async () => {
    const dir = repo(valueProjectFiles());
    const t = await settle((await inst.client.call('tasks.create', { path: dir, text: 'Fix the value in src/value.js', agent: 'fixer' })).id);
    expect(t.status).toBe('completed');
    const gate = await inst.client.call('sessions.get', { id: t.gateSessionId! });
    // The session shows the process started ahead (its argv ends with the go), not one spawned at gate time.
    expect(gate.argv.at(-1)).toBe('go');
    await waitFor(async () => (await inst.client.call('sessions.get', { id: gate.id })).state === 'exited', 15_000, 'the gate console to end');
    const screen = (await inst.client.call('sessions.screen', { id: gate.id })).text;
    // Its screen starts with the first check (the go typed into it is not echoed) and ends with the verdict.
    expect(screen.startsWith('── tests: npm test')).toBe(true);
    expect(screen).toMatch(/\[quality gate\] PASSED/);
    expect(runners(dataDir)).toEqual([]);
    await waitFor(() => gateFolders(inst).length === 0, 10_000, 'the gate folders to go');
  }, 60_000);

  it('one that ended before its gate is replaced: the gate starts its own console and still runs', async () => {
    const dir = repo({ 'README.md': '# no checks here\n' });
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Write notes.txt', agent: 'writer' });
    const [runner] = await waitFor(() => {
      const r = runners(dataDir);
      return r.length ? r : null;
    }, 30_000, 'the gate runner started ahead');
    process.kill(runner!.pid, 'SIGKILL');
    const t = await settle(created.id);
    expect(t.status).toBe('unverified');
    const gate = await inst.client.call('sessions.get', { id: t.gateSessionId! });
    expect(gate.argv.at(-1)).not.toBe('go');
    await waitFor(async () => (await inst.client.call('sessions.get', { id: gate.id })).state === 'exited', 15_000, 'the gate console to end');
    expect((await inst.client.call('sessions.screen', { id: gate.id })).text).toContain('No check found for this project.');
    await waitFor(() => gateFolders(inst).length === 0, 10_000, 'the gate folders to go');
  }, 60_000);
});
