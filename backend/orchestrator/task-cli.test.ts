import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, Task } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempGitRepo, waitFor } from '../../test/support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/cortex.mjs', import.meta.url));
const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

function cortex(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, CORTEX_DATA_DIR: dataDir }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('cortex task … (the real CLI against a running instance)', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          { id: 'fixer', name: 'Fixer', command: process.execPath, args: [AGENT, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['fix', 'implement'], specializations: ['javascript'] },
          { id: 'sleeper', name: 'Sleeper', command: process.execPath, args: [AGENT, 'sleeper'], promptMode: { kind: 'arg' }, capabilities: ['implement'] },
        ],
      }),
    );
    repo = tempGitRepo({
      'package.json': JSON.stringify({ name: 'demo', scripts: { test: 'node test.js' } }),
      'test.js': "process.exit(require('./src/value.js') === 42 ? 0 : 1);\n",
    });
    mkdirSync(join(repo.dir, 'src'));
    writeFileSync(join(repo.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    execFileSync('git', ['add', '-A'], { cwd: repo.dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'value'], { cwd: repo.dir });
  });

  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
  });

  it('task new / show / list / merge / discard, human and --json', async () => {
    const created = await cortex(['task', 'new', repo.dir, 'Fix', 'the', 'value', 'module', '--json'], inst.dataDir);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const task = JSON.parse(created.stdout) as Task;
    expect(task).toMatchObject({ text: 'Fix the value module', agent: 'fixer', agentChosen: false, iterations: 0 });
    for (const f of ['id', 'status', 'agent', 'iterations', 'worktree', 'gate']) expect(task).toHaveProperty(f);

    const done = await waitFor(async () => {
      const r = await cortex(['task', 'show', task.id.slice(0, 8), '--json'], inst.dataDir);
      const full = JSON.parse(r.stdout) as Result<'tasks.get'>;
      return full.task.status === 'completed' || full.task.status === 'failed' ? full : null;
    }, 45_000, 'the task to finish');
    expect(done.task).toMatchObject({ status: 'completed', iterations: 1 });
    expect(done.gates).toHaveLength(1);

    const human = await cortex(['task', 'show', task.id.slice(0, 8)], inst.dataDir);
    expect(human.stdout).toMatch(/status\s+completed/);
    expect(human.stdout).toMatch(/gate\s+passed/);
    const list = await cortex(['task', 'list', '--json'], inst.dataDir);
    expect((JSON.parse(list.stdout) as Task[]).map((t) => t.id)).toEqual([task.id]);
    expect((await cortex(['task', 'list'], inst.dataDir)).stdout).toMatch(/ID\s+STATUS\s+AGENT\s+ITER\s+GATE/);

    const merged = await cortex(['task', 'merge', task.id.slice(0, 8)], inst.dataDir);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/Merged \(fast-forward\)/);
    expect(readFileSync(join(repo.dir, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');

    const slow = JSON.parse((await cortex(['task', 'new', repo.dir, 'Add', 'a', 'feature', '--agent', 'sleeper', '--json'], inst.dataDir)).stdout) as Task;
    const discarded = await cortex(['task', 'discard', slow.id, '--json'], inst.dataDir);
    expect(JSON.parse(discarded.stdout)).toMatchObject({ status: 'cancelled', review: 'discarded' });
    expect(execFileSync('git', ['branch', '--list', 'cortex/*'], { cwd: repo.dir, encoding: 'utf8' }).trim()).toBe('');

    const missing = await cortex(['task', 'show', 'ffffffff', '--json'], inst.dataDir);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('NOT_FOUND');
  }, 120_000);
});
