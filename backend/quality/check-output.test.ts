import { describe, expect, it } from 'vitest';
import type { PlannedCheck } from '../contract/index.js';
import { parseAudit, parseCoverage, parseLint, parseTestFailures, parseTypeErrors, readCheck } from './check-output.js';

const planned = (kind: PlannedCheck['kind'], missing: string | null = null): PlannedCheck => ({ kind, tool: kind, command: kind, argv: [kind], cwd: '', source: 'detected', missing });

describe('check output parsers (outputs as the tools print them)', () => {
  it('vitest, jest and node:test failures give the test name and the assertion', () => {
    const vitest = [' FAIL  src/sum.test.ts > sum > adds 2', 'AssertionError: expected 5 to be 4 // Object.is equality', '', ' Tests  1 failed | 3 passed (4)'].join('\n');
    expect(parseTestFailures(vitest)).toEqual([{ at: 'src/sum.test.ts', name: 'sum > adds 2', message: 'AssertionError: expected 5 to be 4 // Object.is equality', severity: 'error' }]);
    const jest = ['  ● sum › adds 2', '', '    expect(received).toBe(expected) // Object.is equality', '', '    Expected: 4'].join('\n');
    expect(parseTestFailures(jest)[0]).toMatchObject({ name: 'sum › adds 2', message: 'expect(received).toBe(expected) // Object.is equality' });
    const tap = ['not ok 2 - adds', '  ---', "  error: 'Expected values to be strictly equal:\\n\\n5 !== 4\\n'"].join('\n');
    expect(parseTestFailures(tap)[0]).toMatchObject({ name: 'adds', message: expect.stringContaining('Expected values') });
  });
  it('mypy errors with file:line and their code', () => {
    const r = parseTypeErrors('app.py:3: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]\nFound 1 error in 1 file (checked 1 source file)\n');
    expect(r).toEqual({ errors: 1, findings: [{ at: 'app.py:3', name: 'assignment', message: 'Incompatible types in assignment (expression has type "str", variable has type "int")', severity: 'error' }] });
  });
  it('ruff (concise), clippy (short) and go vet one-line findings', () => {
    expect(parseLint('app.py:1:8: F401 [*] `os` imported but unused\nFound 1 error.\n')).toMatchObject({ errors: 1, warnings: 0, findings: [{ at: 'app.py:1:8', name: 'F401' }] });
    expect(parseLint('src/main.rs:2:9: warning: unused variable: `x`\n')).toMatchObject({ errors: 0, warnings: 1, findings: [{ at: 'src/main.rs:2:9', severity: 'warning' }] });
    expect(parseLint('# demo\n./main.go:6:2: fmt.Printf format %d has arg "x" of wrong type string\n')).toMatchObject({ errors: 1, findings: [{ at: './main.go:6:2' }] });
  });
  it('npm audit by severity, pip-audit and cargo audit totals, and a clean audit', () => {
    expect(parseAudit('# npm audit report\n...\n4 vulnerabilities (1 low, 2 high, 1 critical)\n')).toEqual({ critical: 1, high: 2, moderate: 0, low: 1 });
    expect(parseAudit('found 0 vulnerabilities\n')).toEqual({ critical: 0, high: 0, moderate: 0, low: 0 });
    expect(parseAudit('Found 2 known vulnerabilities in 1 package\n')).toMatchObject({ high: 2 });
    expect(parseAudit('error: 3 vulnerabilities found!\n')).toMatchObject({ high: 3 });
    expect(parseAudit('npm ERR! audit endpoint returned an error\n')).toBeNull();
  });
  it('coverage from istanbul, pytest-cov and go', () => {
    expect(parseCoverage('File      | % Stmts | % Branch\n----------|---------|---------\nAll files |   85.71 |      50\n')).toBe(85.71);
    expect(parseCoverage('Name    Stmts   Miss  Cover\nTOTAL      20      4    80%\n')).toBe(80);
    expect(parseCoverage('ok  	demo	0.01s	coverage: 66.7% of statements\n')).toBe(66.7);
    expect(parseCoverage('no numbers here')).toBeNull();
  });
});

describe('readCheck', () => {
  it('a missing tool is skipped with the reason, never passed', () => {
    expect(readCheck(planned('lint', 'ruff is not installed on PATH (pip install ruff)'), null)).toMatchObject({ status: 'skipped', reason: 'ruff is not installed on PATH (pip install ruff)', exitCode: null });
    expect(readCheck(planned('lint'), { exitCode: null, signal: null, durationMs: 3, output: '', error: 'spawn ruff ENOENT' })).toMatchObject({ status: 'skipped', reason: 'could not start: spawn ruff ENOENT' });
  });
  it('tests that report a failure fail even when the runner exits 0', () => {
    const c = readCheck(planned('tests'), { exitCode: 0, signal: null, durationMs: 5, output: '\x1b[31m3 passed, 1 failed\x1b[0m\n', error: null });
    expect(c).toMatchObject({ status: 'failed', reason: '1 test(s) failed (exit code 0)', counts: { testsPassed: 3, testsFailed: 1 } });
  });
  it('a check killed by a signal fails', () => {
    expect(readCheck(planned('typecheck'), { exitCode: null, signal: 'SIGKILL', durationMs: 5, output: '', error: null })).toMatchObject({ status: 'failed', reason: 'ended by SIGKILL' });
  });
});
