import { readFileSync, realpathSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TASK_FINAL_STATUSES, type PresetBody, type Task } from '../contract/index.js';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { HOOK_CLIENT_PATH } from '../sessions/hook-launch.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { gitIn, tempDir, waitFor } from '../../test/support/temp.js';
import { valueRepoAt41 } from '../../test/fixtures/orchestrator/value-project.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));
const SPENDER = fileURLToPath(new URL('../../test/fixtures/orchestrator/spending-agent.sh', import.meta.url));
const ESLINT = fileURLToPath(new URL('../../node_modules/.bin/eslint', import.meta.url));

/**
 * The limits a project's preset sets, each taking effect on the real code path: a real
 * backend over WebSocket, real git repositories, scripted agents (real programs in real PTYs),
 * the real quality gate running the project's test, and for budgets a shell agent that
 * appends Claude Code usage to its transcript. No orchestrator setting is set app-wide here:
 * every limit comes from the preset applied to the project.
 */
describe('a preset sets the parallel limit, turn limit, iterations, switches, default budgets and checks of its project', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  const cleanups: (() => void)[] = [];
  const log = (persona: string) => join(work.dir, `${persona}.log`);

  beforeAll(async () => {
    work = tempDir('cortex-preset-limits-');
    // The real ESLint of this repository, alone in a folder on PATH (so the gate can run it).
    const bin = join(work.dir, 'bin');
    mkdirSync(bin);
    symlinkSync(ESLINT, join(bin, 'eslint'));
    inst = await startTestInstance({ PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
    const scripted = (id: string, persona: string, capabilities: string[]) => ({
      id,
      name: id,
      command: process.execPath,
      args: [AGENT, persona, '--log', log(persona)],
      promptMode: { kind: 'arg' },
      capabilities,
      specializations: [],
    });
    const spender = {
      id: 'spender',
      name: 'spender',
      command: '/bin/sh',
      args: [SPENDER, HOOK_CLIENT_PATH, join(work.dir, 'transcript.jsonl'), join(work.dir, 'ran-once')],
      promptMode: { kind: 'arg' },
      capabilities: ['implement'],
      specializations: [],
      hooks: BUILTIN_PROFILES.find((p) => p.id === 'claude')!.hooks,
    };
    // The broken agents rank above the others for a "fix" task (they take fix tasks, the others
    // do not): an agent switch goes from one broken agent to another.
    const profiles = [
      scripted('broken-a', 'broken', ['implement', 'fix']),
      scripted('broken-b', 'broken', ['implement', 'fix']),
      scripted('broken-c', 'broken', ['implement', 'fix']),
      scripted('sleeper', 'sleeper', ['implement']),
      scripted('fixer', 'fixer', ['implement']),
      spender,
    ];
    writeFileSync(join(inst.dataDir, 'profiles.json'), JSON.stringify({ profiles }));
    await inst.client.call('agents.list', {});
    // Every limit below comes from a preset: nothing is set app-wide.
    expect(await inst.client.call('tasks.settings', {})).toEqual({ parallelLimit: 3, maxIterations: 3, maxSwitches: 2, turnTimeoutSec: 3_600 });
  });
  // A test that failed half-way leaves no task running to take the next test's places.
  afterEach(async () => {
    for (const t of await inst.client.call('tasks.list', {})) if (t.status === 'pending' || t.status === 'in_progress') await inst.client.call('tasks.cancel', { id: t.id });
  });
  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
    work?.cleanup();
  });

  const project = async (files: Record<string, string> = {}): Promise<string> => {
    const r = valueRepoAt41();
    cleanups.push(r.cleanup);
    for (const [f, body] of Object.entries(files)) writeFileSync(join(r.dir, f), body);
    if (Object.keys(files).length) {
      gitIn(r.dir, 'add', '-A');
      gitIn(r.dir, 'commit', '-q', '-m', 'more files');
    }
    return (await inst.client.call('projects.add', { path: realpathSync(r.dir) })).id;
  };
  const apply = (projectId: string, presetId: string) => inst.client.call('presets.apply', { projectId, presetId, via: 'api' });
  /** A user preset: a built-in one with some fields changed. */
  const userPreset = async (id: string, from: string, patch: Partial<PresetBody>): Promise<void> => {
    const { id: _id, builtin: _b, ...body } = await inst.client.call('presets.get', { id: from });
    await inst.client.call('presets.create', { id, body: { ...body, name: id, matcher: { ...body.matcher, preferredAgents: [] }, ...patch }, via: 'api' });
  };
  const task = async (id: string): Promise<Task> => (await inst.client.call('tasks.get', { id })).task;
  const create = (projectId: string, text: string, agent: string) => inst.client.call('tasks.create', { projectId, text, agent });
  const agentRuns = (id: string) =>
    waitFor(async () => {
      const t = await task(id);
      return t.status === 'in_progress' && t.phase === 'agent' && t.sessionId ? t : null;
    }, 20_000, `task ${id}'s agent to run`);
  const settle = (id: string, timeout = 60_000) =>
    waitFor(async () => {
      const t = await task(id);
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, timeout, `task ${id} to finish`);
  const inProgress = async (projectId: string) => (await inst.client.call('tasks.list', { projectId })).filter((t) => t.status === 'in_progress').map((t) => t.id);
  const prompts = (persona: string) =>
    readFileSync(log(persona), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { prompt: string }).prompt);

  it('parallel limit: under cost_optimized (1) a second task waits until the first ends; applying speed (6) starts the waiting one at once and runs four together', async () => {
    const p = await project();
    await apply(p, 'cost_optimized');
    const a = await create(p, 'Implement a slow feature alpha', 'sleeper');
    const b = await create(p, 'Implement a slow feature beta', 'sleeper');
    await agentRuns(a.id);
    // A second later the first still runs and the second still waits in the queue.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await task(b.id)).toMatchObject({ status: 'pending', phase: 'queued', startedAt: null, sessionId: null });
    expect(await inProgress(p)).toEqual([a.id]);
    // The first ends (cancelled): the second starts.
    const cancelled = await inst.client.call('tasks.cancel', { id: a.id });
    const bRuns = await agentRuns(b.id);
    expect(bRuns.startedAt!).toBeGreaterThanOrEqual(cancelled.endedAt!);

    // Still one at a time: a third task waits behind the second.
    const c = await create(p, 'Implement a slow feature gamma', 'sleeper');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await task(c.id)).toMatchObject({ status: 'pending', phase: 'queued' });
    // Speed allows 6 of this project's tasks at once: the third starts as soon as it is applied,
    // without waiting for the second to end, and four run together (more than the app's default 3).
    await apply(p, 'speed');
    await agentRuns(c.id);
    expect((await task(b.id)).status).toBe('in_progress');
    const d = await create(p, 'Implement a slow feature delta', 'sleeper');
    const e = await create(p, 'Implement a slow feature epsilon', 'sleeper');
    await Promise.all([agentRuns(d.id), agentRuns(e.id)]);
    expect((await inProgress(p)).sort()).toEqual([b.id, c.id, d.id, e.id].sort());
    for (const t of [b, c, d, e]) await inst.client.call('tasks.cancel', { id: t.id });
  }, 90_000);

  it("turn limit: a turn past the preset's limit is stopped, the gate judges it, the retry prompt and the failure name that limit; under cost_optimized the same turn runs on", async () => {
    await userPreset('short-turns', 'cost_optimized', { turnTimeoutSec: 2, maxIterations: 2, maxSwitches: 0, budgets: { usd: null, tokens: null } });
    const p = await project();
    await apply(p, 'short-turns');
    // The sleeper would work 60 s: stopped at 2 s, gate (fails: 41), retried with the reason, stopped again, failed.
    const created = await create(p, 'Implement a slow feature', 'sleeper');
    const t = await settle(created.id, 40_000);
    expect(t).toMatchObject({ status: 'failed', iterations: 2 });
    expect(t.error).toMatch(/^quality gate failed 2 time\(s\) with sleeper; 0 agent switch\(es\) allowed and used; its last turn ran past the 2 s turn limit and was stopped/);
    expect(t.endedAt! - t.startedAt!).toBeLessThan(25_000);
    expect(prompts('sleeper').at(-1)).toMatch(/^Your last turn ran past the 2 s limit and was stopped; the gate judged what was in the folder\./);
    // The second agent session shows the prompt it was given.
    const screen = (await inst.client.call('sessions.screen', { id: t.sessionId! })).text;
    expect(screen).toContain('working on: Your last turn ran past the 2 s limit');

    // Under cost_optimized (1200 s) the same turn is not stopped.
    await apply(p, 'cost_optimized');
    const long = await create(p, 'Implement a slow feature again', 'sleeper');
    const running = await agentRuns(long.id);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await task(long.id)).toMatchObject({ status: 'in_progress', phase: 'agent', iterations: 0 });
    expect((await inst.client.call('sessions.get', { id: running.sessionId! })).state).not.toBe('exited');
    await inst.client.call('tasks.cancel', { id: long.id });
  }, 90_000);

  it('max iterations: cost_optimized gives an agent 2 gate runs and no switch; a preset with 1 run ends after the first', async () => {
    const p = await project();
    await apply(p, 'cost_optimized');
    const first = await create(p, 'Fix the failing test in src/value.js', 'broken-a');
    const t = await settle(first.id);
    expect(t).toMatchObject({ status: 'failed', iterations: 2, agentsTried: ['broken-a'] });
    expect(t.error).toMatch(/^quality gate failed 2 time\(s\) with broken-a; 0 agent switch\(es\) allowed and used \(last: /);
    const detail = await inst.client.call('tasks.get', { id: t.id });
    expect(detail.gates.map((g) => [g.iteration, g.agent, g.passed])).toEqual([
      [1, 'broken-a', false],
      [2, 'broken-a', false],
    ]);
    expect(detail.switches).toEqual([]);

    await userPreset('one-run', 'cost_optimized', { maxIterations: 1 });
    await apply(p, 'one-run');
    const second = await create(p, 'Fix the failing test in src/value.js', 'broken-a');
    const u = await settle(second.id);
    expect(u).toMatchObject({ status: 'failed', iterations: 1, agentsTried: ['broken-a'] });
    expect(u.error).toMatch(/^quality gate failed 1 time\(s\) with broken-a; 0 agent switch\(es\) allowed and used/);
  }, 90_000);

  it('max switches: a preset with 1 switch hands the task to one other agent, then it fails saying the switch is used', async () => {
    await userPreset('one-switch', 'cost_optimized', { maxIterations: 1, maxSwitches: 1 });
    const p = await project();
    await apply(p, 'one-switch');
    const created = await create(p, 'Fix the failing test in src/value.js', 'broken-a');
    const t = await settle(created.id);
    expect(t).toMatchObject({ status: 'failed', iterations: 2 });
    expect(t.agentsTried).toHaveLength(2);
    expect(t.agentsTried[0]).toBe('broken-a');
    expect(['broken-b', 'broken-c']).toContain(t.agentsTried[1]);
    expect(t.error).toMatch(new RegExp(`^quality gate failed 1 time\\(s\\) with ${t.agentsTried[1]}; 1 agent switch\\(es\\) allowed and used`));
    const detail = await inst.client.call('tasks.get', { id: t.id });
    expect(detail.switches.map((s) => [s.from, s.to])).toEqual([['broken-a', t.agentsTried[1]]]);
    // A third agent was there to switch to: the limit, not a lack of agents, ended the task.
    expect(detail.ranking.filter((r) => r.eligible && r.agent.startsWith('broken-')).map((r) => r.agent).sort()).toEqual(['broken-a', 'broken-b', 'broken-c']);
  }, 90_000);

  it("default budgets: cost_optimized's $2 project budget holds a task that spends past it; balanced has none and lets it go on; a budget the user sets wins over the preset's", async () => {
    const p = await project();
    await apply(p, 'cost_optimized');
    expect((await inst.client.call('budgets.get', { projectId: p })).project).toMatchObject({ source: 'preset', limit: { usd: 2, tokens: 2_000_000 }, verdict: 'ok' });

    // The spender spends $1.80, then $0.45 more: held at the preset's $2.
    const created = await create(p, 'Implement the value change in src/value.js', 'spender');
    const held = await waitFor(async () => {
      const t = await task(created.id);
      return t.status === 'pending' && t.held ? t : null;
    }, 60_000, 'the task to be held by its budget');
    expect(held.held).toBe(`budget reached: $2.25 of $2.00 (estimate at list price) (project budget); raise it to go on: cortex budget set project ${p} --usd <amount>`);
    const status = await inst.client.call('budgets.get', { taskId: created.id });
    expect(status.project).toMatchObject({ source: 'preset', verdict: 'stop', spent: { usd: 2.25, tokens: 150_000 } });
    // The preset sets the project's budget; a task has none of its own.
    expect(status.task).toMatchObject({ source: 'none', limit: { usd: null, tokens: null } });

    // Balanced has no default budget: applying it lets the held task go on at once, and it completes.
    await apply(p, 'balanced');
    expect((await inst.client.call('budgets.get', { projectId: p })).project).toMatchObject({ source: 'none', limit: { usd: null, tokens: null }, verdict: 'ok' });
    expect(await settle(created.id)).toMatchObject({ status: 'completed', held: '' });

    // A budget the user sets wins over the preset's: back under cost_optimized ($2, already
    // spent) with the user's $5, a new task is not held.
    await inst.client.call('budgets.set', { scope: 'project', target: p, usd: 5 });
    await apply(p, 'cost_optimized');
    expect((await inst.client.call('budgets.get', { projectId: p })).project).toMatchObject({ source: 'user', limit: { usd: 5 }, verdict: 'ok', spent: { usd: 2.25 } });
    const next = await create(p, 'Implement the value change in src/value.js once more', 'fixer');
    expect(await settle(next.id)).toMatchObject({ status: 'completed', held: '' });
    // Without the user's budget the preset's applies again, and a new task is held before it starts.
    await inst.client.call('budgets.set', { scope: 'project', target: p });
    const blocked = await create(p, 'Implement yet another value change', 'fixer');
    const waiting = await waitFor(async () => {
      const t = await task(blocked.id);
      return t.held ? t : null;
    }, 10_000, 'the new task to be held');
    expect(waiting).toMatchObject({ status: 'pending', phase: 'queued', sessionId: null });
    expect(waiting.held).toMatch(/^budget reached: \$2\.25 of \$2\.00/);
    await inst.client.call('tasks.cancel', { id: blocked.id });
  }, 120_000);

  it("gate checks: balanced's gate runs the project's ESLint, speed's leaves lint out", async () => {
    const p = await project({ 'eslint.config.js': 'module.exports = [];\n' });
    const run = async (presetId: string): Promise<Task> => {
      await apply(p, presetId);
      const created = await create(p, 'Implement the value change in src/value.js', 'fixer');
      return settle(created.id);
    };
    const balanced = await run('balanced');
    expect(balanced.status).toBe('completed');
    expect(balanced.gate!.checks.map((c) => [c.kind, c.tool, c.status])).toEqual([
      ['tests', 'npm test', 'passed'],
      ['lint', 'eslint', 'passed'],
    ]);
    const speed = await run('speed');
    expect(speed.status).toBe('completed');
    expect(speed.gate!.checks.map((c) => [c.kind, c.tool, c.status])).toEqual([['tests', 'npm test', 'passed']]);
  }, 90_000);
});
