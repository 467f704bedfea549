import type { CheckCounts, Finding, GateCheck, PlannedCheck, VulnCounts } from '../contract/index.js';
import { MAX_FINDINGS } from '../contract/index.js';
import { parseTestOutput, stripAnsi } from '../orchestrator/test-output.js';

/** What the gate runner recorded for one check. Times in ms. */
export interface RawCheckRun {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The last 64 KB of its output. */
  output: string;
  /** Why it could not start (ENOENT…), or null. */
  error: string | null;
}

/** Lines of a check's output kept as its tail. */
export const CHECK_TAIL_LINES = 40;

const EMPTY_COUNTS: CheckCounts = { testsPassed: null, testsFailed: null, testsSkipped: null, typeErrors: null, lintErrors: null, lintWarnings: null, coverage: null, vulnerabilities: null };

/** The last `n` non-empty lines of a text (ANSI already stripped). */
function tail(text: string, n = CHECK_TAIL_LINES): string {
  const lines = text.split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}

/** Line coverage (%) a test run printed: istanbul's "All files" row, pytest-cov's TOTAL, go's "coverage: N%". */
export function parseCoverage(text: string): number | null {
  const patterns = [/^\s*All files\s*\|\s*([\d.]+)/m, /^TOTAL\s+(?:\d+\s+)+([\d.]+)%\s*$/m, /coverage: ([\d.]+)% of statements/];
  for (const re of patterns) {
    const m = [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))].at(-1);
    if (m) return Math.min(100, Number(m[1]));
  }
  return null;
}

/**
 * Failing tests with their assertion messages, from the runners whose summary lists them:
 * pytest's short summary (`FAILED path::name - message`), vitest/jest (`FAIL file > name` or
 * `● suite › name`, then the first Error/expect line), TAP/node:test (`not ok N - name`), and
 * anything printing "expected … but got …" / "AssertionError".
 */
export function parseTestFailures(text: string): Finding[] {
  const out: Finding[] = [];
  const lines = text.split('\n');
  const messageAfter = (i: number): string => {
    for (let j = i + 1; j < Math.min(lines.length, i + 25); j++) {
      const l = lines[j]!.trim();
      if (/^(?:AssertionError|Error|TypeError|ReferenceError|expect\(|expected|Expected|assert|E\s+|error:)/.test(l) || /\bexpected\b.*\b(?:but|to)\b/i.test(l)) return l.replace(/^E\s+/, '');
    }
    return '';
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    let m = /^FAILED (\S+?)(?:::(\S+))?(?: - (.*))?$/.exec(l);
    if (m) {
      out.push({ at: m[1]!, name: m[2] ?? m[1]!, message: m[3] ?? '', severity: 'error' });
      continue;
    }
    m = /^\s*(?:FAIL|×|✗|✕)\s+(\S+\.\w+)\s+>\s+(.+?)(?:\s+\d+ms)?$/.exec(l);
    if (m) {
      out.push({ at: m[1]!, name: m[2]!, message: messageAfter(i), severity: 'error' });
      continue;
    }
    m = /^\s*● (.+ › .+)$/.exec(l);
    if (m) {
      out.push({ at: '', name: m[1]!, message: messageAfter(i), severity: 'error' });
      continue;
    }
    m = /^\s*not ok \d+ - (.+)$/.exec(l);
    if (m) {
      out.push({ at: '', name: m[1]!, message: messageAfter(i), severity: 'error' });
      continue;
    }
  }
  if (out.length === 0) {
    for (const l of lines) {
      if (/\bexpected\b.*\b(?:but got|to (?:be|equal))\b|AssertionError/i.test(l)) out.push({ at: '', name: '', message: l.trim(), severity: 'error' });
    }
  }
  return out.slice(0, MAX_FINDINGS);
}

/** `file(line,col): error TS1234: message` (tsc --pretty false) and `file:line: error: message` (mypy). */
export function parseTypeErrors(text: string): { errors: number; findings: Finding[] } {
  const findings: Finding[] = [];
  for (const m of text.matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/gm)) findings.push({ at: `${m[1]}:${m[2]}:${m[3]}`, name: m[4]!, message: m[5]!, severity: 'error' });
  for (const m of text.matchAll(/^(.+?):(\d+):(?:\d+:)? error: (.*?)(?:\s+\[([\w-]+)\])?$/gm)) findings.push({ at: `${m[1]}:${m[2]}`, name: m[4] ?? '', message: m[3]!, severity: 'error' });
  const summary = /Found (\d+) errors?/.exec(text);
  return { errors: summary ? Number(summary[1]) : findings.length, findings: findings.slice(0, MAX_FINDINGS) };
}

/**
 * Lint problems: ESLint's stylish format (a file line, then `line:col  error|warning  message
 * rule`; summary `✖ N problems (E errors, W warnings)`), and one-line `file:line:col: CODE
 * message` formats (ruff concise, clippy short, go vet).
 */
export function parseLint(text: string): { errors: number; warnings: number; findings: Finding[] } {
  const findings: Finding[] = [];
  let file = '';
  for (const l of text.split('\n')) {
    if (/^\S.*\.\w+$/.test(l) && !l.includes(' ')) {
      file = l.trim();
      continue;
    }
    let m = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)(?:\s{2,}(\S+))?$/.exec(l);
    if (m && file) {
      findings.push({ at: `${file}:${m[1]}:${m[2]}`, name: m[5] ?? '', message: m[4]!.trim(), severity: m[3] as Finding['severity'] });
      continue;
    }
    m = /^(\S+?):(\d+):(\d+): (?:(warning|error): )?(?:([A-Z]+\d+) )?(.*)$/.exec(l);
    if (m) findings.push({ at: `${m[1]}:${m[2]}:${m[3]}`, name: m[5] ?? '', message: m[6]!.trim(), severity: m[4] === 'warning' ? 'warning' : 'error' });
  }
  const eslint = /✖ \d+ problems? \((\d+) errors?, (\d+) warnings?\)/.exec(text);
  if (eslint) return { errors: Number(eslint[1]), warnings: Number(eslint[2]), findings: findings.slice(0, MAX_FINDINGS) };
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors, findings: findings.slice(0, MAX_FINDINGS) };
}

/** Vulnerabilities by severity: npm audit's "N vulnerabilities (1 low, 2 high)", pip-audit's and cargo audit's totals (counted as high: they give no level). */
export function parseAudit(text: string): VulnCounts | null {
  const v: VulnCounts = { critical: 0, high: 0, moderate: 0, low: 0 };
  if (/found 0 vulnerabilities|No known vulnerabilities found/i.test(text)) return v;
  const npm = /(\d+) vulnerabilit(?:y|ies) \(([^)]*)\)/.exec(text);
  if (npm) {
    for (const m of npm[2]!.matchAll(/(\d+) (critical|high|moderate|low)/g)) v[m[2] as keyof VulnCounts] = Number(m[1]);
    return v;
  }
  const other = /Found (\d+) known vulnerabilit|(\d+) vulnerabilit(?:y|ies) found/i.exec(text);
  if (other) {
    v.high = Number(other[1] ?? other[2]);
    return v;
  }
  return null;
}

/**
 * One check's result from what the runner recorded: counts and findings parsed by its kind;
 * `skipped` when its tool is missing or could not start (never passed); `failed` when it
 * exited non-zero, ended by a signal, or (tests) reported a failing test whatever its exit code.
 */
export function readCheck(planned: PlannedCheck, raw: RawCheckRun | null): GateCheck {
  if (planned.missing !== null || raw === null) {
    return { ...planned, status: 'skipped', reason: planned.missing ?? 'not run', exitCode: null, durationMs: 0, counts: EMPTY_COUNTS, findings: [], outputTail: '' };
  }
  const text = stripAnsi(raw.output);
  if (raw.error !== null && raw.exitCode === null) {
    return { ...planned, status: 'skipped', reason: `could not start: ${raw.error}`, exitCode: null, durationMs: raw.durationMs, counts: EMPTY_COUNTS, findings: [], outputTail: tail(text) };
  }
  const counts: CheckCounts = { ...EMPTY_COUNTS };
  let findings: Finding[] = [];
  let problem = '';
  switch (planned.kind) {
    case 'tests':
    case 'coverage': {
      const t = parseTestOutput(text);
      counts.testsPassed = t.passed;
      counts.testsFailed = t.failed;
      counts.testsSkipped = t.skipped;
      counts.coverage = parseCoverage(text);
      findings = parseTestFailures(text);
      if (t.failed) problem = `${t.failed} test(s) failed`;
      break;
    }
    case 'typecheck': {
      const r = parseTypeErrors(text);
      counts.typeErrors = raw.exitCode === 0 ? 0 : r.errors;
      findings = r.findings;
      if (r.errors) problem = `${r.errors} type error(s)`;
      break;
    }
    case 'lint': {
      const r = parseLint(text);
      counts.lintErrors = r.errors;
      counts.lintWarnings = r.warnings;
      findings = r.findings;
      if (r.errors) problem = `${r.errors} lint error(s), ${r.warnings} warning(s)`;
      break;
    }
    case 'audit': {
      counts.vulnerabilities = parseAudit(text);
      const v = counts.vulnerabilities;
      if (v && v.critical + v.high + v.moderate + v.low > 0) problem = `${v.critical} critical, ${v.high} high, ${v.moderate} moderate, ${v.low} low vulnerabilities`;
      break;
    }
  }
  const failedTests = planned.kind === 'tests' && (counts.testsFailed ?? 0) > 0;
  const ok = raw.exitCode === 0 && raw.signal === null && !failedTests;
  const exit = raw.signal ? `ended by ${raw.signal}` : `exit code ${raw.exitCode}`;
  return {
    ...planned,
    status: ok ? 'passed' : 'failed',
    reason: ok ? '' : problem ? `${problem} (${exit})` : exit,
    exitCode: raw.exitCode,
    durationMs: raw.durationMs,
    counts,
    findings,
    outputTail: tail(text),
  };
}
