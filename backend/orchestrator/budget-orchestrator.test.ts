import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Task } from '../contract/index.js';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { HOOK_CLIENT_PATH } from '../sessions/hook-launch.js';
import { runCli } from '../../cli/main.js';
import { startTestInstance, type TestInstance, useProfilesAndProject } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { valueRepoAt41 } from '../../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/spending-agent.sh', import.meta.url));

/**
 * A budget that acts, on the real code path: a real backend, a shell agent in a real PTY that
 * names its transcript through the real hook channel and appends Claude Code usage to it, the
 * usage watcher pricing it at list price, the orchestrator and the real quality gate.
 */
describe('a project budget stops a task at its limit', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  let repo: { dir: string; cleanup: () => void };
  let projectId: string;
  const alerts: EventPayload<'budget.alert'>[] = [];
  const notes: EventPayload<'task.notify'>[] = [];

  beforeAll(async () => {
    work = tempDir('cortex-budget-it-');
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
    const profile = {
      id: 'spender',
      name: 'spender',
      command: '/bin/sh',
      args: [AGENT, HOOK_CLIENT_PATH, join(work.dir, 'transcript.jsonl'), join(work.dir, 'ran-once')],
      promptMode: { kind: 'arg' },
      capabilities: ['implement', 'fix'],
      specializations: [],
      hooks: BUILTIN_PROFILES.find((p) => p.id === 'claude')!.hooks,
    };
    inst.client.on('budget.alert', (a) => alerts.push(a));
    inst.client.on('task.notify', (n) => notes.push(n));
    repo = valueRepoAt41();
    projectId = await useProfilesAndProject(inst, [profile], repo.dir);
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
    work?.cleanup();
  });

  const task = async (id: string): Promise<Task> => (await inst.client.call('tasks.get', { id })).task;

  it('warns once at 80 %, stops the running turn at 100 % and keeps its session, holds the task, and goes on when the budget is raised', async () => {
    const set = await inst.client.call('budgets.set', { scope: 'project', target: projectId, usd: 2 });
    expect(set).toMatchObject({ source: 'user', limit: { usd: 2, tokens: null }, verdict: 'ok', spent: { usd: 0, tokens: 0 } });

    const created = await inst.client.call('tasks.create', { projectId, text: 'Fix the failing test in src/value.js', agent: 'spender' });
    const firstSession = (await waitFor(async () => (await task(created.id)).sessionId, 20_000, 'the agent session'))!;

    const held = await waitFor(async () => {
      const t = await task(created.id);
      return t.status === 'pending' && t.held ? t : null;
    }, 60_000, 'the task to be held by its budget');
    expect(held.held).toBe('budget reached: $2.25 of $2.00 (estimate at list price) (project budget); raise it to go on: cortex budget set project ' + projectId + ' --usd <amount>');
    expect(held).toMatchObject({ phase: 'queued', heldUntil: null, sessionId: firstSession });

    // One alert per level, the warning first; each with a notification.
    expect(alerts.map((a) => [a.scope, a.verdict])).toEqual([
      ['project', 'warn'],
      ['project', 'stop'],
    ]);
    expect(alerts[0]!.reason).toBe('90 % of the budget spent: $1.80 of $2.00 (estimate at list price)');
    const budgetNotes = notes.filter((n) => n.taskId === created.id && n.outcome === 'budget').map((n) => n.body);
    expect(budgetNotes[0]).toBe('Budget warning: 90 % of the budget spent: $1.80 of $2.00 (estimate at list price).');
    expect(budgetNotes[1]).toMatch(/^Budget reached: budget reached: \$2\.25 of \$2\.00 .*current turn is stopped/);
    expect(budgetNotes.at(-1)).toMatch(/^Budget reached: .*turn was stopped and its session stays open; no new turn starts until the budget is raised\.$/);

    // The running turn was stopped by the agent's interrupt (Ctrl-C for this profile), not by
    // killing it: the agent is back at its prompt, and its session stays open, marked.
    const screen = await waitFor(async () => {
      const text = (await inst.client.call('sessions.screen', { id: firstSession })).text;
      return text.includes('turn interrupted') ? text : null;
    }, 20_000, 'the agent to show its turn was interrupted');
    expect(screen).not.toContain('edited src/value.js');
    const s = await inst.client.call('sessions.get', { id: firstSession });
    expect(s.state).toBe('waiting');
    expect(s.stateReason).toBe('budget reached: $2.25 of $2.00 (estimate at list price) (project budget)');

    // It stays held: no retry starts while the budget is spent.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await task(created.id)).toMatchObject({ status: 'pending', held: expect.stringContaining('budget reached') });
    expect((await inst.client.call('sessions.get', { id: firstSession })).state).toBe('waiting');
    const status = await inst.client.call('budgets.get', { taskId: created.id });
    expect(status.project).toMatchObject({ verdict: 'stop', spent: { usd: 2.25, tokens: 150_000 }, costBasis: 'list-price estimate' });
    expect(status.task).toMatchObject({ verdict: 'ok', source: 'none', spent: { usd: 2.25, tokens: 150_000 } });

    // The CLI shows the same.
    let stdout = '';
    const code = await runCli(['budget', 'show', projectId], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => {} },
      env: { ...process.env, CORTEX_DATA_DIR: inst.dataDir, NO_COLOR: '1' },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/project\s+\$2\.25\s+\$2\.00\s+150,000\s+none\s+STOP\s+budget reached: \$2\.25 of \$2\.00 \(estimate at list price\)/);

    // Raising the budget lets it go on from its worktree; the gate passes this time.
    await inst.client.call('budgets.set', { scope: 'project', target: projectId, usd: 10 });
    const done = await waitFor(async () => {
      const t = await task(created.id);
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, 60_000, 'the task to finish');
    expect(done).toMatchObject({ status: 'completed', held: '' });
    // Starting again ended the kept session.
    expect((await inst.client.call('sessions.get', { id: firstSession })).state).toBe('exited');
  });
});
