import { execFile } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigChange, EffectiveConfig } from '../backend/contract/index.js';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { tempDir } from '../test/support/temp.js';
import { runCli } from './main.js';
import { runCortex as cortex, type CortexRun as Run } from '../test/support/cortex-cli.js';




/** The CLI's whole code path but the launcher, in this process, against the same instance. */
async function inProcess(args: string[], dataDir: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { ...process.env, CORTEX_DATA_DIR: dataDir, NO_COLOR: '1' }, cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('cortex preset against a running instance', () => {
  let inst: TestInstance;
  let work: { dir: string; cleanup: () => void };
  let projectId: string;

  beforeAll(async () => {
    work = tempDir('cortex-preset-cli-');
    inst = await startTestInstance();
    // A project name with a control sequence: what the CLI prints of it must come out escaped.
    const folder = join(work.dir, 'app');
    mkdirSync(folder);
    projectId = (await inst.client.call('projects.add', { path: realpathSync(folder), name: 'evil\x1b]0;owned\x07name' })).id;
  });
  afterAll(async () => {
    await inst?.stop();
    work?.cleanup();
  });

  it('list shows the four built-in presets, the default marked, and "not enough history" without tasks', async () => {
    const r = await cortex(['preset', 'list'], inst.dataDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const id of ['balanced', 'cost_optimized', 'quality_first', 'speed']) expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/\* balanced/);
    expect(r.stdout).toContain('not enough history (0 of 5)');
  });

  it('apply records a cli change, prints the expected effect and the result; history and revert undo it', async () => {
    const applied = await cortex(['preset', 'apply', 'quality_first', '--project', projectId.slice(0, 8)], inst.dataDir);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('expected effect: not enough history: 0 finished tasks under this preset, 5 needed');
    expect(applied.stdout).toMatch(/threshold 0\.85/);
    expect(applied.stdout).toContain('claude, codex');

    const json = await inProcess(['preset', 'show', '--project', projectId, '--json'], inst.dataDir);
    expect((JSON.parse(json.stdout) as EffectiveConfig)).toMatchObject({ presetId: 'quality_first', source: 'project', tasks: { maxIterations: 5 } });

    const h = await inProcess(['preset', 'history', '--project', projectId, '--json'], inst.dataDir);
    const [change] = (JSON.parse(h.stdout) as { changes: ConfigChange[] }).changes;
    expect(change).toMatchObject({ actor: 'cli', kind: 'apply', oldValue: null, newValue: 'quality_first' });
    const text = await inProcess(['preset', 'history'], inst.dataDir);
    expect(text.stdout).toContain('cli');
    // The project's name went through the escaper: no raw ESC or BEL reaches the terminal.
    expect(text.stdout).toContain('evil\\x1b]0;owned\\x07name');
    expect(text.stdout).not.toContain('\x1b');

    const undo = await cortex(['preset', 'revert', String(change!.id)], inst.dataDir);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain(`undid change ${change!.id}`);
    expect((await inst.client.call('presets.effective', { projectId })).presetId).toBe('balanced');
    expect((await inst.client.call('presets.history', { limit: 1 })).changes[0]).toMatchObject({ actor: 'cli', revertOf: change!.id });
  });

  it('copy makes an editable user preset; the global default can be set; errors are clear with their exit codes', async () => {
    const copy = await inProcess(['preset', 'copy', 'speed', 'quick', '--name', 'Quick'], inst.dataDir);
    expect(copy.stdout).toContain('Created preset quick (Quick) from speed.');
    expect((await inst.client.call('presets.get', { id: 'quick' })).builtin).toBe(false);
    const def = await inProcess(['preset', 'apply', 'quick'], inst.dataDir);
    expect(def.code).toBe(0);
    expect(def.stdout).toContain('the global default');
    expect((await inst.client.call('presets.list', {})).defaultPresetId).toBe('quick');

    const missing = await inProcess(['preset', 'apply', 'nope'], inst.dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no preset "nope".');
    const bad = await inProcess(['preset', 'revert', 'abc'], inst.dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not "abc"');
    const show = await inProcess(['preset', 'show', 'cost_optimized'], inst.dataDir);
    expect(show.stdout).toContain('gemini, opencode, aider, copilot');
    expect(show.stdout).toContain('$2');
  });
});
