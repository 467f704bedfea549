import Database from 'better-sqlite3';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { gitIn, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';
import { TASK_FINAL_STATUSES } from '../contract/index.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));
/** This repository's node_modules: the temp project links to it for typescript and eslint (not on the instance's PATH). */
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

describe('a real gate run stores its quality snapshot per iteration', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({ profiles: [{ id: 'fixer', name: 'Fixer', command: process.execPath, args: [AGENT, 'fixer'], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] }] }),
    );
    await inst.client.call('agents.list', {});
    // Two gate runs with the one agent, then the task fails: two snapshots, iterations 1 and 2.
    await inst.client.call('tasks.setSettings', { maxIterations: 2, maxSwitches: 0 });
    // The value project (its test passes once the fixer writes 42), plus TypeScript with one
    // type error and ESLint with one error and two warnings the agent does not touch.
    repo = tempGitRepo({
      ...valueProjectFiles(),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext' }, include: ['src'] }),
      'eslint.config.mjs': "export default [{ files: ['src/lint-me.js'], rules: { 'no-unused-vars': 'error', 'no-console': 'warn' } }];\n",
      '.gitignore': 'node_modules\n',
    });
    mkdirSync(join(repo.dir, 'src'));
    writeFileSync(join(repo.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    writeFileSync(join(repo.dir, 'src', 'typed.ts'), "export const n: number = 'one';\n");
    writeFileSync(join(repo.dir, 'src', 'lint-me.js'), "const unused = 1;\nconsole.log('a');\nconsole.log('b');\nexport const used = 2;\n");
    gitIn(repo.dir, 'add', '-A');
    gitIn(repo.dir, 'commit', '-q', '-m', 'value, a type error, lint problems');
    symlinkSync(NODE_MODULES, join(repo.dir, 'node_modules'));
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
  });

  it('tests passing and failing, type errors and lint problems as counted, the overall score; coverage and vulnerabilities null (not measured)', async () => {
    const dir = realpathSync(repo.dir);
    const created = await inst.client.call('tasks.create', { path: dir, text: 'Fix the value in src/value.js', agent: 'fixer' });
    const t = await waitFor(async () => {
      const x = (await inst.client.call('tasks.get', { id: created.id })).task;
      return TASK_FINAL_STATUSES.includes(x.status) ? x : null;
    }, 120_000, 'the task to end');
    // The tests pass, the type check (blocking by default) fails both times: the task fails.
    expect(t).toMatchObject({ status: 'failed', iterations: 2 });

    const { gates } = await inst.client.call('tasks.get', { id: t.id });
    expect(gates.map((g) => g.iteration)).toEqual([1, 2]);
    const g = gates[0]!;
    expect(g.checks.map((c) => [c.kind, c.tool, c.status])).toEqual([
      ['tests', 'npm test', 'passed'],
      ['typecheck', 'tsc', 'failed'],
      ['lint', 'eslint', 'failed'],
    ]);
    expect(g.checks[0]!.counts).toMatchObject({ testsPassed: 1, testsFailed: 0 });
    expect(g.checks[1]!.counts).toMatchObject({ typeErrors: 1 });
    expect(g.checks[1]!.findings).toEqual([expect.objectContaining({ at: 'src/typed.ts:1:14', name: 'TS2322' })]);
    expect(g.checks[2]!.counts).toMatchObject({ lintErrors: 1, lintWarnings: 2 });
    // The score as documented in score.ts: tests 1/1; type check 5/(5+1); lint 10/(10 + 1 + 2/4);
    // weighted 0.4, 0.2, 0.15 over the kinds that ran (no coverage, no audit).
    const overall = (0.4 * 1 + 0.2 * (5 / 6) + 0.15 * (10 / 11.5)) / 0.75;
    for (const [i, gate] of gates.entries()) {
      expect(gate.snapshot).toEqual({
        iteration: i + 1,
        verdict: 'failed',
        overall: expect.closeTo(overall, 6),
        threshold: 0.7,
        testsPassing: 1,
        testsFailing: 0,
        coverage: null,
        typeErrors: 1,
        lintProblems: 3,
        vulnerabilities: null,
        reasons: [expect.stringMatching(/^tsc \(typecheck\) failed: /), expect.stringMatching(/^eslint \(lint\): /)],
      });
    }

    // The same figures are in the store's quality_snapshots rows: not measured is NULL, never 0.
    const db = new Database(join(inst.dataDir, 'cortex.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT iteration, verdict, overall, tests_passed, tests_failed, type_errors, lint_problems, coverage, vulnerabilities FROM quality_snapshots WHERE task_id = ? ORDER BY iteration').all(t.id);
      expect(rows).toEqual([1, 2].map((iteration) => ({ iteration, verdict: 'failed', overall: expect.closeTo(overall, 6), tests_passed: 1, tests_failed: 0, type_errors: 1, lint_problems: 3, coverage: null, vulnerabilities: null })));
    } finally {
      db.close();
    }
  }, 180_000);
});
