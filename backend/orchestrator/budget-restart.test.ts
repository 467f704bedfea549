import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Task } from '../contract/index.js';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { HOOK_CLIENT_PATH } from '../sessions/hook-launch.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { valueRepoAt41 } from '../../test/fixtures/orchestrator/value-project.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/cued-spending-agent.sh', import.meta.url));
const ENV = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' };

/**
 * A budget alert is raised once, across restarts: a real backend on a real data folder, a
 * shell agent in a real PTY that names its transcript through the real hook channel at every
 * launch and appends Claude Code usage to it on cue, the usage watcher pricing it at list price.
 */
describe('a budget alert is raised once, across a restart of the backend', () => {
  let data: { dir: string; cleanup: () => void };
  let work: { dir: string; cleanup: () => void };
  let repo: { dir: string; cleanup: () => void };
  let inst: TestInstance | null = null;
  const cues = () => join(work.dir, 'cues');
  const spend = (id: string, outputTokens: number) => writeFileSync(join(cues(), `${id}.spend`), String(outputTokens));
  const start = async (alerts: EventPayload<'budget.alert'>[]) => {
    inst = await startTestInstance(ENV, { dataDir: data.dir });
    inst.client.on('budget.alert', (a) => alerts.push(a));
    return inst;
  };

  beforeAll(() => {
    data = tempDir('cortex-budget-restart-data-');
    work = tempDir('cortex-budget-restart-');
    mkdirSync(join(work.dir, 'cues'));
    const profile = {
      id: 'cued-spender',
      name: 'cued spender',
      command: '/bin/sh',
      args: [AGENT, HOOK_CLIENT_PATH, join(work.dir, 'transcript.jsonl'), cues()],
      promptMode: { kind: 'arg' },
      capabilities: ['implement', 'fix'],
      specializations: [],
      hooks: BUILTIN_PROFILES.find((p) => p.id === 'claude')!.hooks,
    };
    writeFileSync(join(data.dir, 'profiles.json'), JSON.stringify({ profiles: [profile] }));
    repo = valueRepoAt41();
  });
  afterAll(async () => {
    await inst?.stop();
    data?.cleanup();
    work?.cleanup();
    repo?.cleanup();
  });

  it('warns at 80 % once; after a restart on the same folder it does not warn again; a raised budget warns once more at 80 % of its new value', async () => {
    const first: EventPayload<'budget.alert'>[] = [];
    let i = await start(first);
    await i.client.call('agents.list', {});
    const projectId = (await i.client.call('projects.add', { path: realpathSync(repo.dir) })).id;
    await i.client.call('budgets.set', { scope: 'project', target: projectId, usd: 2 });
    const created = await i.client.call('tasks.create', { projectId, text: 'Fix the failing test in src/value.js', agent: 'cued-spender' });
    const task = async (): Promise<Task> => (await inst!.client.call('tasks.get', { id: created.id })).task;
    const sessionId = (await waitFor(async () => (await task()).sessionId, 20_000, 'the agent session'))!;
    await waitFor(() => i.instance.backend.usage.files().some((f) => f.sessionId === sessionId), 20_000, 'the transcript to be followed');

    // 120,000 output tokens of claude-sonnet-4-5: $1.80 of $2.00.
    spend('msg_a', 120_000);
    await waitFor(() => first.length > 0, 20_000, 'the 80 % alert').catch(async (err: Error) => {
      // Say what the budget watch saw: the task's state and the project's spend as read.
      const t = await task();
      const spent = await i.client.call('usage.summary', { groupBy: 'project', projectId });
      throw new Error(`${err.message}; task ${t.status}/${t.phase}, project spend ${JSON.stringify(spent.total)}`);
    });
    await new Promise((r) => setTimeout(r, 4500)); // two more polls of the budget watch
    expect(first.map((a) => [a.scope, a.target, a.verdict, a.reason])).toEqual([['project', projectId, 'warn', '90 % of the budget spent: $1.80 of $2.00 (estimate at list price)']]);

    // Restart on the same data folder: the session is relaunched, the task goes on, and the
    // agent names its transcript again.
    await i.stop();
    const second: EventPayload<'budget.alert'>[] = [];
    i = await start(second);
    expect(await task()).toMatchObject({ status: 'in_progress', phase: 'agent', sessionId });
    await waitFor(() => i.instance.backend.usage.files().some((f) => f.sessionId === sessionId), 20_000, 'the relaunched agent to name its transcript');
    await new Promise((r) => setTimeout(r, 4500)); // two polls of the budget watch
    // The transcript read again from where it was: nothing counted twice, and no second alert.
    const status = await i.client.call('budgets.get', { projectId });
    expect(status.project).toMatchObject({ verdict: 'warn', spent: { usd: 1.8, tokens: 120_000 } });
    expect(second).toEqual([]);

    // A raised budget is a new value: its 80 % is news again, once.
    expect(await i.client.call('budgets.set', { scope: 'project', target: projectId, usd: 10 })).toMatchObject({ verdict: 'ok' });
    spend('msg_b', 440_000); // $6.60 more: $8.40 of $10.00
    await waitFor(() => second.length > 0, 20_000, 'the alert of the raised budget');
    await new Promise((r) => setTimeout(r, 4500));
    expect(second.map((a) => [a.scope, a.verdict])).toEqual([['project', 'warn']]);
    expect(second[0]!.reason).toMatch(/^8\d % of the budget spent: \$8\.40 of \$10\.00 \(estimate at list price\)$/);
    expect(await task()).toMatchObject({ status: 'in_progress', sessionId });
  }, 150_000);
});
