import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateCheck, PlannedCheck } from '../contract/index.js';
import { GATE_RUNNER_PATH } from '../orchestrator/quality-gate.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir } from '../../test/support/temp.js';
import { findProgram } from './plan-checks.js';
import { readCheck, type RawCheckRun } from './check-output.js';
import { DEFAULT_PROJECT_QUALITY, scoreGate } from './score.js';

/** This repository's node_modules: the temp projects link to it for typescript and eslint. */
const NODE_MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');
const PATH = `${dirname(process.execPath)}:${join(NODE_MODULES, '.bin')}:/usr/local/bin:/usr/bin:/bin:${process.env['PATH'] ?? ''}`;
const PYTEST = findProgram('pytest', '/', { PATH }) ?? findProgram('pytest-3', '/', { PATH });

/** Runs the real gate runner on `checks` in `root` (no PTY: stdout is captured) and reads each check. */
function runChecks(root: string, checks: PlannedCheck[]): GateCheck[] {
  const work = tempDir('cortex-gate-');
  try {
    const plan = join(work.dir, 'plan.json');
    const resultFile = join(work.dir, 'result.json');
    const verdictFile = join(work.dir, 'verdict.txt');
    writeFileSync(verdictFile, 'verdict\n'); // the runner prints it and ends at once
    writeFileSync(plan, JSON.stringify({ resultFile, verdictFile, checks: checks.map((c) => ({ ...c, cwd: join(root, c.cwd) })) }));
    const r = spawnSync(process.execPath, [GATE_RUNNER_PATH, plan], { cwd: root, env: { ...process.env, PATH }, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const raw = JSON.parse(readFileSync(resultFile, 'utf8')) as { checks: (RawCheckRun | null)[] };
    return checks.map((c, i) => readCheck(c, raw.checks[i] ?? null));
  } finally {
    work.cleanup();
  }
}

function project(files: Record<string, string>, linkNodeModules = false): string {
  const t = tempDir('cortex-q-');
  cleanups.push(t.cleanup);
  for (const [f, body] of Object.entries(files)) {
    mkdirSync(dirname(join(t.dir, f)), { recursive: true });
    writeFileSync(join(t.dir, f), body);
  }
  if (linkNodeModules) symlinkSync(NODE_MODULES, join(t.dir, 'node_modules'));
  execFileSync('git', ['init', '-q'], { cwd: t.dir });
  return realpathSync(t.dir);
}
const cleanups: (() => void)[] = [];

describe('quality checks with the real tools', () => {
  let inst: TestInstance;
  beforeAll(async () => {
    inst = await startTestInstance({ PATH });
  });
  afterAll(async () => {
    await inst?.stop();
    for (const c of cleanups) c();
  });
  const checksOf = async (dir: string) => {
    const p = await inst.client.call('projects.add', { path: dir });
    return { id: p.id, ...(await inst.client.call('quality.checks', { projectId: p.id })) };
  };

  it('a TypeScript project: tsc --noEmit is detected and its type errors are counted with file:line', async () => {
    const dir = project(
      {
        'package.json': JSON.stringify({ name: 'ts-demo', version: '1.0.0', devDependencies: { typescript: '*' } }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext' }, include: ['src'] }),
        'src/a.ts': "export const n: number = 'one';\nexport function f(x: string): number { return x; }\n",
      },
      true,
    );
    const { checks } = await checksOf(dir);
    const tsc = checks.find((c) => c.kind === 'typecheck')!;
    expect(tsc).toMatchObject({ tool: 'tsc', command: 'tsc --noEmit --pretty false', missing: null, source: 'detected' });
    expect(tsc.argv[0]).toMatch(/node_modules\/\.bin\/tsc$/);
    const [run] = runChecks(dir, [tsc]);
    expect(run).toMatchObject({ status: 'failed', counts: { typeErrors: 2 } });
    expect(run!.findings.map((f) => f.at)).toEqual(['src/a.ts:1:14', 'src/a.ts:2:40']);
    expect(run!.findings[0]).toMatchObject({ name: 'TS2322', message: expect.stringContaining("'string' is not assignable to type 'number'") });
    // No test and a failing type check: the gate fails (type check blocks by default), it is not "unverified".
    expect(scoreGate(1, [run!], DEFAULT_PROJECT_QUALITY).verdict).toBe('failed');
  }, 60_000);

  it('a JS project: ESLint is detected, errors and warnings counted by severity', async () => {
    const dir = project(
      {
        'package.json': JSON.stringify({ name: 'js-demo', version: '1.0.0', type: 'module' }),
        'eslint.config.js': "export default [{ files: ['**/*.js'], rules: { 'no-unused-vars': 'error', 'no-console': 'warn' } }];\n",
        'src/b.js': "const unused = 1;\nconsole.log('hi');\nexport const used = 2;\n",
      },
      true,
    );
    const { checks } = await checksOf(dir);
    const lint = checks.find((c) => c.kind === 'lint')!;
    expect(lint).toMatchObject({ tool: 'eslint', missing: null });
    const [run] = runChecks(dir, [lint]);
    expect(run).toMatchObject({ status: 'failed', counts: { lintErrors: 1, lintWarnings: 1 } });
    expect(run!.findings).toEqual([
      { at: expect.stringMatching(/src\/b\.js:1:7$/), name: 'no-unused-vars', message: "'unused' is assigned a value but never used", severity: 'error' },
      { at: expect.stringMatching(/src\/b\.js:2:1$/), name: 'no-console', message: 'Unexpected console statement', severity: 'warning' },
    ]);
  }, 60_000);

  it.skipIf(!PYTEST)('a Python project: a failing pytest gives counts, the test name and its assertion', async () => {
    const dir = project({
      'requirements.txt': 'pytest\n',
      'test_value.py': 'def test_ok():\n    assert 1 == 1\n\ndef test_value():\n    assert 41 == 42, "expected 42"\n',
    });
    const { checks } = await checksOf(dir);
    const tests = checks.find((c) => c.kind === 'tests')!;
    expect(tests).toMatchObject({ command: 'pytest', missing: null });
    const all = runChecks(dir, checks);
    const run = all.find((c) => c.kind === 'tests')!;
    expect(run).toMatchObject({ status: 'failed', counts: { testsPassed: 1, testsFailed: 1 } });
    expect(run.findings[0]).toMatchObject({ at: 'test_value.py', name: 'test_value', message: expect.stringContaining('expected 42') });
    // pip-audit is listed for requirements.txt: skipped with the reason when it is not installed, never passed.
    const audit = all.find((c) => c.kind === 'audit');
    if (audit && !findProgram('pip-audit', dir, { PATH })) expect(audit).toMatchObject({ status: 'skipped', reason: expect.stringContaining('pip-audit is not installed') });
    expect(scoreGate(1, all, DEFAULT_PROJECT_QUALITY)).toMatchObject({ verdict: 'failed', testsPassing: 1, testsFailing: 1 });
  }, 60_000);

  it('a folder without any check plans nothing; settings name commands over detection and turn checks off', async () => {
    const dir = project({ 'README.md': '# nothing to run\n', 'check.js': "console.log('1 passed, 0 failed');\n" });
    const { id, checks, detected } = await checksOf(dir);
    expect(checks).toEqual([]);
    expect(detected).toEqual([]);
    expect(scoreGate(1, runChecks(dir, checks), DEFAULT_PROJECT_QUALITY).verdict).toBe('unverified');
    const settings = await inst.client.call('quality.setChecks', { projectId: id, commands: { tests: 'node check.js', lint: 'no-such-linter --all' }, threshold: 0.9 });
    expect(settings).toMatchObject({ commands: { tests: 'node check.js', lint: 'no-such-linter --all' }, threshold: 0.9 });
    const after = await inst.client.call('quality.checks', { projectId: id });
    expect(after.checks.map((c) => [c.kind, c.source, c.missing])).toEqual([
      ['tests', 'settings', null],
      ['lint', 'settings', 'no-such-linter is not installed on PATH'],
    ]);
    const runs = runChecks(dir, after.checks);
    expect(runs.map((r) => r.status)).toEqual(['passed', 'skipped']);
    expect(scoreGate(1, runs, after.settings)).toMatchObject({ verdict: 'passed', overall: 1, testsPassing: 1 });
    // "" goes back to detection, null turns a check off; a command that cannot be split is refused.
    const cleared = await inst.client.call('quality.setChecks', { projectId: id, commands: { tests: '', lint: null } });
    expect(cleared.commands).toEqual({ lint: null });
    await expect(inst.client.call('quality.setChecks', { projectId: id, commands: { tests: 'node "unterminated' } })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  }, 60_000);
});
