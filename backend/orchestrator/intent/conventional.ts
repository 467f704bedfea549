import type { TaskIntent } from '../../contract/index.js';

/**
 * Conventional Commits prefixes (https://www.conventionalcommits.org/en/v1.0.0/):
 * `type(scope)!: text`. A task written that way states its intent; it is read directly.
 */

/**
 * Prefix type → intent. The Conventional Commits / Angular types, plus a few common synonyms.
 * `chore` is absent: it says nothing about the kind of work, so the text decides.
 */
export const CONVENTIONAL_TYPE_INTENT: Readonly<Record<string, TaskIntent>> = {
  feat: 'implement',
  feature: 'implement',
  fix: 'fix',
  bugfix: 'fix',
  hotfix: 'fix',
  revert: 'fix',
  refactor: 'refactor',
  style: 'refactor',
  perf: 'perf',
  test: 'test',
  tests: 'test',
  docs: 'docs',
  doc: 'docs',
  build: 'build',
  ci: 'build',
  release: 'build',
  deps: 'build',
  review: 'review',
  research: 'research',
  spike: 'research',
};

/** A text's Conventional Commits prefix, read. */
export interface ConventionalPrefix {
  /** The type as written, lowercased. */
  type: string;
  intent: TaskIntent;
  /** The scope in parentheses, or null. */
  scope: string | null;
  breaking: boolean;
  /** The text after the prefix. */
  rest: string;
}

const PREFIX = /^\s*([A-Za-z]+)(?:\(([^()]*)\))?(!)?:\s+(\S.*)$/s;

/** Reads a `type(scope)!: text` prefix whose type names an intent; null otherwise (chore, unknown words, no prefix). */
export function readConventionalPrefix(text: string): ConventionalPrefix | null {
  const m = PREFIX.exec(text);
  if (!m) return null;
  const type = m[1]!.toLowerCase();
  const intent = CONVENTIONAL_TYPE_INTENT[type];
  if (!intent) return null;
  const scope = m[2]?.trim() || null;
  return { type, intent, scope, breaking: m[3] === '!', rest: m[4]!.trim() };
}
