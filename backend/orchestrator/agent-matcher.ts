import type { MatcherWeights, PresetMatcher, ProjectAnalysis, RankedAgent, TaskParse } from '../contract/index.js';
import type { AgentProfile } from '../agents/profile-schema.js';
import { EMPTY_STATS, historyScore, type AgentRecord } from './outcome-history.js';

/** Weights of the agent score when no preset says otherwise (the `balanced` preset's): they add up to 1. */
export const MATCH_WEIGHTS: Readonly<MatcherWeights> = { capability: 0.4, context: 0.3, history: 0.2, specialization: 0.1, preference: 0 };

/** How the matcher ranks: part weights and preferred agents (a project's preset; see `backend/presets/`). */
export type MatchConfig = PresetMatcher;

/** The matcher's configuration when no preset is given: {@link MATCH_WEIGHTS}, no preferred agents. */
export const DEFAULT_MATCH_CONFIG: MatchConfig = { weights: MATCH_WEIGHTS, preferredAgents: [] };

/** Neutral score of a part with nothing to go on (no project analysis). */
export const NO_HISTORY_SCORE = 0.5;

/** Languages that are data or prose, not code: left out of the context fit. */
export const NON_CODE_LANGUAGES: ReadonlySet<string> = new Set(['JSON', 'YAML', 'TOML', 'INI', 'XML', 'Markdown', 'MDX', 'reStructuredText', 'TeX']);

/** A profile as the matcher sees it: its data, whether it can be started, and its breaker. */
export interface MatchCandidate {
  profile: Pick<AgentProfile, 'id' | 'name' | 'capabilities' | 'specializations'>;
  installed: boolean;
  /** False while its circuit breaker is open. */
  breakerAllows: boolean;
}

/** A profile's record in this project: attempts at the same intent, and at the same domain (outcome-history.ts). */
export type AgentHistory = AgentRecord;

/** The project's context the ranking uses (a subset of the cached analysis). */
export type MatchContext = Pick<ProjectAnalysis, 'languages' | 'frameworks' | 'projectTypes'> | null;

const part = (value: number, weight: number, reasons: string[]) => ({
  value: round(Math.max(0, Math.min(1, value))),
  weight,
  weighted: round(Math.max(0, Math.min(1, value)) * weight),
  reasons,
});

function capability(c: MatchCandidate, parse: TaskParse, w: MatcherWeights) {
  const caps = c.profile.capabilities;
  if (caps.includes(parse.intent.value)) return part(1, w.capability, [`takes ${parse.intent.value} tasks`]);
  return part(0, w.capability, [`does not list ${parse.intent.value} among its capabilities (${caps.join(', ') || 'none'})`]);
}

/**
 * Fit with the project: 0.7 × the share of the project's code (bytes) in languages the
 * profile specializes in + 0.3 × the share of its frameworks the profile lists (0.5 when the
 * project has none). No analysis: 0.5.
 */
function context(c: MatchCandidate, ctx: MatchContext, w: MatcherWeights) {
  if (!ctx) return part(NO_HISTORY_SCORE, w.context, ['no project analysis: neutral 0.5']);
  const specs = new Set(c.profile.specializations);
  const code = ctx.languages.filter((l) => l.share > 0 && !NON_CODE_LANGUAGES.has(l.name));
  const total = code.reduce((a, l) => a + l.share, 0);
  const counted = code.map((l) => ({ ...l, share: l.share / total }));
  const langs = counted.filter((l) => specs.has(l.name.toLowerCase()));
  const langShare = counted.length === 0 ? 0.5 : langs.reduce((a, l) => a + l.share, 0);
  const fws = ctx.frameworks.filter((f) => specs.has(f.toLowerCase()));
  const fwShare = ctx.frameworks.length === 0 ? 0.5 : fws.length / ctx.frameworks.length;
  const reasons: string[] = [];
  if (counted.length === 0) reasons.push('no languages detected: 0.5');
  else if (langs.length) reasons.push(`knows ${langs.map((l) => `${l.name} (${Math.round(l.share * 100)}%)`).join(', ')}`);
  else reasons.push(`none of the project's languages (${counted.slice(0, 3).map((l) => l.name).join(', ')}) among its specializations`);
  if (ctx.frameworks.length === 0) reasons.push('no frameworks detected: 0.5');
  else if (fws.length) reasons.push(`knows ${fws.join(', ')}`);
  else reasons.push(`none of the frameworks (${ctx.frameworks.slice(0, 3).join(', ')})`);
  return part(0.7 * langShare + 0.3 * fwShare, w.context, reasons);
}

/** Posterior pass rate on the same intent (and, at half weight, domain) here, plus exploration: {@link historyScore}. */
function history(h: AgentHistory | undefined, parse: TaskParse, w: MatcherWeights) {
  const r = historyScore(h ?? { intent: EMPTY_STATS, domain: EMPTY_STATS }, parse.intent.value, parse.domain.value);
  return part(r.value, w.history, r.reasons);
}

/** 1 when the profile specializes in the task's domain; +0.5 per technology the task names that it knows (max 1). */
function specialization(c: MatchCandidate, parse: TaskParse, w: MatcherWeights) {
  const specs = new Set(c.profile.specializations);
  const reasons: string[] = [];
  let v = 0;
  if (specs.has(parse.domain.value)) {
    v = 1;
    reasons.push(`specializes in ${parse.domain.value}`);
  }
  const techs = parse.entities.filter((e) => e.kind === 'technology' && specs.has(e.value.toLowerCase()));
  if (techs.length) {
    v += 0.5 * techs.length;
    reasons.push(`knows ${techs.map((t) => t.value).join(', ')}`);
  }
  if (!reasons.length) reasons.push(`no specialization in ${parse.domain.value}`);
  return part(v, w.specialization, reasons);
}

/**
 * The preset's preference for an agent: the first of `preferred` scores 1, the k-th (0-based)
 * of n scores 1 − k/n, an agent not listed 0.
 */
export function preferenceValue(agent: string, preferred: readonly string[]): number {
  const k = preferred.indexOf(agent);
  return k < 0 ? 0 : 1 - k / preferred.length;
}

function preference(c: MatchCandidate, cfg: MatchConfig) {
  const v = preferenceValue(c.profile.id, cfg.preferredAgents);
  const reasons = v > 0 ? [`preferred by the preset (${cfg.preferredAgents.indexOf(c.profile.id) + 1} of ${cfg.preferredAgents.length})`] : [cfg.preferredAgents.length ? 'not among the preset\'s preferred agents' : 'the preset prefers no agent'];
  return part(v, cfg.weights.preference, reasons);
}

/** Why a candidate is left out, or null when it may be picked. */
function exclusion(c: MatchCandidate): string | null {
  if (!c.installed) return 'not installed';
  if (!c.breakerAllows) return 'its circuit breaker is open';
  if (c.profile.capabilities.length === 0) return 'not a coding agent (no capabilities in its profile)';
  return null;
}

/**
 * Ranks agent profiles for a parsed task: score = the weighted sum of capability, context
 * fit, history (outcomes on the same intent and domain here, with a prior and an exploration
 * bonus), specialization and preference (the preset's preferred agents), each part with
 * written reasons. Weights come from `config` (the project's preset; default
 * {@link DEFAULT_MATCH_CONFIG}: 0.4, 0.3, 0.2, 0.1, 0). The preference part is listed only
 * when its weight is above 0.
 * Eligible profiles (installed, breaker not open, with capabilities) come first by score
 * (ties by id); the others follow with `excluded` saying why and are never picked.
 * @param historyOf per profile id: its outcome record on the task's intent and domain in this project
 */
export function rankAgents(parse: TaskParse, candidates: readonly MatchCandidate[], ctx: MatchContext, historyOf: ReadonlyMap<string, AgentHistory>, config: MatchConfig = DEFAULT_MATCH_CONFIG): RankedAgent[] {
  const w = config.weights;
  const ranked = candidates.map((c): RankedAgent => {
    const parts: RankedAgent['parts'] = {
      capability: capability(c, parse, w),
      context: context(c, ctx, w),
      history: history(historyOf.get(c.profile.id), parse, w),
      specialization: specialization(c, parse, w),
      ...(w.preference > 0 ? { preference: preference(c, config) } : {}),
    };
    const excluded = exclusion(c);
    const score = round(parts.capability.weighted + parts.context.weighted + parts.history.weighted + parts.specialization.weighted + (parts.preference?.weighted ?? 0));
    return { agent: c.profile.id, name: c.profile.name, score, eligible: excluded === null, excluded, parts };
  });
  return ranked.sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score || a.agent.localeCompare(b.agent));
}

/** The best eligible agent not in `skip`, or null. */
export function pickAgent(ranking: readonly RankedAgent[], skip: readonly string[] = []): RankedAgent | null {
  return ranking.find((r) => r.eligible && !skip.includes(r.agent)) ?? null;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
