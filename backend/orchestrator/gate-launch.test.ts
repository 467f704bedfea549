import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { GATE_RUNNER_PATH, gateRunnerLaunch } from './quality-gate.js';

const work = tempDir('cortex-gate-launch-');
afterAll(() => work.cleanup());

describe('starting the gate runner', () => {
  // Inside the desktop app the runner is the app's own binary with ELECTRON_RUN_AS_NODE=1.
  // Here that binary is Node (which ignores the variable): the launch is the Electron one in
  // shape, the same argv and environment, run for real.
  const asElectron = { execPath: process.execPath, electron: true } as const;

  it('uses no POSIX-only path: the executable itself, with ELECTRON_RUN_AS_NODE in the environment inside Electron', () => {
    expect(gateRunnerLaunch('/p/plan.json', { execPath: '/opt/app/cortex', electron: true })).toEqual({
      argv: ['/opt/app/cortex', GATE_RUNNER_PATH, '/p/plan.json'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(gateRunnerLaunch('/p/plan.json', { execPath: '/usr/local/bin/node', electron: false })).toEqual({
      argv: ['/usr/local/bin/node', GATE_RUNNER_PATH, '/p/plan.json'],
      env: {},
    });
    expect(gateRunnerLaunch('/p/plan.json').argv.join(' ')).not.toMatch(/\/usr\/bin\/env|\/bin\/sh/);
  });

  it('runs a real check with that launch, and the check does not inherit ELECTRON_RUN_AS_NODE', async () => {
    const plan = join(work.dir, 'plan.json');
    const resultFile = join(work.dir, 'result.json');
    const verdictFile = join(work.dir, 'verdict.txt');
    const probe = "console.log('run-as-node=' + (process.env.ELECTRON_RUN_AS_NODE ?? 'unset')); console.log('3 passed, 0 failed');";
    writeFileSync(plan, JSON.stringify({
      resultFile,
      verdictFile,
      checks: [{ kind: 'tests', tool: 'node', command: 'node -e …', argv: [process.execPath, '-e', probe], cwd: work.dir, missing: null }],
    }));
    const launch = gateRunnerLaunch(plan, asElectron);
    const [file, ...args] = launch.argv;
    const child = spawn(file!, args, { env: { ...process.env, ...launch.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await waitFor(() => existsSync(resultFile), 20_000);
    writeFileSync(verdictFile, 'VERDICT passed\n');
    expect(await closed).toBe(0);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { checks: { exitCode: number; output: string }[] };
    expect(result.checks[0]).toMatchObject({ exitCode: 0 });
    expect(result.checks[0]!.output).toContain('run-as-node=unset');
    expect(result.checks[0]!.output).toContain('3 passed, 0 failed');
    expect(out).toContain('VERDICT passed');
  });
});
