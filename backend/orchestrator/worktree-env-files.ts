import { chmodSync, copyFileSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Git } from './git.js';

/**
 * Names of the project-root files a task's worktree gets a copy of: `.env` and its
 * variants (`.env.local`, `.env.test`, …). A fresh `git worktree add` holds only tracked
 * files, so an app whose tests read its untracked `.env` fails the quality gate there
 * (users of Emdash, Crystal and claude-squad ask for this copy; Emdash does it).
 */
export const WORKTREE_ENV_FILE = /^\.env(\.[A-Za-z0-9_.-]+)?$/;

/**
 * Copies the project's ignored env files (names matching {@link WORKTREE_ENV_FILE}, regular
 * files in the project's top folder) into a task's new worktree, mode kept (a 0600 secret
 * stays 0600). Only files git ignores there are copied, so the task's commit can never
 * take a secret in: an untracked `.env` that is not ignored stays out of the worktree (and
 * a tracked one is already in it). Files already present in the worktree are left alone.
 * @param projectPath the project's work tree (where the files are)
 * @param worktreePath the task's worktree (from `createTaskWorktree`)
 * @returns the names copied, sorted
 * @throws Error from the file system when a file cannot be read or written
 */
export async function copyIgnoredEnvFiles(projectPath: string, worktreePath: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const candidates = readdirSync(projectPath, { withFileTypes: true })
    .filter((e) => e.isFile() && WORKTREE_ENV_FILE.test(e.name) && !existsSync(join(worktreePath, e.name)))
    .map((e) => e.name)
    .sort();
  if (candidates.length === 0) return [];
  // `git check-ignore` prints the ones ignored by the worktree's own .gitignore rules (exit 1: none).
  const r = await new Git(worktreePath, env).run(['check-ignore', '--', ...candidates]);
  const ignored = new Set(r.code === 0 ? r.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : []);
  const copied: string[] = [];
  for (const name of candidates) {
    if (!ignored.has(name)) continue;
    const from = join(projectPath, name);
    const to = join(worktreePath, name);
    copyFileSync(from, to);
    chmodSync(to, lstatSync(from).mode & 0o777);
    copied.push(name);
  }
  return copied;
}
