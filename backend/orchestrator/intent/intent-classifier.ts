import { TASK_INTENTS, type TaskIntent, type TaskParse } from '../../contract/index.js';
import modelFile from './intent-model.json' with { type: 'json' };
import { readConventionalPrefix } from './conventional.js';
import { textFeatures } from './features.js';
import { LinearTextModel, softmax } from './linear-model.js';

/**
 * The intent of a task text, in three steps:
 * 1. a Conventional Commits prefix (`fix(parser): …`) states it: confidence 1;
 * 2. otherwise the learned model (intent-model.json, `npm run train:intents`) gives a
 *    calibrated probability for each intent it knows (implement, fix, refactor, perf, test,
 *    docs, build), its logits plus ruleWeight × the keyword scores of task-rules.json (both
 *    fitted on held-out repositories);
 * 3. review and research, which commit histories do not label, come from the keyword rules
 *    (task-rules.json): a rule score s takes the share s / (s + RULE_HALF) of the probability
 *    and the model's probabilities share the rest.
 */

/** The shipped model. @throws ZodError at load when intent-model.json is malformed */
export const INTENT_MODEL: LinearTextModel = LinearTextModel.fromFile(modelFile);

/** The rule score at which a rule intent takes half of the probability. */
export const RULE_HALF = 4;

/** Words shown as reasons: at most this many, each pushing by at least MIN_PUSH (logit units). */
const MAX_REASON_WORDS = 3;
const MIN_PUSH = 0.05;

/** A keyword score for an intent the model does not learn, with its reasons. */
export interface RuleScore {
  score: number;
  reasons: string[];
}

export type IntentFacet = TaskParse['intent'];

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Reads the intent of `text`. `scores` holds the probability of every intent (two decimals),
 * so a caller can offer the runner-up; `reasons` name the prefix, the words that pushed the
 * winner over the runner-up, or the matched rule terms.
 * @param rules keyword scores for review/research from the parser's tables
 */
export function classifyIntent(text: string, rules: ReadonlyMap<TaskIntent, RuleScore> = new Map(), model: LinearTextModel = INTENT_MODEL): IntentFacet {
  const prefix = readConventionalPrefix(text);
  if (prefix) {
    const scores = Object.fromEntries(TASK_INTENTS.map((i) => [i, i === prefix.intent ? 1 : 0]));
    return { value: prefix.intent, confidence: 1, reasons: [`conventional prefix "${prefix.type}${prefix.scope ? `(${prefix.scope})` : ''}${prefix.breaking ? '!' : ''}:"`], scores };
  }
  const f = textFeatures(text, model.features);
  const logits = model.logitsOf(f);
  model.labels.forEach((l, j) => (logits[j]! += model.ruleWeight * (rules.get(l as TaskIntent)?.score ?? 0)));
  const modelProbs = softmax(logits, model.temperature);
  const probs = new Map<TaskIntent, number>(TASK_INTENTS.map((i) => [i, 0]));
  const ruled = [...rules].filter(([i, r]) => r.score > 0 && !model.labels.includes(i));
  // Keyword-only intents (review, research) take a share of the probability.
  const ruleShare = ruled.map(([i, r]) => [i, r.score / (r.score + RULE_HALF)] as const);
  // Rule intents share at most what the strongest one claims.
  const totalRule = ruleShare.reduce((a, [, s]) => a + s, 0);
  const claimed = ruleShare.length ? Math.max(...ruleShare.map(([, s]) => s)) : 0;
  for (const [i, s] of ruleShare) probs.set(i, (s / totalRule) * claimed);
  model.labels.forEach((l, j) => probs.set(l as TaskIntent, modelProbs[j]! * (1 - claimed)));
  const ranked = [...probs].sort((a, b) => b[1] - a[1] || TASK_INTENTS.indexOf(a[0]) - TASK_INTENTS.indexOf(b[0]));
  const [best, second] = [ranked[0]!, ranked[1]!];
  const reasons: string[] = [];
  const rule = rules.get(best[0]);
  if (rule && !model.labels.includes(best[0])) reasons.push(...rule.reasons);
  else {
    const a = model.labels.indexOf(best[0]);
    const runner = model.labels.includes(second[0]) ? second[0] : ([...ranked].find(([i]) => i !== best[0] && model.labels.includes(i))?.[0] ?? best[0]);
    const b = model.labels.indexOf(runner);
    const pushes = model
      .wordPush(f, a, b)
      .filter((p) => p.push >= MIN_PUSH)
      .sort((x, y) => y.push - x.push || x.word.localeCompare(y.word));
    const seen = new Set<string>();
    for (const p of pushes) {
      if (seen.has(p.word) || seen.size >= MAX_REASON_WORDS) continue;
      seen.add(p.word);
      reasons.push(`"${p.word}" +${round(p.push)} for ${best[0]} over ${runner}`);
    }
    const kw = rules.get(best[0]);
    if (kw && model.ruleWeight > 0) reasons.push(...kw.reasons.slice(0, 2).map((r) => `keyword ${r}`));
    if (!reasons.length) reasons.push(`no word stands out: ${best[0]} is the model's best reading`);
  }
  return { value: best[0], confidence: round(best[1]), reasons, scores: Object.fromEntries([...probs].map(([i, p]) => [i, round(p)])) };
}
