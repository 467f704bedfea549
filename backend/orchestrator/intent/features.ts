import { stemmer } from 'stemmer';

/**
 * Text → sparse features for the intent model: word unigrams and bigrams, the opening word,
 * and character 3- to 5-grams of each word framed as `<word>` (the subword features of
 * fastText: Bojanowski et al., "Enriching Word Vectors with Subword Information", 2017).
 * Every feature is hashed (FNV-1a, 32 bit) into a fixed number of buckets, so the model needs
 * no vocabulary. Pure and deterministic: the same text always gives the same features.
 */

/** One word of the text and the features it produced (for "which words pushed the decision"). */
export interface WordFeatures {
  word: string;
  /** Bucket indices of this word's own features (unigram, opening word, character n-grams). */
  buckets: number[];
}

/** A text's features: per-word buckets plus the bigram buckets, each weighted `value`. */
export interface TextFeatures {
  words: WordFeatures[];
  /** Bigram buckets with the index of their first word. */
  bigrams: { bucket: number; at: number }[];
  /** The weight of every feature occurrence: 1 / √(number of features), so long texts do not dominate. */
  value: number;
}

/** Feature settings; stored in the model file so inference uses what training used. */
export interface FeatureOptions {
  /** Number of hash buckets, a power of two. */
  buckets: number;
  /** Smallest and largest character n-gram length (0 disables them). */
  charMin: number;
  charMax: number;
  /**
   * Code identifiers also give their parts as extra features: `DocumentInner` gives
   * `documentinner` plus the parts `document`, `inner`; `parser.test.ts` gives `parser`, `test`,
   * `ts` (dots, slashes and underscores already separate words). Parts are hashed apart
   * from words (`p:`), so a part never reads as the word it spells.
   */
  splitIdentifiers?: boolean;
  /** Words are reduced to their Porter stem (`stemmer`, Porter 1980): fixes, fixed, fixing → fix. */
  stem?: boolean;
}

/**
 * Lowercase words of a text: runs of letters and digits. `README.md` gives `readme`, `md`;
 * `DocumentInner` gives `documentinner` (a code name stays one word, so it never reads as
 * "document"); `don't` gives `don't`.
 */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[‘’]/g, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []
  );
}

/** Parts of a camelCase or PascalCase identifier as written (`DocumentInner` → Document, Inner; `parseURLList` → parse, URL, List); a plain word gives itself. */
export function identifierParts(word: string): string[] {
  return word.match(/\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+/gu) ?? [word];
}

/**
 * Words of a text with the parts of the code identifiers among them, lowercase:
 * `{ word, parts }` where `parts` is empty for a plain word.
 */
export function tokenizeWithParts(text: string): { word: string; parts: string[] }[] {
  const raw = text.replace(/[‘’]/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  return raw.map((w) => {
    const parts = identifierParts(w);
    return { word: w.toLowerCase(), parts: parts.length > 1 ? parts.map((p) => p.toLowerCase()) : [] };
  });
}

/** FNV-1a over the UTF-16 code units of `s`, as an unsigned 32-bit integer. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Longest text read, in words: a pasted log must not cost more than a title. */
export const MAX_WORDS = 64;

/**
 * The features of `text` under `opts`.
 * @throws Error when `opts.buckets` is not a power of two
 */
export function textFeatures(text: string, opts: FeatureOptions): TextFeatures {
  if (!Number.isInteger(Math.log2(opts.buckets))) throw new Error(`buckets must be a power of two, not ${opts.buckets}`);
  const mask = opts.buckets - 1;
  const h = (s: string) => fnv1a(s) & mask;
  const toks = tokenizeWithParts(text).slice(0, MAX_WORDS);
  const norm = (w: string) => (opts.stem ? stemmer(w) : w);
  const list = toks.map((t) => norm(t.word));
  const words: WordFeatures[] = list.map((word, i) => {
    const buckets = [h(`w:${word}`)];
    if (i === 0) buckets.push(h(`f:${word}`));
    if (opts.splitIdentifiers) for (const p of toks[i]!.parts) buckets.push(h(`p:${norm(p)}`));
    if (opts.charMax > 0 && word.length >= 2) {
      const framed = `<${word}>`;
      for (let n = opts.charMin; n <= opts.charMax; n++) {
        for (let s = 0; s + n <= framed.length; s++) {
          const g = framed.slice(s, s + n);
          if (g !== framed) buckets.push(h(`c:${g}`));
        }
      }
    }
    return { word: toks[i]!.word, buckets };
  });
  const bigrams = list.slice(1).map((w, i) => ({ bucket: h(`b:${list[i]} ${w}`), at: i }));
  const count = words.reduce((a, w) => a + w.buckets.length, 0) + bigrams.length + 1;
  return { words, bigrams, value: 1 / Math.sqrt(count) };
}

/** All buckets of a text's features as one list (the bias is not included). */
export function allBuckets(f: TextFeatures): number[] {
  const out: number[] = [];
  for (const w of f.words) out.push(...w.buckets);
  for (const b of f.bigrams) out.push(b.bucket);
  return out;
}
