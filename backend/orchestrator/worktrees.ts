import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Git } from './git.js';
import { commitAll } from './review.js';

/** Folder (inside the data dir) holding the tasks' worktrees, one sub-folder per task id. */
export const WORKTREES_DIR = 'worktrees';

/** A task's isolated checkout. */
export interface TaskWorktree {
  path: string;
  branch: string;
  /** The commit it starts from (the project's HEAD). */
  baseRef: string;
  /** The project's checked-out branch at the time (null on a detached HEAD). */
  baseBranch: string | null;
}

/** `cortex/<first words of the task>-<8 chars of its id>`: readable in `git branch`, unique per task. */
export function taskBranchName(taskId: string, text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 5)
    .join('-')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `cortex/${slug || 'task'}-${taskId.slice(0, 8)}`;
}

/**
 * Creates a worktree for a task at `<dataDir>/worktrees/<taskId>` on a new branch from the
 * project's HEAD (`git worktree add -b <branch> <path> <sha>`).
 * @throws GitError (e.g. a repository without any commit), Error when HEAD has no commit
 */
export async function createTaskWorktree(projectPath: string, dataDir: string, taskId: string, text: string, env?: NodeJS.ProcessEnv): Promise<TaskWorktree> {
  const git = new Git(projectPath, env);
  const baseRef = await git.head();
  if (!baseRef) throw new Error('the repository has no commit yet: commit something first, so the task has a base to branch from');
  const baseBranch = await git.branch();
  const root = join(dataDir, WORKTREES_DIR);
  mkdirSync(root, { recursive: true });
  const path = join(root, taskId);
  const branch = taskBranchName(taskId, text);
  await git.ok(['worktree', 'add', '-b', branch, path, baseRef]);
  return { path, branch, baseRef, baseBranch };
}

/**
 * Removes a task's worktree (`git worktree remove --force`, then prune) and deletes its branch
 * (`git branch -D`). Safe to call twice; a folder already gone is pruned.
 * @throws GitError when git refuses (the message says why)
 */
export async function removeTaskWorktree(projectPath: string, worktree: string | null, branch: string | null, env?: NodeJS.ProcessEnv): Promise<void> {
  const git = new Git(projectPath, env);
  if (worktree && existsSync(worktree)) {
    const r = await git.run(['worktree', 'remove', '--force', worktree]);
    if (r.code !== 0) rmSync(worktree, { recursive: true, force: true });
  }
  await git.run(['worktree', 'prune']);
  if (branch && (await git.hasBranch(branch))) await git.ok(['branch', '-D', branch]);
}

/**
 * Keeps a task's attempt before the next agent starts over: whatever the worktree holds is
 * committed on the task branch (`git add -A`, git-excluded files left out) and marked by a new
 * branch `keepBranch`, the diff stat against the base is read, and the task branch goes
 * back to its base commit (`reset --hard`, `clean -fd`; ignored files stay).
 * @returns the kept branch (null when the attempt changed nothing) and `git diff --stat` of it
 * @throws GitError when git refuses
 */
export async function keepAttempt(t: { worktree: string | null; baseRef: string | null; branch: string | null }, keepBranch: string, env?: NodeJS.ProcessEnv): Promise<{ kept: string | null; diffStat: string }> {
  const git = new Git(t.worktree!, env);
  await commitAll(t.worktree!, `Attempt kept before an agent switch (${keepBranch})`, env);
  const tip = (await git.head())!;
  const changed = tip !== t.baseRef;
  const diffStat = changed ? await git.ok(['diff', '--stat', t.baseRef!, tip]) : '';
  if (changed) await git.ok(['branch', '-f', keepBranch, tip]);
  await resetToBase(t.worktree!, t.baseRef!, env);
  return { kept: changed ? keepBranch : null, diffStat };
}

/** Back to the base commit, untracked files removed (ignored ones kept). @throws GitError */
export async function resetToBase(worktree: string, baseRef: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const git = new Git(worktree, env);
  await git.ok(['reset', '-q', '--hard', baseRef]);
  await git.ok(['clean', '-q', '-fd']);
}
