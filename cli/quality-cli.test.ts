import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectQuality, Result, Task } from '../backend/contract/index.js';
import { findProgram } from '../backend/quality/plan-checks.js';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { gitIn, tempGitRepo, waitFor } from '../test/support/temp.js';
import { runCortex as cortex, type CortexRun as Run } from '../test/support/cortex-cli.js';
import { repoWithValue41 } from '../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../backend/contract/index.js';

const AGENT = fileURLToPath(new URL('../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));
/** This repository's node_modules: a temp project links to it for typescript and eslint. */
const NODE_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url));
/** The instance's PATH: node and the system's programs, none of this repository's tools. */
const PATH = `${dirname(process.execPath)}:/usr/bin:/bin`;



/** The row of a `cortex quality` table whose first column is `kind`, its cells split on runs of 2+ spaces. */
function row(stdout: string, kind: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/))
    .find((cells) => cells[0] === kind);
}

describe('cortex quality / task show / task list: what the gate checks and why a task is unverified (the real CLI, a real instance)', () => {
  let inst: TestInstance;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    inst = await startTestInstance({ PATH });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({ profiles: [{ id: 'fixer', name: 'Fixer', command: process.execPath, args: [AGENT, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] }] }),
    );
    await inst.client.call('agents.list', {});
    await inst.client.call('tasks.setSettings', { maxIterations: 1, maxSwitches: 0 });
  });
  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
  });

  /** A committed repo with `files` and src/value.js exporting 41 (the fixer writes 42). */
  const repo = (files: Record<string, string>) => {
    const r = repoWithValue41(files);
    cleanups.push(r.cleanup);
    return realpathSync(r.dir);
  };
  const ended = (id: string) =>
    waitFor(async () => {
      const t = (await inst.client.call('tasks.get', { id })).task;
      return TASK_FINAL_STATUSES.includes(t.status) ? t : null;
    }, 60_000, `task ${id} to end`);

  it('a project with no check: `task show` says unverified, why, and what to do; `task list` too; merge needs --reviewed', async () => {
    const dir = repo({ 'README.md': '# nothing the gate could run\n' });
    const created = JSON.parse((await cortex(['task', 'new', dir, 'Set', 'the', 'value', 'to', '42', '--agent', 'fixer', '--json'], inst.dataDir)).stdout) as Task;
    const t = await ended(created.id);
    expect(t.status).toBe('unverified');
    const id = t.id.slice(0, 8);

    const quality = await cortex(['quality', t.projectId.slice(0, 8)], inst.dataDir);
    expect(quality.code).toBe(0);
    expect(quality.stdout).toContain('No check: a task in this project ends unverified. Name a command with `cortex quality set <project> --tests "<command>"`.');

    const show = await cortex(['task', 'show', id], inst.dataDir);
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^status\s+unverified$/m);
    expect(show.stdout).toMatch(/^gate\s+unverified \(no check found\)/m);
    expect(show.stdout).toMatch(/^checks\s+-$/m);
    expect(show.stdout).toMatch(
      /^why unverified\s+no check could verify the change: review it before merging \(the project has no test, type check or lint the gate could find: name the commands in the project settings\)$/m,
    );
    expect(show.stdout).toMatch(/^review needed\s+no check verified this change: read its diff/m);
    expect(show.stdout).toContain(`no check verified this change: read its diff (\`cortex task diff ${id}\`), then merge it with \`cortex task merge ${id} --reviewed\``);

    const list = await cortex(['task', 'list'], inst.dataDir);
    expect(list.code).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.startsWith(id))!;
    expect(line).toMatch(/unverified\s+fixer\s+1\s+unverified \(no check found\)/);
    expect(list.stdout).toContain(`${id} unverified (no check found): read its diff (\`cortex task diff ${id}\`), then merge it with \`cortex task merge ${id} --reviewed\``);

    // What the CLI told the person to do works: a plain merge is refused, a reviewed one merges.
    const refused = await cortex(['task', 'merge', id], inst.dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('No check verified this task');
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 41;\n');
    const merged = await cortex(['task', 'merge', id, '--reviewed'], inst.dataDir);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^Merged \(fast-forward\)/);
    expect(readFileSync(join(dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');
    // Merged: nothing left to review, so the list no longer asks for it.
    expect((await cortex(['task', 'list'], inst.dataDir)).stdout).not.toContain(`${id} unverified (`);
  }, 120_000);

  it('a named check whose tool is missing: `quality set` lists it skipped with the reason; the task says which check was skipped and why', async () => {
    const dir = repo({ 'README.md': '# no checks either\n' });
    const project = await inst.client.call('projects.add', { path: dir });
    const set = await cortex(['quality', 'set', project.id.slice(0, 8), '--tests', 'no-such-runner --all'], inst.dataDir);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(row(set.stdout, 'tests')).toEqual(['tests', 'no-such-runner --all', 'settings', 'skipped: no-such-runner is not installed on PATH']);
    expect(set.stdout).toMatch(/^commands\s+tests: no-such-runner --all$/m);

    const created = JSON.parse((await cortex(['task', 'new', dir, 'Set', 'the', 'value', 'to', '42', '--agent', 'fixer', '--json'], inst.dataDir)).stdout) as Task;
    const t = await ended(created.id);
    expect(t.status).toBe('unverified');
    const show = await cortex(['task', 'show', t.id.slice(0, 8)], inst.dataDir);
    expect(show.stdout).toMatch(/^gate\s+unverified \(1 check skipped: no-such-runner\)/m);
    expect(show.stdout).toMatch(/^checks\s+skipped tests: no-such-runner — no-such-runner is not installed on PATH/m);
    expect(show.stdout).toMatch(/^why unverified\s+no check could verify the change: review it before merging \(no check could run: no-such-runner: no-such-runner is not installed on PATH\)$/m);
    expect(show.stdout).toMatch(/^review needed\s+no check verified this change: read its diff/m);
    expect((await cortex(['task', 'list'], inst.dataDir)).stdout).toContain(`${t.id.slice(0, 8)} unverified (1 check skipped: no-such-runner): read its diff`);
  }, 120_000);

  it('`cortex quality` lists the detected checks with their commands or why they are skipped; `quality set` names commands over detection', async () => {
    const dir = repo({
      'package.json': JSON.stringify({ name: 'ts-lint-demo', version: '1.0.0', type: 'module', scripts: { test: 'node test.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
      'eslint.config.js': 'export default [];\n',
      '.gitignore': 'node_modules\n',
    });
    symlinkSync(NODE_MODULES, join(dir, 'node_modules'));
    // A second folder with a tsconfig but no TypeScript: its type check is listed skipped, with how to install it.
    const bare = repo({ 'package.json': JSON.stringify({ name: 'bare', version: '1.0.0' }), 'tsconfig.json': '{}\n' });
    const [p, q] = [await inst.client.call('projects.add', { path: dir }), await inst.client.call('projects.add', { path: bare })];

    const shown = await cortex(['quality', p.id.slice(0, 8)], inst.dataDir);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^KIND\s+COMMAND\s+FROM\s+STATE$/m);
    expect(row(shown.stdout, 'tests')).toEqual(['tests', 'npm test', 'detected', 'ready']);
    expect(row(shown.stdout, 'typecheck')).toEqual(['typecheck', 'tsc --noEmit --pretty false', 'detected', 'ready']);
    expect(row(shown.stdout, 'lint')).toEqual(['lint', 'eslint .', 'detected', 'ready']);
    expect(shown.stdout).toMatch(/^threshold\s+0\.70$/m);
    expect(shown.stdout).toMatch(/^blocking\s+tests, typecheck$/m);
    expect(shown.stdout).toMatch(/^commands\s+\(detected\)$/m);
    const json = JSON.parse((await cortex(['quality', p.id.slice(0, 8), '--json'], inst.dataDir)).stdout) as Result<'quality.checks'>;
    expect(json.checks.map((c) => [c.kind, c.command, c.source, c.missing])).toEqual([
      ['tests', 'npm test', 'detected', null],
      ['typecheck', 'tsc --noEmit --pretty false', 'detected', null],
      ['lint', 'eslint .', 'detected', null],
    ]);
    expect(json.checks[1]!.argv[0]).toBe(join(dir, 'node_modules', '.bin', 'tsc'));

    const bareShown = await cortex(['quality', q.id.slice(0, 8)], inst.dataDir);
    if (findProgram('tsc', bare, { PATH })) expect(row(bareShown.stdout, 'typecheck')?.[3]).toBe('ready');
    else expect(row(bareShown.stdout, 'typecheck')).toEqual(['typecheck', 'tsc --noEmit --pretty false', 'detected', 'skipped: tsc is not installed in the project or on PATH (npm install --save-dev typescript)']);

    // Named over detection: another type-check command, lint off, a higher threshold.
    const set = await cortex(['quality', 'set', p.id.slice(0, 8), '--typecheck', 'npx tsc --noEmit -p tsconfig.json', '--off', 'lint', '--threshold', '0.8'], inst.dataDir);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(row(set.stdout, 'tests')).toEqual(['tests', 'npm test', 'detected', 'ready']);
    expect(row(set.stdout, 'typecheck')).toEqual(['typecheck', 'npx tsc --noEmit -p tsconfig.json', 'settings', 'ready']);
    expect(row(set.stdout, 'lint')).toBeUndefined();
    expect(set.stdout).toMatch(/^threshold\s+0\.80$/m);
    expect(set.stdout).toMatch(/^commands\s+typecheck: npx tsc --noEmit -p tsconfig\.json; lint: off$/m);
    const after = await inst.client.call('quality.checks', { projectId: p.id });
    expect(after.checks.map((c) => [c.kind, c.command, c.source])).toEqual([
      ['tests', 'npm test', 'detected'],
      ['typecheck', 'npx tsc --noEmit -p tsconfig.json', 'settings'],
    ]);
    // npx is not run: the tool after it is looked up in the project's node_modules (npx could download it).
    expect(after.checks[1]!.argv).toEqual([join(dir, 'node_modules', '.bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']);

    // "" goes back to detection; --json prints the settings.
    const back = JSON.parse((await cortex(['quality', 'set', p.id.slice(0, 8), '--typecheck', '', '--lint', '', '--json'], inst.dataDir)).stdout) as ProjectQuality;
    expect(back).toMatchObject({ commands: {}, threshold: 0.8 });
    expect((await inst.client.call('quality.checks', { projectId: p.id })).checks.map((c) => c.source)).toEqual(['detected', 'detected', 'detected']);

    // Bad input: a clear error saying what was wrong and what to do.
    const badKind = await cortex(['quality', 'set', p.id.slice(0, 8), '--off', 'style'], inst.dataDir);
    expect(badKind.code).not.toBe(0);
    expect(badKind.stderr).toContain('--off takes one of tests, typecheck, lint, coverage, audit, not style.');
    const badThreshold = await cortex(['quality', 'set', p.id.slice(0, 8), '--threshold', '2'], inst.dataDir);
    expect(badThreshold.code).not.toBe(0);
    expect(badThreshold.stderr).toContain('--threshold takes a number from 0 to 1, not 2.');
    const badCommand = await cortex(['quality', 'set', p.id.slice(0, 8), '--tests', 'node "unterminated'], inst.dataDir);
    expect(badCommand.code).toBe(1);
    expect(badCommand.stderr).toContain('cannot be split into words');
    expect((await inst.client.call('quality.checks', { projectId: p.id })).settings.commands).toEqual({});
  }, 120_000);
});
