import { execFile } from 'node:child_process';

/** What a git command printed and how it ended. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A failed git command: its argv, exit code and stderr. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`);
    this.name = 'GitError';
  }
}

/** Identity used for the commits the orchestrator makes when the repository has none configured. */
export const FALLBACK_IDENTITY = { name: 'Phantom Cortex', email: 'cortex@localhost' } as const;

/**
 * The git CLI in one folder, through execFile with argv arrays — never a shell string.
 * Prompts are off (`GIT_TERMINAL_PROMPT=0`) so a command never waits for input.
 */
export class Git {
  constructor(
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Runs `git <args>`; resolves with the result whatever the exit code. */
  run(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<GitResult> {
    return new Promise((resolve) => {
      execFile(
        'git',
        [...args],
        { cwd: this.cwd, env: { ...this.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extraEnv }, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Runs `git <args>` and returns stdout. @throws GitError on a non-zero exit */
  async ok(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<string> {
    const r = await this.run(args, extraEnv);
    if (r.code !== 0) throw new GitError(args, r);
    return r.stdout;
  }

  /** True when the folder is inside a git work tree. */
  async isRepo(): Promise<boolean> {
    const r = await this.run(['rev-parse', '--is-inside-work-tree']);
    return r.code === 0 && r.stdout.trim() === 'true';
  }

  /** The top folder of the work tree. @throws GitError */
  async topLevel(): Promise<string> {
    return (await this.ok(['rev-parse', '--show-toplevel'])).trim();
  }

  /** The full sha of HEAD, or null in a repository with no commit yet. */
  async head(): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '-q', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() : null;
  }

  /** The checked-out branch's short name, or null on a detached HEAD. */
  async branch(): Promise<string | null> {
    const r = await this.run(['symbolic-ref', '--short', '-q', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() : null;
  }

  /** True when a local branch of that name exists. */
  async hasBranch(name: string): Promise<boolean> {
    return (await this.run(['show-ref', '--verify', '--quiet', `refs/heads/${name}`])).code === 0;
  }

  /** Paths with changes in the work tree or index (`git status --porcelain`), untracked included. */
  async changedPaths(): Promise<string[]> {
    const out = await this.ok(['status', '--porcelain', '-z', '--untracked-files=all']);
    const parts = out.split('\0').filter(Boolean);
    const paths: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const entry = parts[i]!;
      paths.push(entry.slice(3));
      if (entry[0] === 'R' || entry[0] === 'C') i++; // the rename's source follows
    }
    return paths;
  }

  /** `-c user.name=… -c user.email=…` when the repository has no identity configured, else nothing. */
  async identityArgs(): Promise<string[]> {
    const name = (await this.run(['config', 'user.name'])).stdout.trim();
    const email = (await this.run(['config', 'user.email'])).stdout.trim();
    return [...(name ? [] : ['-c', `user.name=${FALLBACK_IDENTITY.name}`]), ...(email ? [] : ['-c', `user.email=${FALLBACK_IDENTITY.email}`])];
  }
}
