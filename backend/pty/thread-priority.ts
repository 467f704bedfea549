import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of the calling thread (not the process) to `nice`
 * (0 … 19; higher is lower priority). Linux only: there the nice value is a per-thread
 * attribute (setpriority(2), NOTES) and a thread's id comes from `/proc/thread-self`;
 * elsewhere it does nothing.
 * @returns true when the priority was set
 */
export function lowerThreadPriority(nice: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false; // no /proc (a sandbox), or not allowed: run at the default priority
  }
}
