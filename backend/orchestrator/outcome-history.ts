import type { TaskDomain, TaskIntent } from '../contract/index.js';

/**
 * What the matcher learns from finished work: per project, agent, intent and domain, how
 * many attempts passed the quality gate, and at what cost in gate runs, switches, time and
 * money. Pure update and scoring rules; the SQLite side is outcome-store.ts.
 */

/** One agent's finished attempt at a task. */
export interface TaskOutcome {
  /** The quality gate passed (the task completed with this agent). */
  passed: boolean;
  /** Gate runs of this attempt. */
  iterations: number;
  /** 1 when the task switched away from this agent after it, else 0. */
  switched: boolean;
  /** Wall time of the attempt, ms. */
  durationMs: number;
  /** Cost of the attempt in USD, null when unknown. */
  costUsd: number | null;
}

/** Accumulated outcomes of one (project, agent, intent, domain). */
export interface OutcomeStats {
  tasks: number;
  passed: number;
  iterations: number;
  switches: number;
  durationMs: number;
  costUsd: number;
  /** Attempts whose cost was known (costUsd sums only those). */
  costKnown: number;
}

export const EMPTY_STATS: OutcomeStats = { tasks: 0, passed: 0, iterations: 0, switches: 0, durationMs: 0, costUsd: 0, costKnown: 0 };

/**
 * The update rule: the stats after one more outcome. Negative or non-finite counts in the
 * outcome are read as 0 (a clock step must not corrupt the history).
 */
export function applyOutcome(s: OutcomeStats | undefined, o: TaskOutcome): OutcomeStats {
  const base = s ?? EMPTY_STATS;
  const nonNeg = (x: number) => (Number.isFinite(x) && x > 0 ? x : 0);
  const cost = o.costUsd !== null && Number.isFinite(o.costUsd) && o.costUsd >= 0 ? o.costUsd : null;
  return {
    tasks: base.tasks + 1,
    passed: base.passed + (o.passed ? 1 : 0),
    iterations: base.iterations + Math.round(nonNeg(o.iterations)),
    switches: base.switches + (o.switched ? 1 : 0),
    durationMs: base.durationMs + Math.round(nonNeg(o.durationMs)),
    costUsd: base.costUsd + (cost ?? 0),
    costKnown: base.costKnown + (cost === null ? 0 : 1),
  };
}

/** Sum of several stats (e.g. one intent over every domain). */
export function sumStats(list: readonly OutcomeStats[]): OutcomeStats {
  return list.reduce(
    (a, s) => ({
      tasks: a.tasks + s.tasks,
      passed: a.passed + s.passed,
      iterations: a.iterations + s.iterations,
      switches: a.switches + s.switches,
      durationMs: a.durationMs + s.durationMs,
      costUsd: a.costUsd + s.costUsd,
      costKnown: a.costKnown + s.costKnown,
    }),
    EMPTY_STATS,
  );
}

/**
 * Prior and exploration of the history score. The pass rate is the mean of a Beta(α, β)
 * posterior: with α = β = 1 an agent with no data sits at 0.5 and a few results move it
 * only part of the way. The exploration bonus c / √(1 + n) (an upper-confidence-bound
 * term; Auer et al., 2002) lifts agents with few attempts so a newly installed one gets
 * tried, and fades as its record grows.
 */
export const HISTORY_PRIOR = { alpha: 1, beta: 1, exploration: 0.1, domainWeight: 0.5 } as const;

/** One agent's records that bear on a task: same intent (any domain) and same domain (other intents). */
export interface AgentRecord {
  intent: OutcomeStats;
  domain: OutcomeStats;
}

/** The history part of an agent's score (0..1) with its reasons. */
export interface HistoryReading {
  value: number;
  reasons: string[];
}

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/**
 * The history score: posterior pass rate over the same intent's attempts plus, at half
 * weight (domainWeight), the same domain's attempts at other intents, plus the exploration
 * bonus; clamped to 0..1. Reasons read "passed 7 of 9 fix tasks in this project".
 */
export function historyScore(r: AgentRecord, intent: TaskIntent, domain: TaskDomain, prior = HISTORY_PRIOR): HistoryReading {
  const n = r.intent.tasks + prior.domainWeight * r.domain.tasks;
  const passed = r.intent.passed + prior.domainWeight * r.domain.passed;
  const rate = (passed + prior.alpha) / (n + prior.alpha + prior.beta);
  const bonus = prior.exploration / Math.sqrt(1 + n);
  const value = Math.max(0, Math.min(1, rate + bonus));
  const reasons: string[] = [];
  if (r.intent.tasks) reasons.push(`passed ${r.intent.passed} of ${r.intent.tasks} ${intent} tasks in this project`);
  if (r.domain.tasks) reasons.push(`passed ${r.domain.passed} of ${r.domain.tasks} other ${domain} tasks here`);
  const all = sumStats([r.intent, r.domain]);
  if (all.tasks) {
    const costs = all.costKnown ? `, $${(all.costUsd / all.costKnown).toFixed(2)} each` : '';
    reasons.push(`${(all.iterations / all.tasks).toFixed(1)} gate runs and ${minutes(all.durationMs / all.tasks)} per attempt${costs}`);
  } else reasons.push(`no ${intent} or ${domain} task here yet: prior ${(prior.alpha / (prior.alpha + prior.beta)).toFixed(2)}`);
  reasons.push(`exploration +${bonus.toFixed(2)} (fewer attempts, larger)`);
  return { value: Math.round(value * 1000) / 1000, reasons };
}
