import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiffFile } from '../contract/index.js';
import { Git, GitError } from './git.js';

/** A structured diff: files with status, counts and hunks. */
export interface TaskDiff {
  base: string;
  head: string | null;
  files: DiffFile[];
  additions: number;
  deletions: number;
}

const STATUS: Record<string, DiffFile['status']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'modified', C: 'added' };

/**
 * The worktree's changes against `base`: commits on its branch plus whatever is not committed
 * yet (untracked files included, `.gitignore`d ones not), read through a throw-away index so
 * the worktree's own index is untouched. `exclude` paths are left out (the injected guidelines).
 * @throws GitError
 */
export async function worktreeDiff(worktree: string, base: string, exclude: readonly string[] = [], env?: NodeJS.ProcessEnv): Promise<TaskDiff> {
  const git = new Git(worktree, env);
  const tmp = mkdtempSync(join(tmpdir(), 'cortex-index-'));
  const index = { GIT_INDEX_FILE: join(tmp, 'index') };
  try {
    await git.ok(['read-tree', 'HEAD'], index);
    await git.ok(['add', '-A'], index);
    const spec = ['--', '.', ...exclude.map((p) => `:(exclude,literal)${p}`)];
    const common = ['-c', 'core.quotePath=false', 'diff', '--cached', '-M', '--no-color', '--no-ext-diff', base];
    const names = (await git.ok([...common, '--name-status', '-z', ...spec], index)).split('\0');
    const patch = await git.ok([...common, '-p', '--unified=3', ...spec], index);
    const files = parsePatch(patch, parseNameStatus(names));
    return {
      base,
      head: await git.head(),
      files,
      additions: files.reduce((a, f) => a + f.additions, 0),
      deletions: files.reduce((a, f) => a + f.deletions, 0),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function parseNameStatus(parts: string[]): { status: DiffFile['status']; path: string; oldPath: string | null }[] {
  const out: { status: DiffFile['status']; path: string; oldPath: string | null }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const code = parts[i];
    if (!code) continue;
    const status = STATUS[code[0]!] ?? 'modified';
    if (code[0] === 'R' || code[0] === 'C') {
      out.push({ status, oldPath: parts[i + 1]!, path: parts[i + 2]! });
      i += 2;
    } else {
      out.push({ status, oldPath: null, path: parts[i + 1]! });
      i += 1;
    }
  }
  return out;
}

/** Splits `git diff -p` output per file (same order as --name-status) and parses its hunks. */
function parsePatch(patch: string, names: { status: DiffFile['status']; path: string; oldPath: string | null }[]): DiffFile[] {
  const chunks = patch.split(/^diff --git /m).slice(1);
  return names.map((n, i) => {
    const body = chunks[i] ?? '';
    const file: DiffFile = { path: n.path, oldPath: n.oldPath, status: n.status, binary: /^Binary files .* differ$/m.test(body), additions: 0, deletions: 0, hunks: [] };
    let hunk: DiffFile['hunks'][number] | null = null;
    for (const line of body.split('\n')) {
      const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/.exec(line);
      if (h) {
        hunk = { header: line, oldStart: +h[1]!, oldLines: h[2] === undefined ? 1 : +h[2], newStart: +h[3]!, newLines: h[4] === undefined ? 1 : +h[4], lines: [] };
        file.hunks.push(hunk);
      } else if (hunk) {
        if (line.startsWith('+')) {
          hunk.lines.push({ kind: 'add', text: line.slice(1) });
          file.additions++;
        } else if (line.startsWith('-')) {
          hunk.lines.push({ kind: 'del', text: line.slice(1) });
          file.deletions++;
        } else if (line.startsWith(' ')) hunk.lines.push({ kind: 'context', text: line.slice(1) });
      }
    }
    return file;
  });
}

/**
 * Commits everything in the worktree (`git add -A`, then `git commit`), with a fallback
 * identity when the repository has none.
 * @returns the new commit's sha, or null when there was nothing to commit
 * @throws GitError
 */
export async function commitAll(worktree: string, message: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const git = new Git(worktree, env);
  await git.ok(['add', '-A']);
  const staged = await git.run(['diff', '--cached', '--quiet']);
  if (staged.code === 0) return null;
  await git.ok([...(await git.identityArgs()), 'commit', '-q', '--no-verify', '-m', message]);
  return git.head();
}

/** How a merge went. */
export interface MergeOutcome {
  merged: boolean;
  kind: 'fast-forward' | 'merge-commit' | 'conflict';
  conflicts: string[];
  commit: string | null;
}

/**
 * Merges `branch` into the branch checked out in `projectPath`: fast-forward when possible,
 * else a merge commit. On a conflict the conflicting files are listed and the merge is
 * aborted (`git merge --abort`): nothing is forced, the project's branch stays as it was.
 * @throws GitError when git refuses to start (e.g. local changes would be overwritten)
 */
export async function mergeBranch(projectPath: string, branch: string, message: string, env?: NodeJS.ProcessEnv): Promise<MergeOutcome> {
  const git = new Git(projectPath, env);
  const ff = await git.run(['merge', '--ff-only', '-q', branch]);
  if (ff.code === 0) return { merged: true, kind: 'fast-forward', conflicts: [], commit: await git.head() };
  const args = [...(await git.identityArgs()), 'merge', '--no-ff', '--no-edit', '-q', '-m', message, branch];
  const r = await git.run(args);
  if (r.code === 0) return { merged: true, kind: 'merge-commit', conflicts: [], commit: await git.head() };
  const inProgress = (await git.run(['rev-parse', '-q', '--verify', 'MERGE_HEAD'])).code === 0;
  if (!inProgress) throw new GitError(args, r);
  const conflicts = (await git.ok(['-c', 'core.quotePath=false', 'diff', '--name-only', '--diff-filter=U', '-z'])).split('\0').filter(Boolean);
  await git.ok(['merge', '--abort']);
  return { merged: false, kind: 'conflict', conflicts, commit: null };
}
