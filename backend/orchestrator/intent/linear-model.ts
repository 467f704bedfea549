import { z } from 'zod';
import { allBuckets, textFeatures, type FeatureOptions, type TextFeatures } from './features.js';

/**
 * A multinomial logistic regression (softmax) over hashed text features, trained by AdaGrad
 * (Duchi, Hazan & Singer, 2011) with L2 on the weights a step touches, and shipped as a
 * compact, versioned data file: weights quantized to int8 with one scale, base64-encoded.
 * Probabilities are softmax(logits / temperature); the temperature is fitted on held-out
 * folds (Guo et al., "On Calibration of Modern Neural Networks", 2017).
 */

/** Format tag and version of the model file; bump the version when the layout changes. */
export const MODEL_FORMAT = 'phantom-cortex/linear-text-model';
export const MODEL_VERSION = 1;

export const LinearModelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(MODEL_VERSION),
    /** What the model predicts and what it was trained on, in words. */
    about: z.string(),
    labels: z.array(z.string().min(1)).min(2),
    features: z.object({
      buckets: z.number().int().positive().refine((n) => Number.isInteger(Math.log2(n)), 'buckets must be a power of two'),
      charMin: z.number().int().min(0),
      charMax: z.number().int().min(0),
      splitIdentifiers: z.boolean().optional(),
      stem: z.boolean().optional(),
    }),
    /** Divides the logits before the softmax (fitted on held-out folds). */
    temperature: z.number().positive(),
    /** Weight of keyword scores the caller adds to the logits of the same labels (0: none; fitted on held-out folds). */
    ruleWeight: z.number().min(0).default(0),
    /** weight = int8 × scale. */
    scale: z.number().positive(),
    bias: z.array(z.number()),
    /** base64 of int8 weights, bucket-major: [bucket × labels.length + label]. */
    weights: z.string(),
    /** How it was trained (settings and counts), for the record. */
    training: z.record(z.string(), z.unknown()),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.bias.length !== m.labels.length) ctx.addIssue({ code: 'custom', message: `bias has ${m.bias.length} values for ${m.labels.length} labels` });
    const bytes = Math.floor((m.weights.length * 3) / 4) - (m.weights.endsWith('==') ? 2 : m.weights.endsWith('=') ? 1 : 0);
    if (bytes !== m.features.buckets * m.labels.length) ctx.addIssue({ code: 'custom', message: `weights hold ${bytes} bytes, expected buckets × labels = ${m.features.buckets * m.labels.length}` });
  });
export type LinearModelFile = z.infer<typeof LinearModelFileSchema>;

/** Training settings. */
export interface TrainOptions {
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 penalty applied to the weights each step touches. */
  l2: number;
  /** Seed of the per-epoch shuffle (mulberry32). */
  seed: number;
}

/** One training example: its text, label index and weight (class balancing). */
export interface Example {
  text: string;
  label: number;
  weight: number;
}

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Softmax of `logits / temperature`, numerically stable. */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  const e = Array.from(logits, (l) => Math.exp(l / temperature - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** A trained model in memory: float weights, ready to score texts. */
export class LinearTextModel {
  constructor(
    readonly labels: readonly string[],
    readonly features: FeatureOptions,
    /** bucket-major weights, length buckets × labels. */
    readonly weights: Float32Array,
    readonly bias: Float64Array,
    public temperature = 1,
    public ruleWeight = 0,
  ) {}

  /** Logits of every label for already extracted features. */
  logitsOf(f: TextFeatures): number[] {
    const k = this.labels.length;
    const out = Array.from(this.bias);
    for (const b of allBuckets(f)) for (let j = 0; j < k; j++) out[j]! += this.weights[b * k + j]! * f.value;
    return out;
  }

  /** Logits of every label for a text. */
  logits(text: string): number[] {
    return this.logitsOf(textFeatures(text, this.features));
  }

  /** Calibrated probabilities of every label (label order). */
  probabilities(text: string): number[] {
    return softmax(this.logits(text), this.temperature);
  }

  /**
   * How much each word pushed label `a` over label `b`: the sum of its own features' weight
   * differences plus half of each bigram it is part of, in logit units / temperature.
   */
  wordPush(f: TextFeatures, a: number, b: number): { word: string; push: number }[] {
    const k = this.labels.length;
    const d = (bucket: number) => ((this.weights[bucket * k + a]! - this.weights[bucket * k + b]!) * f.value) / this.temperature;
    const push = f.words.map((w) => ({ word: w.word, push: w.buckets.reduce((s, x) => s + d(x), 0) }));
    for (const g of f.bigrams) {
      const half = d(g.bucket) / 2;
      push[g.at]!.push += half;
      push[g.at + 1]!.push += half;
    }
    return push;
  }

  /**
   * Trains a model on `examples` (deterministic for the same examples, options and seed).
   * @param keep when given, only buckets it accepts get weights (the rest stay 0)
   * @throws Error when a label index is out of range
   */
  static train(labels: readonly string[], features: FeatureOptions, examples: readonly Example[], opts: TrainOptions, keep?: (bucket: number) => boolean): LinearTextModel {
    const k = labels.length;
    const w = new Float64Array(features.buckets * k);
    const g2 = new Float64Array(features.buckets * k);
    const bias = new Float64Array(k);
    const gb = new Float64Array(k);
    const feats = examples.map((e) => {
      if (!(e.label >= 0 && e.label < k)) throw new Error(`label index ${e.label} outside 0..${k - 1}`);
      const f = textFeatures(e.text, features);
      const all = allBuckets(f);
      return { buckets: keep ? all.filter(keep) : all, value: f.value };
    });
    const rand = mulberry32(opts.seed);
    const order = examples.map((_, i) => i);
    const logits = new Float64Array(k);
    const grad = new Float64Array(k);
    const eps = 1e-8;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const idx of order) {
        const { buckets, value } = feats[idx]!;
        const ex = examples[idx]!;
        for (let j = 0; j < k; j++) logits[j] = bias[j]!;
        for (const b of buckets) for (let j = 0; j < k; j++) logits[j]! += w[b * k + j]! * value;
        let max = -Infinity;
        for (let j = 0; j < k; j++) max = Math.max(max, logits[j]!);
        let sum = 0;
        for (let j = 0; j < k; j++) sum += logits[j] = Math.exp(logits[j]! - max);
        for (let j = 0; j < k; j++) grad[j] = (logits[j]! / sum - (j === ex.label ? 1 : 0)) * ex.weight;
        for (let j = 0; j < k; j++) {
          gb[j]! += grad[j]! * grad[j]!;
          bias[j]! -= (opts.learningRate * grad[j]!) / Math.sqrt(gb[j]! + eps);
        }
        for (const b of buckets) {
          for (let j = 0; j < k; j++) {
            const i2 = b * k + j;
            const g = grad[j]! * value + opts.l2 * w[i2]!;
            g2[i2]! += g * g;
            w[i2]! -= (opts.learningRate * g) / Math.sqrt(g2[i2]! + eps);
          }
        }
      }
    }
    return new LinearTextModel(labels, features, Float32Array.from(w), bias);
  }

  /** The model as it is stored: int8 weights with one scale (the largest |weight| maps to 127). */
  toFile(about: string, training: Record<string, unknown>): LinearModelFile {
    let max = 0;
    for (const x of this.weights) max = Math.max(max, Math.abs(x));
    const scale = max > 0 ? round6(max / 127) || max / 127 : 1;
    const q = new Int8Array(this.weights.length);
    for (let i = 0; i < q.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(this.weights[i]! / scale)));
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      about,
      labels: [...this.labels],
      features: { ...this.features },
      temperature: round6(this.temperature),
      ruleWeight: round6(this.ruleWeight),
      scale,
      bias: Array.from(this.bias, round6),
      weights: Buffer.from(q.buffer).toString('base64'),
      training,
    };
  }

  /**
   * Loads a stored model.
   * @throws ZodError when `raw` is not a valid model file (wrong format, version or sizes)
   */
  static fromFile(raw: unknown): LinearTextModel {
    const m = LinearModelFileSchema.parse(raw);
    const bytes = Buffer.from(m.weights, 'base64');
    const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const w = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) w[i] = q[i]! * m.scale;
    return new LinearTextModel(m.labels, m.features, w, Float64Array.from(m.bias), m.temperature, m.ruleWeight);
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
