import { describe, expect, it } from 'vitest';
import type { GateCheck, QualityGate } from '../contract/index.js';
import { feedbackChannel, feedbackPrompt } from './feedback.js';

const arg = { kind: 'arg' } as const;
const typed = { kind: 'type', delayMs: 300 } as const;

describe('feedbackChannel', () => {
  it('never types into the shell or a program that is no coding agent, running or not, pasting or not', () => {
    for (const running of [true, false]) for (const paste of [true, false]) {
      expect(feedbackChannel({ id: 'shell', promptMode: typed, capabilities: ['implement'] }, running, paste)).toBe('file');
      expect(feedbackChannel({ id: 'htop', promptMode: arg, capabilities: [] }, running, paste)).toBe('file');
    }
  });
  it('pastes only into a running agent that enabled bracketed paste; else relaunches an argument/flag agent, or writes a file', () => {
    expect(feedbackChannel({ id: 'claude', promptMode: arg, capabilities: ['fix'] }, true, true)).toBe('paste');
    expect(feedbackChannel({ id: 'claude', promptMode: arg, capabilities: ['fix'] }, true, false)).toBe('relaunch');
    expect(feedbackChannel({ id: 'gemini', promptMode: { kind: 'flag', flag: '-p' }, capabilities: ['fix'] }, false, false)).toBe('relaunch');
    expect(feedbackChannel({ id: 'aider', promptMode: typed, capabilities: ['fix'] }, true, true)).toBe('paste');
    expect(feedbackChannel({ id: 'aider', promptMode: typed, capabilities: ['fix'] }, true, false)).toBe('file');
  });
});

const counts = { testsPassed: null, testsFailed: null, testsSkipped: null, typeErrors: null, lintErrors: null, lintWarnings: null, coverage: null, vulnerabilities: null };
const check = (kind: GateCheck['kind'], findings: GateCheck['findings'], outputTail = ''): GateCheck => ({
  kind, tool: kind, command: `run ${kind}`, argv: [kind], cwd: '', source: 'detected', missing: null, status: 'failed', reason: 'exit code 1', exitCode: 1, durationMs: 1, counts, findings, outputTail,
});
function gate(checks: GateCheck[]): QualityGate {
  return {
    iteration: 2, agent: 'a', command: 'run tests', passed: false, exitCode: 1, tests: { passed: null, failed: null, skipped: null, total: null, format: null }, durationMs: 1, sessionId: null, outputTail: '', at: 0, checks,
    snapshot: { iteration: 2, verdict: 'failed', overall: 0.5, threshold: 0.7, testsPassing: 1, testsFailing: 1, coverage: null, typeErrors: 1, lintProblems: 1, vulnerabilities: null, reasons: ['tests (tests) failed: 1 test(s) failed'] },
  };
}

describe('feedbackPrompt', () => {
  const g = gate([
    check('tests', [{ at: 'test_x.py', name: 'test_value', message: 'assert 41 == 42', severity: 'error' }], 'E   assert 41 == 42\n1 failed, 1 passed in 0.1s'),
    check('typecheck', [{ at: 'src/a.ts:1:14', name: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", severity: 'error' }]),
    check('lint', [{ at: 'src/b.js:2:1', name: 'no-console', message: 'Unexpected console statement', severity: 'warning' }, { at: 'src/b.js:1:7', name: 'no-unused-vars', message: "'x' is unused", severity: 'error' }]),
  ]);
  it('lists failing tests with assertions, type errors and lint errors (not warnings) with file:line, then the output tail', () => {
    expect(feedbackPrompt(g)).toBe(
      [
        'The quality gate failed (iteration 2): tests (tests) failed: 1 test(s) failed.',
        'Fix the code so that every check passes.',
        '',
        'Failing tests:',
        '- test_x.py test_value: assert 41 == 42',
        'Type errors:',
        "- src/a.ts:1:14 TS2322: Type 'string' is not assignable to type 'number'.",
        'Lint errors:',
        "- src/b.js:1:7 no-unused-vars: 'x' is unused",
        '',
        'The end of the output of run tests:',
        'E   assert 41 == 42',
        '1 failed, 1 passed in 0.1s',
      ].join('\n'),
    );
  });
  it('says when the turn was stopped at its limit', () => {
    expect(feedbackPrompt(g, 600)).toMatch(/^Your last turn ran past the 600 s limit/);
  });
  it('stays within its budget: the tail goes first, then findings from the end, counted', () => {
    const many = gate([check('tests', Array.from({ length: 50 }, (_, i) => ({ at: `t${i}.py`, name: `test_${i}`, message: 'x'.repeat(40), severity: 'error' as const })), 'tail '.repeat(500))]);
    const p = feedbackPrompt(many, null, 1_000);
    expect(p.length).toBeLessThanOrEqual(1_000);
    expect(p).toContain('- t0.py test_0');
    expect(p).toMatch(/\(\d+ more finding\(s\) left out\)/);
    expect(p).not.toContain('tail tail');
  });
});
