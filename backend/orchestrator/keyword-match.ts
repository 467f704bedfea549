import type { Term } from './task-rules.js';

/**
 * Keyword matching of the task parser: a text as lowercase words, where a term occurs, and a
 * table of terms scored against the words, with the matched terms as reasons.
 */

/** The text as lowercase words, with where each starts (index in the word list). */
export interface Words {
  list: string[];
}

/** One scored label: its score and the reasons that added to it. */
export interface Tally {
  score: number;
  reasons: string[];
}

/** File names whose base names are words of their own: `README.md` reads as "readme". */
const DOC_FILE = /^([a-z][\w-]*)\.(md|mdx|markdown|rst|txt|adoc)$/;

/**
 * Splits a task text into lowercase words. Keeps `#123`, `async/await`, `node.js`,
 * `off-by-one`, `src/app.ts` whole; drops other punctuation; a document file name
 * (`README.md`, `CHANGELOG.md`) becomes its base name.
 */
export function words(text: string): Words {
  const list = text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .split(/[\s,;:!?()[\]{}"“”]+/)
    .map((w) => w.replace(/^[.'`]+|[.'`]+$/g, ''))
    .map((w) => DOC_FILE.exec(w)?.[1] ?? w)
    .filter((w) => w.length > 0);
  return { list };
}

/**
 * Endings a prefix term (`fix*`) may add to its stem: inflections and common derivations.
 * Anything else is another word (`spec*` is not "specifiers", `document*` not "documentinner").
 */
const TERM_ENDING = /^(|s|es|e|ed|d|ing|ings|er|ers|or|ors|ion|ions|ation|ations|ication|ications|ly|al|ally|ment|ments|y|ies|ied|ying|ive|ure|ures|ity|able|ic|ics|ze|zed|zes|zing|se|sed|ses|sing|sis|ize|izes|ized|izing|izer|izers|ise|ises|ised|ising|ization|isation|ness|ful)$/;

/** Whether `word` is `stem` with an allowed ending. */
function stemMatches(stem: string, word: string): boolean {
  return word.startsWith(stem) && TERM_ENDING.test(word.slice(stem.length));
}

/** Where `term` occurs in `w` (word indices of its first word); a trailing `*` is a stem with an allowed ending on the last word. */
export function occurrences(term: string, w: Words): number[] {
  const parts = term.split(' ');
  const hits: number[] = [];
  for (let i = 0; i + parts.length <= w.list.length; i++) {
    let ok = true;
    for (let j = 0; j < parts.length && ok; j++) {
      const p = parts[j]!;
      const word = w.list[i + j]!;
      if (p.endsWith('*')) ok = stemMatches(p.slice(0, -1), word);
      else ok = word === p;
    }
    if (ok) hits.push(i);
  }
  // "pr #123": the term "pr #" matches "pr" followed by a word starting with "#".
  if (term === 'pr #') {
    for (let i = 0; i + 1 < w.list.length; i++) if (w.list[i] === 'pr' && w.list[i + 1]!.startsWith('#')) hits.push(i);
  }
  return hits;
}

/** Scores every label of a table against the words; `lead` multiplies a term matched at word 0. */
export function tally<L extends string>(table: Partial<Record<L, Term[]>>, w: Words, lead = 1): Map<L, Tally> {
  const out = new Map<L, Tally>();
  for (const [label, terms] of Object.entries(table) as [L, Term[]][]) {
    for (const [term, weight] of terms) {
      const at = occurrences(term, w);
      if (at.length === 0) continue;
      const factor = at.includes(0) ? lead : 1;
      const add = weight * factor;
      const t = out.get(label) ?? { score: 0, reasons: [] };
      t.score += add;
      t.reasons.push(`"${term.replace(/\*$/, '…')}"${factor > 1 ? ' (opens the text)' : ''} +${round(add)}`);
      out.set(label, t);
    }
  }
  return out;
}


function round(n: number): number {
  return Math.round(n * 100) / 100;
}
