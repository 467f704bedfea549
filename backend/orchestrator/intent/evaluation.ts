import { softmax } from './linear-model.js';

/**
 * Measures of a classifier on held-out data: confusion matrix, per-label precision and
 * recall, accuracy, macro-averaged recall, and calibration (reliability table and expected
 * calibration error, Naeini et al. 2015; Guo et al. 2017). Pure functions over predictions.
 */

/** One held-out prediction: the true label index, the logits, and the group it came from. */
export interface Prediction {
  truth: number;
  logits: number[];
  group: string;
  /** The text predicted, when kept. */
  text?: string;
  /** Keyword scores of the text per label, when attached. */
  rules?: number[];
}

export interface LabelScore {
  label: string;
  /** Rows whose truth is this label. */
  support: number;
  precision: number | null;
  recall: number | null;
}

export interface ReliabilityBin {
  /** Bin range of the top probability, [from, to). */
  from: number;
  to: number;
  count: number;
  /** Mean top probability in the bin. */
  confidence: number | null;
  /** Share of the bin whose top label was right. */
  accuracy: number | null;
}

export interface Evaluation {
  rows: number;
  accuracy: number;
  /** Mean of per-label recall over labels with support (balanced accuracy). */
  macroRecall: number;
  perLabel: LabelScore[];
  /** confusion[truth][predicted] = count. */
  confusion: number[][];
  reliability: ReliabilityBin[];
  /** Expected calibration error: Σ bins |accuracy − confidence| × share of rows. */
  ece: number;
  /** Mean negative log-likelihood of the truth. */
  nll: number;
}

const argmax = (xs: readonly number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0);

/**
 * Scores predictions whose logits are divided by `temperature` before the softmax.
 * @param bins number of equal-width reliability bins over [0, 1]
 */
export function evaluate(labels: readonly string[], preds: readonly Prediction[], temperature = 1, bins = 10): Evaluation {
  const k = labels.length;
  const confusion = labels.map(() => new Array<number>(k).fill(0));
  const bin = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, conf: 0, right: 0 }));
  let right = 0;
  let nll = 0;
  for (const p of preds) {
    const probs = softmax(p.logits, temperature);
    const top = argmax(probs);
    confusion[p.truth]![top]!++;
    if (top === p.truth) right++;
    nll -= Math.log(Math.max(probs[p.truth]!, 1e-12));
    const b = bin[Math.min(bins - 1, Math.floor(probs[top]! * bins))]!;
    b.count++;
    b.conf += probs[top]!;
    if (top === p.truth) b.right++;
  }
  const perLabel = labels.map((label, i) => {
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    return { label, support, precision: predicted ? confusion[i]![i]! / predicted : null, recall: support ? confusion[i]![i]! / support : null };
  });
  const recalls = perLabel.filter((l) => l.recall !== null).map((l) => l.recall!);
  const n = preds.length;
  return {
    rows: n,
    accuracy: n ? right / n : 0,
    macroRecall: recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : 0,
    perLabel,
    confusion,
    reliability: bin.map((b) => ({ from: b.from, to: b.to, count: b.count, confidence: b.count ? b.conf / b.count : null, accuracy: b.count ? b.right / b.count : null })),
    ece: n ? bin.reduce((a, b) => a + (b.count ? Math.abs(b.right / b.count - b.conf / b.count) * (b.count / n) : 0), 0) : 0,
    nll: n ? nll / n : 0,
  };
}

/**
 * The temperature T minimising the mean negative log-likelihood of softmax(logits / T):
 * golden-section search on log T in [1/20, 20] (the NLL is unimodal in T).
 */
export function fitTemperature(preds: readonly Prediction[]): number {
  if (preds.length === 0) return 1;
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    let s = 0;
    for (const p of preds) s -= Math.log(Math.max(softmax(p.logits, t)[p.truth]!, 1e-12));
    return s;
  };
  let lo = Math.log(1 / 20);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Per-group temperatures for an honest calibration check: each group's logits are scaled by
 * the temperature fitted on all *other* groups' predictions. Returns the rescaled predictions
 * (logits already divided, so evaluate them at temperature 1).
 */
export function crossFittedTemperature(preds: readonly Prediction[]): Prediction[] {
  const groups = [...new Set(preds.map((p) => p.group))];
  const out: Prediction[] = [];
  for (const g of groups) {
    const t = fitTemperature(preds.filter((p) => p.group !== g));
    for (const p of preds) if (p.group === g) out.push({ ...p, logits: p.logits.map((l) => l / t) });
  }
  return out;
}
