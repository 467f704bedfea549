import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../backend/contract/index.js';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { tempGitRepo } from '../test/support/temp.js';

const BIN = fileURLToPath(new URL('../bin/cortex.mjs', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/cortex.mjs ...args` as a real child process (argv array, no shell). */
function cortex(args: string[], dataDir: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, CORTEX_DATA_DIR: dataDir, NO_COLOR: '1' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('cortex quality: the checks a project\'s gate runs, named from the CLI when detection is wrong', () => {
  let inst: TestInstance;
  const cleanups: (() => void)[] = [];
  let withTests: string;
  let bare: string;

  beforeAll(async () => {
    inst = await startTestInstance();
    const a = tempGitRepo({ 'package.json': JSON.stringify({ name: 'demo', scripts: { test: 'node test.js' } }), 'test.js': 'process.exit(0);\n' });
    const b = tempGitRepo({ 'README.md': '# nothing to check\n' });
    cleanups.push(a.cleanup, b.cleanup);
    withTests = (await inst.client.call('projects.add', { path: realpathSync(a.dir) })).id;
    bare = (await inst.client.call('projects.add', { path: realpathSync(b.dir) })).id;
  });
  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
  });

  it('lists the detected checks; a project with none is told it ends unverified and how to name one', async () => {
    const r = await cortex(['quality', withTests.slice(0, 8)], inst.dataDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tests\s+npm test\s+detected\s+ready/);
    expect(r.stdout).toMatch(/commands\s+\(detected\)/);
    const none = await cortex(['quality', bare.slice(0, 8)], inst.dataDir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No check: a task in this project ends unverified. Name a command with `cortex quality set <project> --tests "<command>"`.');
  });

  it('quality set names a command over detection, turns a check off and sets the threshold; the API and --json agree', async () => {
    const r = await cortex(['quality', 'set', bare.slice(0, 8), '--tests', 'node check.js', '--off', 'audit', '--threshold', '0.8'], inst.dataDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tests\s+node check\.js\s+settings\s+ready/);
    expect(r.stdout).toMatch(/threshold\s+0\.80/);
    expect(r.stdout).toMatch(/commands\s+tests: node check\.js; audit: off/);
    const api = await inst.client.call('quality.checks', { projectId: bare });
    expect(api.checks.map((c) => [c.kind, c.command, c.source])).toEqual([['tests', 'node check.js', 'settings']]);
    expect(api.settings).toMatchObject({ threshold: 0.8, commands: { tests: 'node check.js', audit: null } });
    const json = JSON.parse((await cortex(['quality', bare.slice(0, 8), '--json'], inst.dataDir)).stdout) as Result<'quality.checks'>;
    expect(json.checks.map((c) => c.command)).toEqual(['node check.js']);
    // "" gives the kind back to detection: nothing is detected here, so no check again.
    const back = await cortex(['quality', 'set', bare.slice(0, 8), '--tests', ''], inst.dataDir);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('No check: a task in this project ends unverified.');
    expect((await inst.client.call('quality.checks', { projectId: bare })).settings.commands).toEqual({ audit: null });
  });

  it('refuses a bad --off or --threshold, saying what it takes, and changes nothing', async () => {
    const before = await inst.client.call('quality.checks', { projectId: withTests });
    const off = await cortex(['quality', 'set', withTests.slice(0, 8), '--off', 'style'], inst.dataDir);
    expect(off.code).not.toBe(0);
    expect(off.stderr).toContain('--off takes one of tests, typecheck, lint, coverage, audit, not style.');
    const threshold = await cortex(['quality', 'set', withTests.slice(0, 8), '--threshold', '2'], inst.dataDir);
    expect(threshold.code).not.toBe(0);
    expect(threshold.stderr).toContain('--threshold takes a number from 0 to 1, not 2.');
    expect(await inst.client.call('quality.checks', { projectId: withTests })).toEqual(before);
  });
});
