import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files every test repository holds (relative path → content). */
export const REPO_FILES: Readonly<Record<string, string>> = {
  'README.md': '# Demo project\n',
  'package.json': '{ "name": "demo", "version": "1.0.0" }\n',
  'src/index.ts': 'export const answer = 42;\n',
  'notes.txt': 'nothing to see\n',
};

/** Options of {@link makeGitRepo}. */
export interface GitRepoOptions {
  /**
   * Name the folder exactly `name` (inside a fresh temp parent) instead of `<name>-XXXXXX`:
   * for a test with a data dir of its own, where the project's name shows in screenshots.
   */
  exactName?: boolean;
}

/**
 * Creates a real git repository in a fresh temp folder named `<name>-XXXXXX` (or `name`,
 * see {@link GitRepoOptions.exactName}), with {@link REPO_FILES} committed. Runs git with
 * argv arrays (no shell).
 * @returns the repository's absolute path
 */
export function makeGitRepo(name: string, options: GitRepoOptions = {}): string {
  const dir = options.exactName ? join(mkdtempSync(join(tmpdir(), 'cortex-e2e-repo-')), name) : mkdtempSync(join(tmpdir(), `${name}-`));
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(REPO_FILES)) {
    const file = join(dir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('-c', 'user.name=Cortex E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '-m', 'Initial commit');
  return dir;
}
