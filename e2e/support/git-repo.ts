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

/**
 * Creates a real git repository in a fresh temp folder named `<name>-XXXXXX`, with
 * {@link REPO_FILES} committed. Runs git with argv arrays (no shell).
 * @returns the repository's absolute path
 */
export function makeGitRepo(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
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
