import type { WatchMode } from '../contract/analysis.js';

export type { WatchMode };

/**
 * How a walked root is watched for changes: a pure decision from the OS and the walk's size.
 *
 * - `recursive`: one OS watch for the whole tree (`fs.watch(root, {recursive: true})`), where
 *   the OS has a native recursive watch: FSEvents on macOS, ReadDirectoryChangesW on Windows
 *   (Node docs, "fs.watch: Caveats"). Its cost does not grow with the tree.
 * - `per-entry`: chokidar, one OS watch per folder and per file (inotify on Linux); bounded by
 *   `maxEntries`.
 * - `none`: not watched. Every later snapshot walks the tree again, so answers stay exact.
 */

/** The decision, and for `none` the reason as a user reads it. */
export interface WatchPlan {
  mode: WatchMode;
  /** Why the root is not watched (`mode: 'none'`), e.g. `folder too large (25000 files and folders)`; else null. */
  reason: string | null;
}

/** What the decision needs. */
export interface WatchPolicyInput {
  /** `process.platform`. */
  platform: NodeJS.Platform;
  /** Files and folders the walk counted (not ignored). */
  entries: number;
  /** False when the walk stopped at its budget: the tree is larger than counted. */
  complete: boolean;
  /** Most entries watched one by one. */
  maxEntries: number;
  /** Watching is switched off (tests, one-shot tools). */
  disabled?: boolean;
}

/** Platforms whose `fs.watch` has a native recursive mode. */
const NATIVE_RECURSIVE: ReadonlySet<NodeJS.Platform> = new Set(['darwin', 'win32']);

/**
 * Decides how to watch a root (see {@link WatchMode}). A tree over the cap, or one whose walk
 * stopped at its budget, is watched recursively where the OS can, else not at all.
 */
export function planWatch(i: WatchPolicyInput): WatchPlan {
  if (i.disabled) return { mode: 'none', reason: 'watching is off' };
  if (NATIVE_RECURSIVE.has(i.platform)) return { mode: 'recursive', reason: null };
  if (!i.complete) return { mode: 'none', reason: `folder too large (over ${i.entries} files and folders; the walk stopped at its budget)` };
  if (i.entries > i.maxEntries) return { mode: 'none', reason: `folder too large (${i.entries} files and folders, more than ${i.maxEntries})` };
  return { mode: 'per-entry', reason: null };
}
