import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory; removed by the returned cleanup. */
export function tempDir(prefix = 'cortex-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the git CLI in `cwd` (an argv array) as a fixed test author; returns its stdout. @throws Error when git fails */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
}

/** A real git repository with `files` committed (git CLI, argv arrays). */
export function tempGitRepo(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const t = tempDir('cortex-repo-');
  const git = (...args: string[]) => gitIn(t.dir, ...args);
  git('init', '-q', '-b', 'main');
  for (const [name, body] of Object.entries(files)) writeFileSync(join(t.dir, name), body);
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  return t;
}

/** Polls `probe` every 20 ms until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A deterministic environment for shells in tests: bash, a plain prompt, and a HOME with
 * no rc files (the machine's own ~/.bashrc may run slow tools such as `pyenv rehash`).
 */
export function testShellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, SHELL: '/bin/bash', PS1: '$ ', HOME: testHome(), ...extra };
}

let home: string | null = null;
/** One empty HOME per test process. */
function testHome(): string {
  home ??= mkdtempSync(join(tmpdir(), 'cortex-home-'));
  return home;
}

/**
 * Ends (SIGKILL) every process of this user whose environment has `HOME` set to one of
 * `homes`: what a program run with a fresh HOME left behind, detached from its process group
 * (Codex CLI starts a `codex app-server --managed-daemon` that outlives it). Reads
 * /proc/<pid>/environ, so it does nothing where there is no /proc.
 * @returns how many processes it signalled
 */
export function killProcessesWithHome(homes: readonly string[]): number {
  if (homes.length === 0) return 0;
  const wanted = new Set(homes.map((h) => `HOME=${h}`));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return 0;
  }
  let killed = 0;
  for (const pid of pids) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue; // gone, or another user's
    }
    if (!environ.split('\0').some((kv) => wanted.has(kv))) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}
