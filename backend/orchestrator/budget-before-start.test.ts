import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../contract/index.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { HOOK_CLIENT_PATH } from '../sessions/hook-launch.js';
import { runCortex } from '../../test/support/cortex-cli.js';
import { startTestInstance, type TestInstance, useProfilesAndProject } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { valueRepoAt41 } from '../../test/fixtures/orchestrator/value-project.js';

const SPENDER = fileURLToPath(new URL('../../test/fixtures/orchestrator/cued-spending-agent.sh', import.meta.url));
const SCRIPTED = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));
const ENV = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' };

/**
 * The orchestrator never starts work that a budget it already knows is spent forbids, on the
 * real code path: a real backend on a real SQLite file, a shell agent in a real PTY that names
 * its Claude Code transcript through the real hook channel and appends usage to it (the usage
 * watcher prices it at list price), a scripted agent that fixes a real git repository, the real
 * quality gate, and the `cortex` CLI as a child process.
 */
describe('a project whose budget is already spent', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  let repo: { dir: string; cleanup: () => void };
  let projectId: string;
  const cues = () => join(work.dir, 'cues');

  beforeAll(async () => {
    work = tempDir('cortex-budget-before-');
    mkdirSync(cues());
    inst = await startTestInstance(ENV);
    const profiles = [
      {
        id: 'cued-spender',
        name: 'cued spender',
        command: '/bin/sh',
        args: [SPENDER, HOOK_CLIENT_PATH, join(work.dir, 'transcript.jsonl'), cues()],
        promptMode: { kind: 'arg' },
        capabilities: ['implement', 'fix'],
        specializations: [],
        hooks: BUILTIN_PROFILES.find((p) => p.id === 'claude')!.hooks,
      },
      { id: 'fixer', name: 'fixer', command: process.execPath, args: [SCRIPTED, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] },
    ];
    repo = valueRepoAt41();
    projectId = await useProfilesAndProject(inst, profiles, repo.dir);
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
    work?.cleanup();
  });

  const task = async (id: string): Promise<Task> => (await inst.client.call('tasks.get', { id })).task;
  const finished = (id: string) =>
    waitFor(async () => {
      const t = await task(id);
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, 60_000, `task ${id} to finish`);
  const sessionIds = async () => (await inst.client.call('sessions.list', {})).map((s) => s.id).sort();
  const cli = async (...args: string[]) => {
    const run = await runCortex(args, inst.dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run.stdout;
  };
  /** The held-task sentence for a spend of $2.25 against `limit`. */
  const heldFor = (limit: string) => `budget reached: $2.25 of ${limit} (estimate at list price) (project budget); raise it to go on: cortex budget set project ${projectId} --usd <amount>`;

  it('starts no agent session for a new task, holds it with the budget named (API and CLI), and starts it once the preset or the budget allows', async () => {
    // Cost optimized gives the project a budget of $2.00 (and 2,000,000 tokens).
    await inst.client.call('presets.apply', { projectId, presetId: 'cost_optimized', via: 'api' });

    // A session outside any task spends $2.25: 150,000 output tokens of claude-sonnet-4-5, in its transcript.
    const spender = await inst.client.call('sessions.start', { projectId, agent: 'cued-spender' });
    await waitFor(() => inst.instance.backend.usage.files().some((f) => f.sessionId === spender.id), 20_000, 'the transcript to be followed');
    writeFileSync(join(cues(), 'msg_spent.spend'), '150000');
    const spent = await waitFor(async () => {
      const b = (await inst.client.call('budgets.get', { projectId })).project;
      return b.verdict === 'stop' ? b : null;
    }, 20_000, 'the project budget to be reached');
    expect(spent).toMatchObject({ source: 'preset', limit: { usd: 2, tokens: 2_000_000 }, spent: { usd: 2.25, tokens: 150_000 } });
    const before = await sessionIds();

    // A new task: queued and held, with the budget named, and no agent session or worktree.
    const first = await inst.client.call('tasks.create', { projectId, text: 'Fix the failing test in src/value.js', agent: 'fixer' });
    expect(first).toMatchObject({ status: 'pending', phase: 'queued', sessionId: null, worktree: null, held: heldFor('$2.00'), heldUntil: null });
    // Through two polls of the budget watch and whatever pumps the queue meanwhile, it stays so.
    await new Promise((r) => setTimeout(r, 4500));
    expect(await task(first.id)).toMatchObject({ status: 'pending', sessionId: null, worktree: null, startedAt: null, held: heldFor('$2.00') });
    expect(await sessionIds()).toEqual(before);

    // The CLI shows the same: the list says it is held and why, `task show` too.
    const list = await cli('task', 'list');
    expect(list).toMatch(new RegExp(`${first.id.slice(0, 8)}\\s+pending \\(held\\)\\s+fixer`));
    expect(list).toContain(`${first.id.slice(0, 8)} held: ${heldFor('$2.00')}`);
    expect(await cli('task', 'show', first.id)).toMatch(new RegExp(`held\\s+${heldFor('$2.00').replace(/[$.()<>]/g, '\\$&')}`));

    // What the project page offers: another preset, without a budget. The held task starts at once.
    await inst.client.call('presets.apply', { projectId, presetId: 'balanced', via: 'ui' });
    const done = await finished(first.id);
    expect(done).toMatchObject({ status: 'completed', held: '', agent: 'fixer' });
    expect(done.sessionId).not.toBeNull();

    // Back under cost optimized: the next task is held again (the spend is still $2.25).
    await inst.client.call('presets.apply', { projectId, presetId: 'cost_optimized', via: 'ui' });
    const second = await inst.client.call('tasks.create', { projectId, text: 'Fix the failing test in src/value.js again', agent: 'fixer' });
    expect(second).toMatchObject({ status: 'pending', sessionId: null, held: heldFor('$2.00') });

    // A budget raised but still below the spend: still held, with the new figure.
    await cli('budget', 'set', 'project', projectId, '--usd', '2.2');
    expect(await task(second.id)).toMatchObject({ status: 'pending', sessionId: null, held: heldFor('$2.20') });
    // Raised above it, as the held sentence says: it starts and finishes.
    await cli('budget', 'set', 'project', projectId, '--usd', '5');
    expect(await finished(second.id)).toMatchObject({ status: 'completed', held: '' });
  }, 150_000);
});
