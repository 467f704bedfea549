import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskIntent } from '../../contract/index.js';

/**
 * The commit-subject corpus used to train and measure the intent model. It lives outside the
 * repository (`../shared/data/intent-corpus/commits.tsv` from the repository root, or the
 * folder in `CORTEX_SHARED_DATA`); the project reads it at training and benchmark time and
 * never copies its rows. Columns: repo, sha, type, scope, breaking, text, subject.
 */

/** Repository root (this file is backend/orchestrator/intent/commit-corpus.ts, run from source). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The shared data folder: `CORTEX_SHARED_DATA`, else `../shared/data` beside the repository. */
export function sharedDataDir(): string {
  return process.env['CORTEX_SHARED_DATA'] ?? join(REPO_ROOT, '..', 'shared', 'data');
}

/** Path of commits.tsv under the shared data folder. */
export function commitCorpusPath(): string {
  return join(sharedDataDir(), 'intent-corpus', 'commits.tsv');
}

/**
 * Conventional Commit type → intent. `feat` is new behaviour (implement); `style` is a
 * change of form, not behaviour (refactor); `revert` undoes a change that broke something
 * (fix); `build` and `ci` are the build intent. `chore` is left out: in the corpus it mixes
 * tooling, dependency, release and cleanup work with no consistent meaning.
 */
export const COMMIT_TYPE_INTENT: Readonly<Record<string, TaskIntent | null>> = {
  feat: 'implement',
  fix: 'fix',
  revert: 'fix',
  refactor: 'refactor',
  style: 'refactor',
  perf: 'perf',
  test: 'test',
  docs: 'docs',
  build: 'build',
  ci: 'build',
  chore: null,
};

/** One corpus row as used here. */
export interface CommitRow {
  repo: string;
  type: string;
  scope: string;
  breaking: boolean;
  /** The subject without its `type(scope)!:` prefix. */
  text: string;
  /** The full subject line. */
  subject: string;
  /** The intent of `type`, or null when the type is not trained on (chore). */
  intent: TaskIntent | null;
}

/**
 * Reads commits.tsv, or returns null when the shared data is absent (a user's clone).
 * @throws Error when the file exists but its header is not the expected one
 */
export function readCommitCorpus(path = commitCorpusPath()): CommitRow[] | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines.shift();
  if (header !== 'repo\tsha\ttype\tscope\tbreaking\ttext\tsubject') throw new Error(`${path}: unexpected header "${header}"; expected repo, sha, type, scope, breaking, text, subject`);
  return lines.map((l) => {
    const [repo = '', , type = '', scope = '', breaking = '0', text = '', subject = ''] = l.split('\t');
    return { repo, type, scope, breaking: breaking === '1', text, subject, intent: COMMIT_TYPE_INTENT[type] ?? null };
  });
}
