import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { ProcessUsage } from '../contract/index.js';

/** A process and its parent, as the OS lists them. */
export interface ProcessLink {
  pid: number;
  ppid: number;
}

/**
 * The pids of each root's tree (the root and every descendant), from one listing of the
 * system's processes. A root that is not in the listing (it exited) gets an empty list.
 * Pure.
 */
export function treesOf(roots: readonly number[], links: readonly ProcessLink[]): Map<number, number[]> {
  const children = new Map<number, number[]>();
  const alive = new Set<number>();
  for (const { pid, ppid } of links) {
    alive.add(pid);
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const out = new Map<number, number[]>();
  for (const root of roots) {
    if (!alive.has(root)) {
      out.set(root, []);
      continue;
    }
    const seen = new Set<number>([root]);
    const stack = [root];
    while (stack.length) {
      for (const c of children.get(stack.pop()!) ?? []) {
        if (!seen.has(c)) (seen.add(c), stack.push(c));
      }
    }
    out.set(root, [...seen]);
  }
  return out;
}

/** Sums per-process figures into one tree's usage (pids missing from `stats` exited meanwhile). */
export function sumTree(pids: readonly number[], stats: Readonly<Record<number, { cpu: number; memory: number } | undefined>>): ProcessUsage {
  let cpu = 0;
  let rss = 0;
  let n = 0;
  for (const pid of pids) {
    const s = stats[pid];
    if (!s) continue;
    cpu += Number.isFinite(s.cpu) ? s.cpu : 0;
    rss += s.memory;
    n++;
  }
  return { cpuPercent: Math.round(cpu * 10) / 10, rssBytes: Math.round(rss), processes: n };
}

/**
 * CPU (percent of one core since the previous call for the same pid; the first call for a
 * pid reads its average since it started) and resident memory (bytes) of each root's process
 * tree, read with `pidtree` (one `ps`/`wmic` listing) and `pidusage` (`/proc` on Linux).
 * Pids in `alone` are read without their descendants (the app itself, whose children are the
 * sessions). Roots that exited read as zero processes. Never throws: a failed listing reads every tree
 * as its root alone, and a failed usage read as zero processes.
 */
export async function processTreeUsage(roots: readonly number[], alone: readonly number[] = []): Promise<Map<number, ProcessUsage>> {
  let links: ProcessLink[] = [];
  try {
    links = await pidtree(-1, { advanced: true });
  } catch {
    links = [...roots, ...alone].map((pid) => ({ pid, ppid: -1 }));
  }
  const trees = treesOf(roots, links);
  for (const pid of alone) trees.set(pid, links.some((l) => l.pid === pid) ? [pid] : []);
  const all = [...new Set([...trees.values()].flat())];
  let stats: Record<number, { cpu: number; memory: number } | undefined> = {};
  if (all.length) {
    try {
      stats = await pidusage(all);
    } catch {
      // One pid exited between the listing and the read: read them one by one.
      for (const pid of all) {
        try {
          stats[pid] = await pidusage(pid);
        } catch {
          /* gone */
        }
      }
    }
  }
  const out = new Map<number, ProcessUsage>();
  for (const [root, pids] of trees) out.set(root, sumTree(pids, stats));
  return out;
}

/** Forgets pidusage's per-pid history (call on stop, so exited pids are not kept). */
export function clearProcessUsageHistory(): void {
  pidusage.clear();
}
