import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { KILL_FORCE_AFTER_MS, KILL_TERM_AFTER_MS } from './constants.js';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Session id; -1 where the platform does not tell (macOS `ps`). */
  sid: number;
  zombie: boolean;
}

/**
 * Every process that belongs to the PTY session led by `leader`: the leader, its
 * process group, its terminal session (jobs a shell put in groups of their own) and
 * all descendants. Linux reads /proc; other POSIX systems ask `ps`. Windows has neither
 * process groups nor terminal sessions nor `ps` (a `ps` on its PATH is another program,
 * such as Git for Windows' one, with other options): there it is the leader alone, while
 * it lives (`killProcessTree` ends its tree with `taskkill /T`).
 * @param platform the OS whose rules apply; this one's unless a test says otherwise
 */
export function sessionMembers(leader: number, platform: NodeJS.Platform = process.platform): number[] {
  if (platform === 'win32') return isAlive(leader) ? [leader] : [];
  const procs = listProcesses(platform);
  const byParent = new Map<number, number[]>();
  for (const p of procs) {
    const kids = byParent.get(p.ppid) ?? [];
    kids.push(p.pid);
    byParent.set(p.ppid, kids);
  }
  const members = new Set<number>();
  for (const p of procs) if (!p.zombie && (p.pid === leader || p.pgid === leader || p.sid === leader)) members.add(p.pid);
  const stack = [...members, leader];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const kid of byParent.get(pid) ?? []) {
      if (!members.has(kid)) {
        members.add(kid);
        stack.push(kid);
      }
    }
  }
  const live = new Set(procs.filter((p) => !p.zombie).map((p) => p.pid));
  return [...members].filter((pid) => live.has(pid));
}

/** True when `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform === 'linux') {
    try {
      return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.zombie === false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Ends a PTY session's whole process tree, gently first: SIGHUP (what closing a terminal
 * sends), SIGTERM after {@link KILL_TERM_AFTER_MS}, SIGKILL after {@link KILL_FORCE_AFTER_MS} more.
 * Resolves once no member is left alive, or after the SIGKILL round. Never throws.
 * On Windows the tree is ended with `taskkill /T /F`.
 * @param leader pid of the process the PTY spawned (a session and group leader on POSIX)
 */
export async function killProcessTree(leader: number): Promise<void> {
  if (process.platform === 'win32') {
    try {
      execFileSync('taskkill', ['/PID', String(leader), '/T', '/F'], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    return;
  }
  let members = sessionMembers(leader);
  signalAll(leader, members, 'SIGHUP');
  if (await waitGone(members, KILL_TERM_AFTER_MS)) return;
  members = members.filter(isAlive);
  signalAll(leader, members, 'SIGTERM');
  if (await waitGone(members, KILL_FORCE_AFTER_MS)) return;
  signalAll(leader, members.filter(isAlive), 'SIGKILL');
  await waitGone(members, 500);
}

function signalAll(leader: number, pids: number[], signal: NodeJS.Signals): void {
  try {
    process.kill(-leader, signal);
  } catch {
    /* group gone */
  }
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (!pids.some(isAlive)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The processes of this POSIX system: /proc on Linux, `ps` elsewhere. */
function listProcesses(platform: NodeJS.Platform): ProcInfo[] {
  if (platform === 'linux') {
    const out: ProcInfo[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const info = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
        if (info) out.push(info);
      } catch {
        /* exited meanwhile */
      }
    }
    return out;
  }
  const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([pid, ppid, pgid, stat]) => ({ pid: +pid!, ppid: +ppid!, pgid: +pgid!, sid: -1, zombie: stat!.startsWith('Z') }));
}

/** Parses /proc/<pid>/stat (the comm field may hold spaces and parentheses). */
function parseStat(text: string): ProcInfo | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const f = text.slice(close + 2).split(' ');
  // f[0]=state f[1]=ppid f[2]=pgrp f[3]=session
  return { pid, ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), zombie: f[0] === 'Z' || f[0] === 'X' };
}
