import { describe, expect, it } from 'vitest';
import type { CommitRow } from './commit-corpus.js';
import { readConventionalPrefix } from './conventional.js';
import { crossFittedTemperature, evaluate, fitTemperature, type Prediction } from './evaluation.js';
import { fnv1a, identifierParts, textFeatures, tokenize } from './features.js';
import { repoFolds, trainIntentModel, type IntentTrainingSettings } from './intent-training.js';
import { LinearModelFileSchema, LinearTextModel, mulberry32, softmax } from './linear-model.js';

const FEATURES = { buckets: 1 << 10, charMin: 3, charMax: 4 };
const TRAIN = { epochs: 8, learningRate: 0.3, l2: 0, seed: 7 };

/** Made-up sentences: "speed" words mean perf, "crash" words fix. */
const examples = [
  ...['make parsing faster', 'speed up the loader', 'faster startup', 'reduce memory of cache', 'speed up rendering'].map((text) => ({ text, label: 0, weight: 1 })),
  ...['crash on empty input', 'crash when file missing', 'handle crash in loader', 'null crash in parser', 'crash on startup'].map((text) => ({ text, label: 1, weight: 1 })),
];

describe('features', () => {
  it('reads file names and code names as whole words', () => {
    expect(tokenize('Update README.md for DocumentInner')).toEqual(['update', 'readme', 'md', 'for', 'documentinner']);
    expect(tokenize("Don't crash")).toEqual(["don't", 'crash']);
  });

  it('splits code identifiers into their parts, hashed apart from words', () => {
    expect(identifierParts('DocumentInner')).toEqual(['Document', 'Inner']);
    expect(identifierParts('parseURLList')).toEqual(['parse', 'URL', 'List']);
    expect(identifierParts('readme')).toEqual(['readme']);
    const opts = { ...FEATURES, charMax: 0 };
    const plain = textFeatures('Rename DocumentInner', opts);
    const split = textFeatures('Rename DocumentInner', { ...opts, splitIdentifiers: true });
    expect(split.words.map((w) => w.word)).toEqual(['rename', 'documentinner']);
    expect(split.words[1]!.buckets.length).toBe(plain.words[1]!.buckets.length + 2);
    // A part is not the word it spells: "Document" inside an identifier is not the word "document".
    const word = textFeatures('x document', opts).words[1]!.buckets[0];
    expect(split.words[1]!.buckets).not.toContain(word);
  });

  it('stems words when asked, and names the word as written in reasons', () => {
    const opts = { ...FEATURES, charMax: 0, stem: true };
    const a = textFeatures('fixes failing tests', opts);
    const b = textFeatures('fixed failed test', opts);
    expect(a.words.map((w) => w.buckets[0])).toEqual(b.words.map((w) => w.buckets[0]));
    expect(a.words.map((w) => w.word)).toEqual(['fixes', 'failing', 'tests']);
  });

  it('hashes the same text to the same buckets, inside the table', () => {
    const a = textFeatures('Speed up the loader', FEATURES);
    expect(textFeatures('Speed up the loader', FEATURES)).toEqual(a);
    for (const w of a.words) for (const b of w.buckets) expect(b).toBeLessThan(FEATURES.buckets);
    expect(a.words[0]!.buckets.length).toBeGreaterThan(a.words[1]!.buckets.length); // the opening word has its own feature
    expect(() => textFeatures('x', { ...FEATURES, buckets: 1000 })).toThrow(/power of two/);
  });
});

describe('linear text model', () => {
  it('learns a separable toy task and says which words pushed the decision', () => {
    const m = LinearTextModel.train(['perf', 'fix'], FEATURES, examples, TRAIN);
    expect(m.probabilities('speed up the parser')[0]).toBeGreaterThan(0.6);
    expect(m.probabilities('crash in the parser')[1]).toBeGreaterThan(0.6);
    const f = textFeatures('crash in the parser', FEATURES);
    const push = m.wordPush(f, 1, 0).sort((a, b) => b.push - a.push);
    expect(push[0]!.word).toBe('crash');
  });

  it('trains the same weights from the same seed, and stores and loads them (int8) with little loss', () => {
    const a = LinearTextModel.train(['perf', 'fix'], FEATURES, examples, TRAIN).toFile('toy', {});
    const b = LinearTextModel.train(['perf', 'fix'], FEATURES, examples, TRAIN).toFile('toy', {});
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const other = LinearTextModel.train(['perf', 'fix'], FEATURES, examples, { ...TRAIN, seed: 8 }).toFile('toy', {});
    expect(other.weights).not.toBe(a.weights);
    const float = LinearTextModel.train(['perf', 'fix'], FEATURES, examples, TRAIN);
    const loaded = LinearTextModel.fromFile(a);
    for (const t of ['speed up the parser', 'crash in the parser']) {
      const [p, q] = [float.probabilities(t), loaded.probabilities(t)];
      expect(Math.abs(p[0]! - q[0]!)).toBeLessThan(0.02);
    }
  });

  it('rejects a model file of the wrong shape with a message saying what is wrong', () => {
    const file = LinearTextModel.train(['perf', 'fix'], FEATURES, examples, TRAIN).toFile('toy', {});
    expect(() => LinearTextModel.fromFile({ ...file, version: 2 })).toThrow();
    expect(() => LinearTextModel.fromFile({ ...file, bias: [0] })).toThrow(/bias has 1 values for 2 labels/);
    expect(() => LinearTextModel.fromFile({ ...file, weights: file.weights.slice(8) })).toThrow(/weights hold/);
    expect(LinearModelFileSchema.safeParse(file).success).toBe(true);
  });

  it('rejects a label index outside the labels', () => {
    expect(() => LinearTextModel.train(['a', 'b'], FEATURES, [{ text: 'x y', label: 2, weight: 1 }], TRAIN)).toThrow(/label index 2 outside 0..1/);
  });
});

describe('intent training pipeline', () => {
  /** Made-up commit rows in three repositories (never corpus rows). */
  const rows: CommitRow[] = ['alpha', 'beta', 'gamma'].flatMap((repo) => [
    ...['speed up the loader', 'make parsing faster', 'reduce allocations in the lexer'].map((text) => ({ repo, type: 'perf', scope: '', breaking: false, text: `${text} of ${repo}`, subject: `perf: ${text}`, intent: 'perf' as const })),
    ...['crash on empty input', 'handle a missing file', 'wrong exit code'].map((text) => ({ repo, type: 'fix', scope: '', breaking: false, text: `${text} in ${repo}`, subject: `fix: ${text}`, intent: 'fix' as const })),
    ...['document the options', 'add a guide for plugins'].map((text) => ({ repo, type: 'docs', scope: '', breaking: false, text, subject: `docs: ${text}`, intent: 'docs' as const })),
  ]);
  const settings: IntentTrainingSettings = { features: FEATURES, train: TRAIN, balancePower: 0.5, minRepos: 2, folds: 3, augmentShare: 0.5 };

  it('writes the same model bytes on a rerun (fixed seed), with a fitted temperature', () => {
    const a = JSON.stringify(trainIntentModel(rows, settings));
    const b = JSON.stringify(trainIntentModel(rows, settings));
    expect(b).toBe(a);
    const file = JSON.parse(a);
    expect(file.temperature).toBeGreaterThan(0);
    expect(file.training).toMatchObject({ rows: rows.length, repositories: 3, minRepos: 2 });
  });

  it('gives no weight to words seen in fewer repositories than minRepos', () => {
    const m = LinearTextModel.fromFile(trainIntentModel(rows, settings));
    // "alpha" occurs in one repository only: its word feature has no weight; "faster" (three repositories) has.
    const weightsOf = (feature: string) => {
      const b = fnv1a(feature) & (FEATURES.buckets - 1);
      return Array.from(m.weights.slice(b * m.labels.length, (b + 1) * m.labels.length));
    };
    expect(weightsOf('w:alpha').every((x) => x === 0)).toBe(true);
    expect(weightsOf('w:faster').some((x) => x !== 0)).toBe(true);
  });

  it('deals repositories into folds, largest first, each repository in exactly one fold', () => {
    const folds = repoFolds([...rows, ...rows.filter((r) => r.repo === 'gamma')], 2);
    expect(folds).toEqual([['gamma', 'beta'], ['alpha']]);
  });
});

describe('evaluation', () => {
  const p = (truth: number, logits: number[], group = 'g'): Prediction => ({ truth, logits, group });

  it('counts the confusion matrix, precision, recall and macro recall', () => {
    const e = evaluate(['a', 'b'], [p(0, [2, 0]), p(0, [0, 2]), p(1, [0, 2]), p(1, [0, 2])]);
    expect(e.confusion).toEqual([[1, 1], [0, 2]]);
    expect(e.perLabel).toEqual([
      { label: 'a', support: 2, precision: 1, recall: 0.5 },
      { label: 'b', support: 2, precision: 2 / 3, recall: 1 },
    ]);
    expect(e.accuracy).toBe(0.75);
    expect(e.macroRecall).toBe(0.75);
  });

  it('reads calibration: ECE 0 when confidence equals accuracy, and a temperature that undoes overconfidence', () => {
    // Top probability 0.75 (logit gap ln 3) and right 3 times in 4: perfectly calibrated.
    const gap = Math.log(3);
    const calibrated = [p(0, [gap, 0]), p(0, [gap, 0]), p(0, [gap, 0]), p(1, [gap, 0])];
    expect(evaluate(['a', 'b'], calibrated).ece).toBeCloseTo(0, 10);
    // The same predictions with logits 5× too large: the fitted temperature is about 5.
    const over = calibrated.map((x) => ({ ...x, logits: x.logits.map((l) => l * 5) }));
    expect(fitTemperature(over)).toBeCloseTo(5, 2);
    const fixed = crossFittedTemperature([...over.map((x) => ({ ...x, group: 'r1' })), ...over.map((x) => ({ ...x, group: 'r2' }))]);
    expect(evaluate(['a', 'b'], fixed).ece).toBeLessThan(0.01);
    expect(softmax([0, 0])).toEqual([0.5, 0.5]);
  });

  it('draws the same sequence from the same seed', () => {
    const [a, b] = [mulberry32(1), mulberry32(1)];
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('conventional prefixes', () => {
  it('reads type, scope and the breaking mark; leaves chore and plain text alone', () => {
    expect(readConventionalPrefix('fix(parser)!: handle empty input')).toEqual({ type: 'fix', intent: 'fix', scope: 'parser', breaking: true, rest: 'handle empty input' });
    expect(readConventionalPrefix('feat: add a flag')).toMatchObject({ intent: 'implement', scope: null, breaking: false });
    expect(readConventionalPrefix('ci(release): publish on tag')).toMatchObject({ intent: 'build', scope: 'release' });
    expect(readConventionalPrefix('style: format the files')).toMatchObject({ intent: 'refactor' });
    expect(readConventionalPrefix('revert: "feat: add a flag"')).toMatchObject({ intent: 'fix' });
    expect(readConventionalPrefix('chore: tidy')).toBeNull();
    expect(readConventionalPrefix('Note: this is not a prefix')).toBeNull();
    expect(readConventionalPrefix('Fix the login page')).toBeNull();
  });
});
