import type { TaskComplexity, TaskEntity, TaskIntent, TaskParse } from '../contract/index.js';
import { readConventionalPrefix } from './intent/conventional.js';
import { classifyIntent } from './intent/intent-classifier.js';
import { occurrences, tally, words, type Tally, type Words } from './keyword-match.js';
import { TASK_RULES, type Term, type TaskRules } from './task-rules.js';

/**
 * Picks the best label. Confidence = its share of all matched score, damped when little
 * matched (a single weak word is not certain): share × min(1, top / 4). Ties go to the
 * label listed first in the table. No match: the default at confidence 0.3.
 */
function decide<L extends string>(scores: Map<L, Tally>, order: readonly L[], fallback: L, noun: string) {
  const all = Object.fromEntries([...scores].map(([k, v]) => [k, round(v.score)])) as Record<string, number>;
  let best: L | null = null;
  for (const l of order) if (scores.has(l) && (best === null || scores.get(l)!.score > scores.get(best)!.score)) best = l;
  if (best === null) return { value: fallback, confidence: 0.3, reasons: [`no ${noun} keyword matched: default ${fallback}`], scores: all };
  const top = scores.get(best)!;
  const sum = [...scores.values()].reduce((a, t) => a + t.score, 0);
  const confidence = round((top.score / sum) * Math.min(1, top.score / 4));
  return { value: best, confidence, reasons: top.reasons, scores: all };
}

function complexity(w: Words, entities: TaskEntity[], rules: TaskRules) {
  const t = tally({ simple: rules.complexity.simple, complex: rules.complexity.complex } as Record<'simple' | 'complex', Term[]>, w);
  const simple = t.get('simple') ?? { score: 0, reasons: [] };
  const complex = t.get('complex') ?? { score: 0, reasons: [] };
  const n = w.list.length;
  const reasons: string[] = [];
  let size = 0;
  if (n >= rules.complexity.wordsComplex) {
    size = 2;
    reasons.push(`${n} words (long) +2`);
  } else if (n >= rules.complexity.wordsModerate) {
    size = 1;
    reasons.push(`${n} words +1`);
  } else reasons.push(`${n} words (short)`);
  const named = entities.filter((e) => e.kind !== 'technology').length + entities.filter((e) => e.kind === 'technology').length * 0.5;
  if (named >= 3) reasons.push(`${named} named things +1`);
  const score = size + (named >= 3 ? 1 : 0) + complex.score * 0.6 - simple.score * 0.8;
  const value: TaskComplexity = score >= 2.5 ? 'complex' : score >= 0.9 ? 'moderate' : 'simple';
  reasons.push(...complex.reasons.map((r) => `complex: ${r}`), ...simple.reasons.map((r) => `simple: ${r}`));
  const edge = value === 'complex' ? score - 2.5 : value === 'simple' ? 0.9 - score : Math.min(score - 0.9, 2.5 - score);
  const confidence = round(Math.min(0.95, 0.5 + Math.abs(edge) * 0.2));
  return { value, confidence, reasons, scores: { size, simple: round(simple.score), complex: round(complex.score), total: round(score) } };
}

const FILE_RE = /(?:^|[\s(`'"])((?:[\w.-]+\/)*[\w-]+\.(?:tsx?|jsx?|mjs|cjs|py|go|rs|java|kt|swift|rb|php|cs|cpp|c|h|css|scss|html|vue|svelte|json|ya?ml|toml|md|sql|sh|tf|dockerfile|lock)|(?:[\w.-]+\/)+[\w.-]+)(?=$|[\s),;:`'"])/gi;

/** Entities: technologies from the table, file paths, and named components ("payment service", `OrderService`). */
function entities(text: string, w: Words, rules: TaskRules): TaskEntity[] {
  const out: TaskEntity[] = [];
  const seen = new Set<string>();
  const push = (e: TaskEntity) => {
    const key = `${e.kind}:${e.value.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  };
  for (const tech of rules.technologies) {
    const alias = tech.aliases.find((a) => occurrences(a, w).length > 0);
    if (alias) push({ kind: 'technology', value: tech.name, match: alias, confidence: alias.length <= 2 ? 0.6 : 0.9 });
  }
  for (const m of text.matchAll(FILE_RE)) {
    const f = m[1]!;
    if (/^\d+(\.\d+)+$/.test(f) || /^(async\/await|ci\/cd|node\.js|vue\.js|next\.js)$/i.test(f)) continue;
    push({ kind: 'file', value: f, match: f, confidence: f.includes('/') ? 0.9 : 0.75 });
  }
  const techs = new Set(out.map((e) => e.value.toLowerCase()));
  for (const m of text.matchAll(/\b([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)\b/g)) {
    if (!techs.has(m[1]!.toLowerCase())) push({ kind: 'component', value: m[1]!, match: m[1]!, confidence: 0.85 });
  }
  const stop = new Set(rules.stopWords);
  const nouns = new Set(rules.componentNouns);
  w.list.forEach((word, i) => {
    if (!nouns.has(word) || i === 0) return;
    const name: string[] = [];
    for (let j = i - 1; j >= 0 && name.length < 2; j--) {
      const prev = w.list[j]!;
      if (stop.has(prev) || !/^[a-z][a-z0-9-]*$/.test(prev) || j === 0) break;
      name.unshift(prev);
    }
    if (name.length) push({ kind: 'component', value: `${name.join(' ')} ${word}`, match: `${name.join(' ')} ${word}`, confidence: 0.6 });
  });
  return out;
}

/**
 * Reads a task text the way an issue title is written: its intent, domain, complexity and the
 * entities it names, each with a confidence (0..1) and reasons. Deterministic and offline.
 * Intent: a Conventional Commits prefix, else the learned model (intent/intent-classifier.ts)
 * with review and research from the keyword tables; its confidence is a calibrated
 * probability and `scores` holds every intent's. Domain and complexity: the keyword tables in
 * task-rules.json; a prefix's scope (`fix(docs): …`) counts as domain words.
 */
export function parseTask(text: string, rules: TaskRules = TASK_RULES): TaskParse {
  const prefix = readConventionalPrefix(text);
  const body = prefix ? prefix.rest : text;
  const w = words(body);
  const found = entities(body, w, rules);
  const ruled = tally(rules.intents.labels, w, rules.leadFactor);
  const intent = classifyIntent(text, ruled);
  const domains = tally(rules.domains.labels, w);
  if (prefix?.scope) {
    for (const [label, t] of tally(rules.domains.labels, words(prefix.scope.replace(/[/,-]/g, ' ')))) {
      const d = domains.get(label) ?? { score: 0, reasons: [] };
      const add = t.score * SCOPE_FACTOR;
      domains.set(label, { score: d.score + add, reasons: [...d.reasons, `scope "${prefix.scope}" +${round(add)}`] });
    }
  }
  const implied = rules.intentDomain[intent.value];
  if (implied && intent.confidence >= 0.5) {
    const [domain, weight] = implied;
    const t = domains.get(domain) ?? { score: 0, reasons: [] };
    domains.set(domain, { score: t.score + weight, reasons: [...t.reasons, `${intent.value} task +${weight}`] });
  }
  return {
    text,
    intent,
    domain: decide(domains, Object.keys(rules.domains.labels) as (keyof typeof rules.domains.labels)[], rules.domains.default, 'domain'),
    complexity: complexity(w, found, rules),
    entities: found,
  };
}

/**
 * The parse with the person's pick of intent (confidence 1; the reading's scores kept, so
 * what the parser thought stays visible); unchanged when `intent` is undefined.
 */
export function withChosenIntent(parse: TaskParse, intent: TaskIntent | undefined): TaskParse {
  if (intent === undefined) return parse;
  const read = parse.intent;
  return { ...parse, intent: { value: intent, confidence: 1, reasons: [`chosen by the person (the reading was ${read.value} at ${Math.round(read.confidence * 100)}%)`], scores: read.scores } };
}

/** A domain word in a Conventional Commits scope counts this many times (the author named the area). */
const SCOPE_FACTOR = 1.5;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
