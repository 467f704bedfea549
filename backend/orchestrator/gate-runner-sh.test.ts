import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlannedCheck } from '../contract/index.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { GATE_RUNNER_SH_PATH, shellRunner, shQuote } from './quality-gate.js';

const check = (patch: Partial<PlannedCheck>): PlannedCheck => ({ kind: 'tests', tool: 'node', command: 'node test.js', argv: ['node'], cwd: '', source: 'detected', missing: null, ...patch });

describe('gate-runner.sh (the POSIX gate runner, real /bin/sh)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('runs each argv as given (nothing expanded), keeps exit status, output and run time; skips a missing tool; ends with the verdict', () => {
    const work = tempDir('cortex-gate-sh-');
    const project = tempDir('cortex-gate-proj-');
    cleanups.push(work.cleanup, project.cleanup);
    const tricky = 'a  b $(touch pwned) `touch pwned2` ; touch pwned3 "q" \'s\'';
    const checks = [
        check({ argv: [process.execPath, '-e', 'console.log(JSON.stringify(process.argv[1]), process.env.CI, process.cwd()); setTimeout(() => process.exit(3), 120)', tricky] }),
        check({ kind: 'lint', tool: 'eslint', command: 'eslint .', argv: ['eslint', '.'], missing: 'eslint is not installed (npm i -D eslint)' }),
        check({ kind: 'typecheck', tool: 'true', command: 'true', argv: ['true'] }),
    ];
    const launch = shellRunner(join(work.dir, 'gate'), { cwd: project.dir, checks });
    // The verdict is there at once: the runner prints it and ends.
    writeFileSync(launch.verdictFile, '[quality gate] FAILED\n');
    const r = spawnSync(launch.argv[0]!, launch.argv.slice(1), { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(existsSync(launch.doneFile)).toBe(true);
    const result = launch.result();
    expect(result.checks[0]).toMatchObject({ exitCode: 3, signal: null, error: null });
    expect(result.checks[0]!.output).toBe(`${JSON.stringify(tricky)} 1 ${project.dir}\n`);
    expect(result.checks[0]!.durationMs).toBeGreaterThanOrEqual(100);
    expect(result.checks[1]).toBeNull();
    expect(result.checks[2]).toMatchObject({ exitCode: 0, output: '', error: null });
    for (const f of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(join(project.dir, f))).toBe(false);
    expect(r.stdout).toContain('── tests: node test.js');
    expect(r.stdout).toContain('exit 3');
    expect(r.stdout).toContain('skipped\x1b[0m: eslint is not installed (npm i -D eslint)');
    expect(r.stdout.trimEnd().endsWith('[quality gate] FAILED')).toBe(true);
    launch.cleanup();
    expect(existsSync(launch.doneFile)).toBe(false);
  });

  it('no checks: says so, and the result is empty', () => {
    const work = tempDir('cortex-gate-sh-');
    cleanups.push(work.cleanup);
    const launch = shellRunner(join(work.dir, 'gate'), { cwd: work.dir, checks: [] });
    writeFileSync(launch.verdictFile, 'unverified\n');
    const r = spawnSync(launch.argv[0]!, launch.argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toBe('No check found for this project.\nunverified\n');
    expect(launch.result()).toEqual({ checks: [] });
  });

  it('waits for its verdict until woken by SIGUSR1 (again and again, harmlessly), then ends with it', async () => {
    const work = tempDir('cortex-gate-sh-');
    cleanups.push(work.cleanup);
    const checks = [check({ tool: 'echo', command: 'echo checked', argv: ['echo', 'checked'] })];
    const launch = shellRunner(join(work.dir, 'gate'), { cwd: work.dir, checks });
    const child = spawn(launch.argv[0]!, launch.argv.slice(1), { env: { PATH: '/usr/bin:/bin' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(() => existsSync(launch.doneFile), 10_000, 'the checks to end');
    // Woken before the verdict is there: it goes on waiting.
    launch.wake!(child.pid!);
    await new Promise((r) => setTimeout(r, 100));
    expect(child.exitCode).toBeNull();
    expect(out).not.toContain('[quality gate]');
    writeFileSync(launch.verdictFile, '[quality gate] PASSED\n');
    const woken = setInterval(() => launch.wake!(child.pid!), 20);
    const code = await exited;
    clearInterval(woken);
    // The signals never ended the runner: it printed the check's output and the verdict, and exited 0.
    expect(code).toBe(0);
    expect(out).toContain('── tests: echo checked');
    expect(out.trimEnd().endsWith('[quality gate] PASSED')).toBe(true);
    expect(launch.result().checks[0]).toMatchObject({ exitCode: 0, output: 'checked\n', error: null });
  });

  it('started ahead with go: runs nothing until a line comes, then the checks written meanwhile; `shown` follows the verdict', async () => {
    const work = tempDir('cortex-gate-sh-');
    cleanups.push(work.cleanup);
    const dir = join(work.dir, 'ahead.d');
    mkdirSync(dir, { mode: 0o700 });
    const child = spawn('/bin/sh', [GATE_RUNNER_SH_PATH, dir, 'go'], { env: { PATH: '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // The gate plans its checks into the runner's folder (no folder of its own), and the verdict is ready.
    const launch = shellRunner(join(work.dir, 'gate'), { cwd: work.dir, checks: [check({ tool: 'echo', command: 'echo checked', argv: ['echo', 'checked'] })] }, dir);
    expect(launch.argv).toEqual(['/bin/sh', GATE_RUNNER_SH_PATH, dir]);
    expect(existsSync(join(work.dir, 'gate.d'))).toBe(false);
    writeFileSync(launch.verdictFile, '[quality gate] PASSED\n');
    // Without its line it runs none of them, and prints nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(out).toBe('');
    expect(existsSync(launch.doneFile)).toBe(false);
    expect(child.exitCode).toBeNull();
    child.stdin.write('\n');
    expect(await exited).toBe(0);
    expect(out.startsWith('\x1b[1m── tests: echo checked')).toBe(true);
    expect(out.trimEnd().endsWith('[quality gate] PASSED')).toBe(true);
    expect(existsSync(launch.shownFile!)).toBe(true);
    expect(launch.result().checks[0]).toMatchObject({ exitCode: 0, output: 'checked\n', error: null });
  });

  it('started ahead: a terminal that closes before the line ends it, having run nothing', async () => {
    const work = tempDir('cortex-gate-sh-');
    cleanups.push(work.cleanup);
    const dir = join(work.dir, 'ahead.d');
    mkdirSync(dir, { mode: 0o700 });
    shellRunner(join(work.dir, 'gate'), { cwd: work.dir, checks: [check({ tool: 'echo', command: 'echo checked', argv: ['echo', 'checked'] })] }, dir);
    const child = spawn('/bin/sh', [GATE_RUNNER_SH_PATH, dir, 'go'], { env: { PATH: '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(out).toBe('');
    expect(existsSync(join(dir, 'done'))).toBe(false);
  });

  it('shQuote: one word per argument, byte for byte, through a real shell', () => {
    const args = ["it's", 'a b', '$(x) `y` ${z} \\ "q"', '', '\nline', '*'];
    const r = spawnSync('/bin/sh', ['-c', `set -- ${args.map(shQuote).join(' ')}; for a in "$@"; do printf '[%s]' "$a"; done`], { encoding: 'utf8' });
    expect(r.stdout).toBe(args.map((a) => `[${a}]`).join(''));
  });
});
