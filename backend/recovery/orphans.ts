import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Orphan } from '../contract/index.js';
import { sessionMembers } from '../pty/process-group.js';

/**
 * Processes still alive from sessions a crashed run owned: the recorded leader pid and
 * every process of its terminal session (children that ignored the SIGHUP the kernel sent
 * when the crashed backend's PTYs closed).
 * @param candidates sessions of crashed runs with their recorded leader pid
 * @param platform the OS whose rules apply; this one's unless a test says otherwise
 */
export function findOrphans(candidates: { sessionId: string; pid: number }[], platform: NodeJS.Platform = process.platform): Orphan[] {
  const out: Orphan[] = [];
  const seen = new Set<number>();
  for (const c of candidates) {
    for (const pid of sessionMembers(c.pid, platform)) {
      if (seen.has(pid) || pid === process.pid) continue;
      seen.add(pid);
      out.push({ pid, sessionId: c.sessionId, command: commandLine(pid, platform) });
    }
  }
  return out;
}

/**
 * The command line of `pid` as the OS reports it; empty when unknown. Linux reads /proc,
 * other POSIX systems ask `ps`; Windows has no `ps` (one on its PATH is another program):
 * empty there.
 * @param platform the OS whose rules apply; this one's unless a test says otherwise
 */
export function commandLine(pid: number, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return '';
  try {
    if (platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
