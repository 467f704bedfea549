import type { CheckKind, GateCheck, GateVerdict, ProjectQuality, QualitySnapshot, VulnCounts } from '../contract/index.js';
import { CHECK_KINDS, DEFAULT_BLOCKING, DEFAULT_QUALITY_THRESHOLD, DEFAULT_QUALITY_WEIGHTS } from '../contract/index.js';

/** Settings with every key filled: the defaults of the contract. */
export const DEFAULT_PROJECT_QUALITY: ProjectQuality = { commands: {}, weights: DEFAULT_QUALITY_WEIGHTS, threshold: DEFAULT_QUALITY_THRESHOLD, blocking: [...DEFAULT_BLOCKING] };

/**
 * Problems at which a kind's score halves: score = H / (H + n). Type errors: 5 → 0.5; lint:
 * 10 errors (a warning counts a quarter of an error) → 0.5; audit: weighted vulnerabilities
 * (critical 10, high 5, moderate 2, low 1) of 10 → 0.5.
 */
export const HALF_AT = { typecheck: 5, lint: 10, audit: 10 } as const;
const VULN_WEIGHT: Record<keyof VulnCounts, number> = { critical: 10, high: 5, moderate: 2, low: 1 };

const decay = (n: number, half: number) => half / (half + Math.max(0, n));

/**
 * One check's score in 0..1, or null when it says nothing (skipped). Tests: passed / (passed +
 * failed) when counted, else 1 for a pass and 0 for a failure. Coverage: percent / 100
 * (unreadable: 1 for a pass, 0 for a failure). Type check, lint, audit: {@link HALF_AT} decay
 * of their counts; a failed check without counts scores 0.
 */
export function checkScore(c: GateCheck): number | null {
  if (c.status === 'skipped') return null;
  const ok = c.status === 'passed';
  const k = c.counts;
  switch (c.kind) {
    case 'tests': {
      const p = k.testsPassed ?? 0;
      const f = k.testsFailed ?? 0;
      return p + f > 0 ? p / (p + f) : ok ? 1 : 0;
    }
    case 'coverage':
      return k.coverage !== null ? k.coverage / 100 : ok ? 1 : 0;
    case 'typecheck':
      return k.typeErrors !== null ? decay(k.typeErrors, HALF_AT.typecheck) : ok ? 1 : 0;
    case 'lint':
      return k.lintErrors !== null ? decay(k.lintErrors + 0.25 * (k.lintWarnings ?? 0), HALF_AT.lint) : ok ? 1 : 0;
    case 'audit': {
      const v = k.vulnerabilities;
      if (!v) return ok ? 1 : 0;
      return decay((Object.keys(VULN_WEIGHT) as (keyof VulnCounts)[]).reduce((s, key) => s + v[key] * VULN_WEIGHT[key], 0), HALF_AT.audit);
    }
  }
}

const sum = (xs: (number | null)[]): number | null => (xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null);

/**
 * The quality of one gate run, a pure function of its checks and the project's settings.
 * - Each kind's score is the mean of {@link checkScore} over its checks that ran; the overall
 *   score is the weighted mean over kinds that ran, weights from `settings.weights` (a kind
 *   that did not run, or weighs 0, leaves the others' weights as they are, renormalised).
 * - `unverified` when no check ran (none found, or every tool missing): nothing verified is
 *   never a pass. Otherwise `failed` when a tests check failed (always), a check of a
 *   `settings.blocking` kind failed, or the overall score is below `settings.threshold`;
 *   else `passed`.
 * Counts add up over checks of a kind; null where no check reported them.
 */
export function scoreGate(iteration: number, checks: readonly GateCheck[], settings: Pick<ProjectQuality, 'weights' | 'threshold' | 'blocking'>): QualitySnapshot {
  const ran = checks.filter((c) => c.status !== 'skipped');
  const reasons: string[] = [];
  let num = 0;
  let den = 0;
  for (const kind of CHECK_KINDS) {
    const scores = ran.filter((c) => c.kind === kind).map(checkScore).filter((s): s is number => s !== null);
    const w = settings.weights[kind];
    if (!scores.length || w <= 0) continue;
    num += w * (scores.reduce((a, b) => a + b, 0) / scores.length);
    den += w;
  }
  // Every kind that ran weighs 0: the checks still decide pass/fail, the score is their mean.
  const overall = ran.length === 0 ? null : den > 0 ? num / den : ran.filter((c) => c.status === 'passed').length / ran.length;
  const blocking = new Set<CheckKind>(['tests', ...settings.blocking]);
  for (const c of ran) if (c.status !== 'passed' && blocking.has(c.kind)) reasons.push(`${c.tool} (${c.kind}) failed: ${c.reason}`);
  for (const c of ran) if (c.status !== 'passed' && !blocking.has(c.kind)) reasons.push(`${c.tool} (${c.kind}): ${c.reason}`);
  let verdict: GateVerdict;
  if (overall === null) {
    verdict = 'unverified';
    const skipped = checks.filter((c) => c.status === 'skipped');
    reasons.unshift(skipped.length ? `no check could run: ${skipped.map((c) => `${c.tool}: ${c.reason}`).join('; ')}` : 'the project has no test, type check or lint the gate could find: name the commands in the project settings');
  } else if (ran.some((c) => c.status !== 'passed' && blocking.has(c.kind))) {
    verdict = 'failed';
  } else if (overall < settings.threshold) {
    verdict = 'failed';
    reasons.unshift(`overall quality ${overall.toFixed(2)} is below the threshold ${settings.threshold.toFixed(2)}`);
  } else {
    verdict = 'passed';
  }
  const of = (kind: CheckKind) => ran.filter((c) => c.kind === kind);
  const vulns = sum(ran.map((c) => (c.counts.vulnerabilities ? c.counts.vulnerabilities.critical + c.counts.vulnerabilities.high + c.counts.vulnerabilities.moderate + c.counts.vulnerabilities.low : null)));
  const coverages = ran.map((c) => c.counts.coverage).filter((x): x is number => x !== null);
  return {
    iteration,
    verdict,
    overall,
    threshold: settings.threshold,
    testsPassing: sum(of('tests').map((c) => c.counts.testsPassed)),
    testsFailing: sum(of('tests').map((c) => c.counts.testsFailed)),
    coverage: coverages.length ? Math.min(...coverages) : null,
    typeErrors: sum(of('typecheck').map((c) => c.counts.typeErrors)),
    lintProblems: sum(of('lint').map((c) => (c.counts.lintErrors === null ? null : c.counts.lintErrors + (c.counts.lintWarnings ?? 0)))),
    vulnerabilities: vulns,
    reasons,
  };
}
