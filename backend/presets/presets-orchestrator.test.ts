import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigChange, Task } from '../contract/index.js';
import { startTestInstance, type TestInstance, useProfilesAndProject } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { valueRepoAt41 } from '../../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

/**
 * The applied preset on the real code path: a real backend, the built-in `claude` and `gemini`
 * profiles found on PATH (stand-in executables, never started here), a scripted agent that
 * fixes a real git repository, and the real quality gate running the project's test.
 */
describe('presets drive the matcher and the quality gate', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  let repo: { dir: string; cleanup: () => void };
  let projectId: string;
  const changes: ConfigChange[] = [];

  beforeAll(async () => {
    work = tempDir('cortex-presets-it-');
    const bin = join(work.dir, 'bin');
    mkdirSync(bin);
    for (const name of ['claude', 'gemini']) {
      writeFileSync(join(bin, name), '#!/bin/sh\nexit 0\n');
      chmodSync(join(bin, name), 0o755);
    }
    inst = await startTestInstance({ PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
    const profile = { id: 'fixer', name: 'fixer', command: process.execPath, args: [AGENT, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] };
    inst.client.on('presets.changed', (c) => changes.push(c));
    repo = valueRepoAt41();
    projectId = await useProfilesAndProject(inst, [profile], repo.dir);
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
    work?.cleanup();
  });

  const settle = (id: string) =>
    waitFor(async () => {
      const t = (await inst.client.call('tasks.get', { id })).task;
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, 60_000, `task ${id} to finish`);
  const rank = async () => (await inst.client.call('tasks.analyze', { projectId, text: 'Fix the failing test in src/value.js' })).ranking.filter((r) => r.eligible);

  it('quality_first ranks its preferred agent (claude) first, cost_optimized its own (gemini); balanced adds no preference part', async () => {
    const balanced = await rank();
    expect(balanced[0]!.parts.preference).toBeUndefined();

    await inst.client.call('presets.apply', { projectId, presetId: 'quality_first', via: 'api' });
    const quality = await rank();
    expect(quality[0]!.agent).toBe('claude');
    expect(quality[0]!.parts.preference).toMatchObject({ value: 1, weight: 0.2 });
    expect(quality[0]!.parts.capability.weight).toBe(0.3);

    await inst.client.call('presets.apply', { projectId, presetId: 'cost_optimized', via: 'cli' });
    const cost = await rank();
    expect(cost[0]!.agent).toBe('gemini');
    expect(cost[0]!.parts.preference).toMatchObject({ value: 1, weight: 0.25 });
    expect(cost.find((r) => r.agent === 'claude')!.parts.preference!.value).toBe(0);
    expect(quality.map((r) => r.agent)).not.toEqual(cost.map((r) => r.agent));
    // The event carried each change, who made it, and the old and new preset.
    expect(changes.slice(-2).map((c) => [c.actor, c.oldValue, c.newValue])).toEqual([
      ['api', null, 'quality_first'],
      ['cli', 'quality_first', 'cost_optimized'],
    ]);
  });

  it("the gate scores against the applied preset's threshold and runs its checks; an explicit project threshold wins", async () => {
    const run = async (presetId: string): Promise<Task> => {
      await inst.client.call('presets.apply', { projectId, presetId, via: 'api' });
      const created = await inst.client.call('tasks.create', { projectId, text: 'Fix the value in src/value.js', agent: 'fixer' });
      const t = await settle(created.id);
      await inst.client.call('tasks.discard', { id: t.id });
      return t;
    };
    const q = await run('quality_first');
    expect(q.status).toBe('completed');
    expect(q.gate!.snapshot!.threshold).toBe(0.85);
    const c = await run('cost_optimized');
    expect(c.status).toBe('completed');
    expect(c.gate!.snapshot!.threshold).toBe(0.6);
    expect((await inst.client.call('quality.checks', { projectId })).settings.threshold).toBe(0.6);

    // An explicit project setting wins over the preset, and the effective configuration says so.
    await inst.client.call('quality.setChecks', { projectId, commands: {}, threshold: 0.75 });
    const eff = await inst.client.call('presets.effective', { projectId });
    expect(eff).toMatchObject({ presetId: 'cost_optimized', source: 'project', gate: { threshold: 0.75 }, overrides: [{ field: 'gate.threshold', value: 0.75, from: 'quality settings' }] });
    expect((await run('quality_first')).gate!.snapshot!.threshold).toBe(0.75);

    // Tasks count under the preset they ran with.
    const effect = await inst.client.call('presets.expectedEffect', { projectId });
    expect(effect.effects.find((e) => e.presetId === 'quality_first')).toMatchObject({ tasks: 2, enough: false });
    expect(effect.effects.find((e) => e.presetId === 'cost_optimized')).toMatchObject({ tasks: 1, enough: false });
  });

  it('speed leaves lint out of the gate and reverting the apply brings the last preset back', async () => {
    await inst.client.call('presets.apply', { projectId, presetId: 'speed', via: 'ui' });
    expect((await inst.client.call('presets.effective', { projectId })).gate.checks).toEqual(['tests', 'typecheck']);
    const last = (await inst.client.call('presets.history', { target: projectId, limit: 1 })).changes[0]!;
    expect(last).toMatchObject({ kind: 'apply', actor: 'ui', oldValue: 'quality_first', newValue: 'speed' });
    const undo = await inst.client.call('presets.revert', { changeId: last.id, via: 'ui' });
    expect(undo).toMatchObject({ revertOf: last.id, newValue: 'quality_first' });
    expect((await inst.client.call('presets.effective', { projectId })).presetId).toBe('quality_first');
    const { id: _id, builtin: _b, ...body } = await inst.client.call('presets.get', { id: 'speed' });
    await expect(inst.client.call('presets.update', { id: 'speed', body, via: 'api' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: 'speed is a built-in preset and cannot be edited.' });
  });
});
