import { describe, expect, it } from 'vitest';
import type { CheckKind, GateCheck } from '../contract/index.js';
import { checkScore, DEFAULT_PROJECT_QUALITY, scoreGate } from './score.js';

const counts = { testsPassed: null, testsFailed: null, testsSkipped: null, typeErrors: null, lintErrors: null, lintWarnings: null, coverage: null, vulnerabilities: null };
function check(kind: CheckKind, status: GateCheck['status'], c: Partial<GateCheck['counts']> = {}): GateCheck {
  return { kind, tool: kind, command: kind, argv: [kind], cwd: '', source: 'detected', missing: null, status, reason: status === 'passed' ? '' : 'exit code 1', exitCode: status === 'skipped' ? null : status === 'passed' ? 0 : 1, durationMs: 1, counts: { ...counts, ...c }, findings: [], outputTail: '' };
}
const S = DEFAULT_PROJECT_QUALITY;

describe('checkScore', () => {
  it('tests: the share passing; without counts 1 for a pass and 0 for a failure', () => {
    expect(checkScore(check('tests', 'failed', { testsPassed: 3, testsFailed: 1 }))).toBe(0.75);
    expect(checkScore(check('tests', 'passed'))).toBe(1);
    expect(checkScore(check('tests', 'failed'))).toBe(0);
  });
  it('type errors, lint problems and vulnerabilities halve the score at their HALF_AT', () => {
    expect(checkScore(check('typecheck', 'passed', { typeErrors: 0 }))).toBe(1);
    expect(checkScore(check('typecheck', 'failed', { typeErrors: 5 }))).toBe(0.5);
    expect(checkScore(check('lint', 'failed', { lintErrors: 8, lintWarnings: 8 }))).toBe(0.5);
    expect(checkScore(check('audit', 'failed', { vulnerabilities: { critical: 1, high: 0, moderate: 0, low: 0 } }))).toBe(0.5);
    expect(checkScore(check('coverage', 'passed', { coverage: 80 }))).toBe(0.8);
  });
  it('a skipped check says nothing', () => {
    expect(checkScore(check('lint', 'skipped'))).toBeNull();
  });
});

describe('scoreGate', () => {
  it('no check at all, or only skipped ones, is unverified — never passed', () => {
    const none = scoreGate(1, [], S);
    expect(none).toMatchObject({ verdict: 'unverified', overall: null });
    expect(none.reasons[0]).toMatch(/no test, type check or lint/);
    const skipped = scoreGate(1, [{ ...check('tests', 'skipped'), tool: 'pytest', reason: 'pytest is not installed on PATH' }], S);
    expect(skipped.verdict).toBe('unverified');
    expect(skipped.reasons[0]).toContain('pytest: pytest is not installed');
  });
  it('a failing test fails the gate even when the score is above the threshold', () => {
    const s = scoreGate(2, [check('tests', 'failed', { testsPassed: 99, testsFailed: 1 }), check('lint', 'passed', { lintErrors: 0, lintWarnings: 0 })], { ...S, threshold: 0 });
    expect(s.verdict).toBe('failed');
    expect(s.overall).toBeGreaterThan(0.9);
    expect(s).toMatchObject({ iteration: 2, testsPassing: 99, testsFailing: 1, lintProblems: 0 });
    expect(s.reasons[0]).toMatch(/tests \(tests\) failed/);
  });
  it('tests stay blocking even when the settings leave them out', () => {
    expect(scoreGate(1, [check('tests', 'failed', { testsPassed: 9, testsFailed: 1 })], { ...S, blocking: [], threshold: 0 }).verdict).toBe('failed');
  });
  it('a failed blocking kind fails; a failed non-blocking kind only lowers the score', () => {
    const checks = [check('tests', 'passed', { testsPassed: 4, testsFailed: 0 }), check('typecheck', 'failed', { typeErrors: 1 })];
    expect(scoreGate(1, checks, S).verdict).toBe('failed');
    const lenient = scoreGate(1, checks, { ...S, blocking: ['tests'] });
    expect(lenient.verdict).toBe('passed');
    // weights 0.4 (tests: 1) and 0.2 (typecheck: 5/6), renormalised over the two kinds that ran.
    expect(lenient.overall).toBeCloseTo((0.4 * 1 + 0.2 * (5 / 6)) / 0.6, 10);
    expect(lenient.reasons).toEqual(['typecheck (typecheck): exit code 1']);
  });
  it('below the threshold fails, at or above passes', () => {
    const checks = [check('tests', 'passed', { testsPassed: 1, testsFailed: 0 }), check('lint', 'failed', { lintErrors: 10, lintWarnings: 0 })];
    const w = { ...S.weights, tests: 1, lint: 1 };
    // (1 + 0.5) / 2 = 0.75
    expect(scoreGate(1, checks, { ...S, weights: w, threshold: 0.75 }).verdict).toBe('passed');
    const below = scoreGate(1, checks, { ...S, weights: w, threshold: 0.76 });
    expect(below.verdict).toBe('failed');
    expect(below.reasons[0]).toBe('overall quality 0.75 is below the threshold 0.76');
  });
  it('weights move the score; a kind weighing 0 leaves the score to the others', () => {
    const checks = [check('tests', 'passed', { testsPassed: 1, testsFailed: 0 }), check('lint', 'failed', { lintErrors: 10, lintWarnings: 0 })];
    expect(scoreGate(1, checks, { ...S, weights: { ...S.weights, tests: 3, lint: 1 } }).overall).toBeCloseTo(0.875, 10);
    expect(scoreGate(1, checks, { ...S, weights: { ...S.weights, lint: 0 } }).overall).toBe(1);
    expect(scoreGate(1, checks, { ...S, weights: { tests: 0, typecheck: 0, lint: 0, coverage: 0, audit: 0 } }).overall).toBe(0.5);
  });
  it('skipped checks do not count against the score; missing kinds are renormalised away', () => {
    const s = scoreGate(1, [check('tests', 'passed', { testsPassed: 2, testsFailed: 0 }), check('typecheck', 'skipped'), check('audit', 'skipped')], S);
    expect(s).toMatchObject({ verdict: 'passed', overall: 1, typeErrors: null, vulnerabilities: null, coverage: null });
  });
  it('counts add up over several checks of a kind (a monorepo)', () => {
    const s = scoreGate(1, [check('tests', 'passed', { testsPassed: 2, testsFailed: 0, coverage: 90 }), check('tests', 'passed', { testsPassed: 3, testsFailed: 0, coverage: 70 }), check('audit', 'failed', { vulnerabilities: { critical: 0, high: 1, moderate: 2, low: 3 } })], S);
    expect(s).toMatchObject({ testsPassing: 5, testsFailing: 0, coverage: 70, vulnerabilities: 6 });
  });
});
