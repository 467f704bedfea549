import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../contract/index.js';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { startTestInstance, type TestInstance, useProfilesAndProject } from '../../test/support/instance.js';
import { waitFor } from '../../test/support/temp.js';
import { valueRepoAt41 } from '../../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';

const LIMITED = fileURLToPath(new URL('../../test/fixtures/orchestrator/limited-agent.sh', import.meta.url));
const FIXER = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));
/** Codex CLI's message (openai/codex, UsageLimitReachedError) with a reset in 2 h 13 min. */
const CODEX_LIMIT = "■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again in 2 hours 13 minutes.";
/** Claude Code's shown message, as users report it. */
const CLAUDE_LIMIT = 'Claude usage limit reached. Your limit will reset at 3pm (America/Chicago).';

/**
 * Quota awareness on the real code path: shell stand-ins in real PTYs print the agents' real
 * usage-limit messages; the quota patterns are the built-in profiles' data.
 */
describe('an agent that reports its usage limit', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };
  let projectId: string;
  const quota = (id: string) => BUILTIN_PROFILES.find((p) => p.id === id)!.quota;

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
    const profiles = [
      { id: 'limited', name: 'limited', command: '/bin/sh', args: [LIMITED, CODEX_LIMIT], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [], quota: quota('codex') },
      { id: 'limited-exits', name: 'limited-exits', command: '/bin/sh', args: [LIMITED, CLAUDE_LIMIT, '--exit', '1'], promptMode: { kind: 'arg' }, capabilities: [], specializations: [], quota: quota('claude') },
      { id: 'fixer', name: 'fixer', command: process.execPath, args: [FIXER, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] },
    ];
    repo = valueRepoAt41();
    projectId = await useProfilesAndProject(inst, profiles, repo.dir);
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
  });

  const task = async (id: string): Promise<Task> => (await inst.client.call('tasks.get', { id })).task;
  const agent = async (id: string) => (await inst.client.call('agents.list', {})).agents.find((a) => a.id === id)!;

  it('a session reads waiting with the reset time; the agent is held until then and is not restarted', async () => {
    const before = Date.now();
    const s = await inst.client.call('sessions.start', { projectId, agent: 'limited-exits', restartPolicy: 'on-failure' });
    const exited = await waitFor(async () => {
      const x = await inst.client.call('sessions.get', { id: s.id });
      return x.state === 'exited' ? x : null;
    }, 20_000, 'the agent to exit');
    // It printed the message and exited 1: a failure the restart policy would restart, but the agent is held.
    expect(exited.exitCode).toBe(1);
    const held = await agent('limited-exits');
    expect(held.breaker.quotaReason).toMatch(/^quota reached \(usage limit\), resets at \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(held.breaker.quotaUntil).toBeGreaterThan(before);
    expect(held.breaker.quotaUntil! - before).toBeLessThanOrEqual(24 * 3_600_000);
    await new Promise((r) => setTimeout(r, 3000));
    const after = await inst.client.call('sessions.get', { id: s.id });
    expect(after).toMatchObject({ state: 'exited', restarts: 0 });
    // New work is refused for it until the reset (or a person lifts the hold).
    await expect(inst.client.call('tasks.create', { projectId, text: 'Fix the failing test', agent: 'limited-exits' })).rejects.toMatchObject({ code: 'AGENT_UNAVAILABLE' });
    await inst.client.call('agents.resetBreaker', { agent: 'limited-exits' });
    expect((await agent('limited-exits')).breaker).toMatchObject({ quotaUntil: null, quotaReason: '' });
  });

  it('a task whose agent hits its limit switches to another agent, never retrying the limited one', async () => {
    const created = await inst.client.call('tasks.create', { projectId, text: 'Fix the failing test in src/value.js', agent: 'limited' });
    const done = await waitFor(async () => {
      const t = await task(created.id);
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, 60_000, 'the task to finish');
    expect(done).toMatchObject({ status: 'completed', agent: 'fixer', agentsTried: ['limited', 'fixer'] });
    const { switches } = await inst.client.call('tasks.get', { id: created.id });
    expect(switches[0]!.reason).toMatch(/^limited reported quota reached \(usage limit\), resets at .*; switching to the next-ranked agent fixer$/);
    // The matcher keeps new tasks off it until the reset.
    const ranking = (await inst.client.call('tasks.analyze', { projectId, text: 'Fix the failing test' })).ranking;
    expect(ranking.find((r) => r.agent === 'limited')!.eligible).toBe(false);
    const quotaUntil = (await agent('limited')).breaker.quotaUntil!;
    expect(Math.abs(quotaUntil - (Date.now() + (2 * 60 + 13) * 60_000))).toBeLessThan(60_000);
  });

  it('with no switch allowed the task waits until the reset, its session reading waiting with the reason', async () => {
    await inst.client.call('agents.resetBreaker', { agent: 'limited' });
    await inst.client.call('tasks.setSettings', { maxSwitches: 0 });
    const created = await inst.client.call('tasks.create', { projectId, text: 'Fix the failing test in src/value.js again', agent: 'limited' });
    const held = await waitFor(async () => {
      const t = await task(created.id);
      return t.status === 'pending' && t.heldUntil !== null ? t : null;
    }, 30_000, 'the task to be held until the reset');
    expect(held.held).toMatch(/^limited: quota reached \(usage limit\), resets at /);
    expect(Math.abs(held.heldUntil! - (Date.now() + (2 * 60 + 13) * 60_000))).toBeLessThan(60_000);
    const s = await inst.client.call('sessions.get', { id: held.sessionId! });
    expect(s.state).toBe('waiting');
    expect(s.stateReason).toMatch(/^quota reached \(usage limit\), resets at /);
    // Nothing restarts it meanwhile.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await task(created.id)).toMatchObject({ status: 'pending', agentsTried: ['limited'], iterations: 0 });
    await inst.client.call('tasks.cancel', { id: created.id });
  });
});
