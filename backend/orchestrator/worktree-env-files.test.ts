import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempGitRepo } from '../../test/support/temp.js';
import { copyIgnoredEnvFiles } from './worktree-env-files.js';
import { createTaskWorktree, removeTaskWorktree } from './worktrees.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };

describe("a task's worktree gets the project's ignored .env files", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('copies ignored .env files with their mode; leaves tracked, unignored and other files alone; nothing shows as a change', async () => {
    const repo = tempGitRepo({ '.gitignore': '.env\n.env.local\n.env.test\nsecrets/\n', '.env.example': 'API_KEY=\n', 'README.md': '# demo\n' });
    const data = tempDir('cortex-wt-data-');
    cleanups.push(repo.cleanup, data.cleanup);
    writeFileSync(join(repo.dir, '.env'), 'API_KEY=s3cret\n');
    chmodSync(join(repo.dir, '.env'), 0o600);
    writeFileSync(join(repo.dir, '.env.local'), 'PORT=4000\n');
    writeFileSync(join(repo.dir, '.env.test'), 'DB=test\n');
    writeFileSync(join(repo.dir, '.env.unignored'), 'WOULD_BE_COMMITTED=1\n'); // untracked, not ignored
    writeFileSync(join(repo.dir, '.envrc'), 'use nix\n'); // not an env file by name
    writeFileSync(join(repo.dir, '.env.example'), 'API_KEY=changed-locally\n'); // tracked: the worktree has the committed one
    mkdirSync(join(repo.dir, '.env.d')); // a folder of that name is not a file

    const wt = await createTaskWorktree(repo.dir, data.dir, 'task-1', 'Use the env', ENV);
    cleanups.push(() => void removeTaskWorktree(repo.dir, wt.path, wt.branch, ENV));
    const copied = await copyIgnoredEnvFiles(repo.dir, wt.path, ENV);

    expect(copied).toEqual(['.env', '.env.local', '.env.test']);
    expect(readFileSync(join(wt.path, '.env'), 'utf8')).toBe('API_KEY=s3cret\n');
    expect(statSync(join(wt.path, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(wt.path, '.env.local'), 'utf8')).toBe('PORT=4000\n');
    expect(existsSync(join(wt.path, '.env.unignored'))).toBe(false);
    expect(existsSync(join(wt.path, '.envrc'))).toBe(false);
    expect(readFileSync(join(wt.path, '.env.example'), 'utf8')).toBe('API_KEY=\n');
    // Git sees no change in the worktree: the task's commit cannot take the secrets in.
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: wt.path, encoding: 'utf8' })).toBe('');
    // A second call copies nothing and keeps what the task may have changed.
    writeFileSync(join(wt.path, '.env'), 'API_KEY=edited-in-task\n');
    expect(await copyIgnoredEnvFiles(repo.dir, wt.path, ENV)).toEqual([]);
    expect(readFileSync(join(wt.path, '.env'), 'utf8')).toBe('API_KEY=edited-in-task\n');
  });

  it('copies nothing from a project without env files or without ignore rules for them', async () => {
    const repo = tempGitRepo({ 'README.md': '# demo\n' });
    const data = tempDir('cortex-wt-data-');
    cleanups.push(repo.cleanup, data.cleanup);
    const wt = await createTaskWorktree(repo.dir, data.dir, 'task-2', 'Nothing to copy', ENV);
    cleanups.push(() => void removeTaskWorktree(repo.dir, wt.path, wt.branch, ENV));
    expect(await copyIgnoredEnvFiles(repo.dir, wt.path, ENV)).toEqual([]);
    writeFileSync(join(repo.dir, '.env'), 'A=1\n'); // not ignored: would show up in `git add -A`
    expect(await copyIgnoredEnvFiles(repo.dir, wt.path, ENV)).toEqual([]);
    expect(existsSync(join(wt.path, '.env'))).toBe(false);
  });
});
