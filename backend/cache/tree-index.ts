import { basename, relative, sep } from 'node:path';
import { Subject, type Observable } from 'rxjs';
import { ALWAYS_IGNORED_DIRS, GitignoreRules } from './gitignore-rules.js';
import { ANALYSIS_WALK_BUDGET, MAX_WATCHED_ENTRIES } from '../contract/limits.js';
import { RecursiveRootWatcher, RootWatcher, type TreeWatcher, type WatchEvent } from './root-watcher.js';
import { TreeWalker, parentOf, type DirNode, type WalkBudget, type WalkOptions, type WalkStop } from './tree-snapshot.js';
import { planWatch, type WatchMode } from './watch-policy.js';

/**
 * A walked tree at one moment. `epoch` counts the relevant changes the watcher had
 * reported for this root when the snapshot was made; `live` is true when a ready watcher
 * covered the whole walk, so the snapshot plus later events is the exact tree.
 */
export interface TreeSnapshot {
  readonly root: string;
  readonly node: DirNode;
  /** The root's Merkle hash. */
  readonly hash: string;
  readonly epoch: number;
  readonly live: boolean;
  /** Why the walk stopped at its budget (folders left out); null when the tree was read whole. */
  readonly partial: WalkStop | null;
}

/** How a root is watched now (see `planWatch`), and why not when it is not. */
export interface WatchState {
  mode: WatchMode;
  /** True when its watcher is ready and reporting every change. */
  live: boolean;
  /** Why the root is not watched, as a user reads it (`folder too large (…)`); null when it is. */
  reason: string | null;
}

/** A relevant (not ignored) change under a watched root; `rel` is relative to the root. */
export interface TreeChange {
  root: string;
  rel: string;
  type: WatchEvent['type'];
}

export interface TreeIndexOptions {
  /** Watch walked roots for changes (chokidar); default true. Without it every snapshot re-walks. */
  watch?: boolean;
  /** Most roots watched at once; the least recently used one is released past it. Default 16. */
  maxRoots?: number;
  /** Most files and folders watched one by one under one root; default MAX_WATCHED_ENTRIES (contract). */
  maxWatchedEntries?: number;
  /** Budget of every walk; default ANALYSIS_WALK_BUDGET (contract). */
  walkBudget?: WalkBudget;
  /** The OS whose watching abilities apply (see `planWatch`); default `process.platform`. */
  platform?: NodeJS.Platform;
}

export interface SnapshotOptions extends WalkOptions {
  /** Walk the whole tree again even when the watched snapshot is current. */
  force?: boolean;
}

/** chokidar's change throttle (50 ms) plus a margin, in ms. */
const ECHO_MS = 75;

interface RootState {
  root: string;
  rules: GitignoreRules;
  watcher: TreeWatcher | undefined;
  /** How this root is watched; decided after a whole walk while no watcher runs. */
  mode: WatchMode;
  /** Why it is not watched (mode `none`), for the user. */
  reason: string | null;
  /** The watcher failed (e.g. inotify limit): this root is revalidated by walking. */
  failed: boolean;
  epoch: number;
  snapshot: TreeSnapshot | undefined;
  /** Directories (rel) whose entries changed since `snapshot`. */
  dirty: Set<string>;
  /** Directories (rel) to walk from scratch (their `.gitignore` changed). */
  full: Set<string>;
  /** Directories to mark dirty again once chokidar's per-path change throttle has passed. */
  echo: Set<string>;
  echoTimer: NodeJS.Timeout | undefined;
  /** Serializes updates of this root. */
  queue: Promise<unknown>;
  lastUsed: number;
}

/**
 * The current state of every directory tree the cache depends on: one snapshot per root,
 * kept exact by a watcher (events mark directories dirty; the next snapshot re-reads only
 * those and rebuilds their ancestors' Merkle hashes). Ignored paths (`.gitignore`, `.git`)
 * are neither walked nor watched, so changing them changes nothing here.
 *
 * Closing releases every watcher.
 */
export class TreeIndex {
  private readonly roots = new Map<string, RootState>();
  private readonly changes = new Subject<TreeChange>();
  /** Relevant changes as the watchers report them. */
  readonly changes$: Observable<TreeChange> = this.changes.asObservable();
  private readonly watchEnabled: boolean;
  private readonly maxRoots: number;
  private readonly maxWatchedEntries: number;
  /** The budget of every walk. */
  readonly walkBudget: WalkBudget;
  private readonly platform: NodeJS.Platform;
  private closed = false;

  constructor(opts: TreeIndexOptions = {}) {
    this.watchEnabled = opts.watch ?? true;
    this.maxRoots = opts.maxRoots ?? 16;
    this.maxWatchedEntries = opts.maxWatchedEntries ?? MAX_WATCHED_ENTRIES;
    this.walkBudget = opts.walkBudget ?? ANALYSIS_WALK_BUDGET;
    this.platform = opts.platform ?? process.platform;
  }

  /**
   * The current snapshot of `root` (an absolute, real path): the watched snapshot brought up
   * to date incrementally when it is live, otherwise a full walk. Concurrent calls for one
   * root run one after another (the second usually finds nothing left to do).
   * @throws the signal's reason when aborted; ENOENT when the root is gone
   */
  snapshot(root: string, opts: SnapshotOptions = {}): Promise<TreeSnapshot> {
    const st = this.state(root);
    const run = st.queue.then(
      () => this.update(st, opts),
      () => this.update(st, opts),
    );
    st.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The epoch stamp of `root` for a value derived from a tree whose hash was `hash`: the
   * current snapshot's epoch when that snapshot is live and has that hash, else `null`
   * (the value must be revalidated on its next use).
   */
  stamp(root: string, hash: string): number | null {
    const st = this.roots.get(root);
    const s = st?.snapshot;
    if (!st || !s || !s.live || s.hash !== hash || !st.watcher?.live || st.failed) return null;
    return s.epoch;
  }

  /** True when nothing under `root` changed since the live snapshot stamped `epoch`. */
  isCurrent(root: string, epoch: number): boolean {
    const st = this.roots.get(root);
    if (!st || st.failed || st.epoch !== epoch || !st.watcher?.live) return false;
    st.lastUsed = performance.now();
    return true;
  }

  /** Resolves once the watcher of `root` finished its initial scan (immediately when unwatched). */
  async watcherReady(root: string): Promise<void> {
    await this.roots.get(root)?.watcher?.ready;
  }

  /** How `root` is watched (`none` with no reason until it has been walked). */
  watchState(root: string): WatchState {
    const st = this.roots.get(root);
    if (!st) return { mode: 'none', live: false, reason: null };
    return { mode: st.mode, live: !!st.watcher?.live && !st.failed, reason: st.reason };
  }

  /** Roots held, with whether their watcher is live. */
  watched(): { root: string; live: boolean; epoch: number }[] {
    return [...this.roots.values()].map((s) => ({ root: s.root, live: !!s.watcher?.live && !s.failed, epoch: s.epoch }));
  }

  /** Stops every watcher and forgets every snapshot. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const states = [...this.roots.values()];
    this.roots.clear();
    for (const s of states) if (s.echoTimer) clearTimeout(s.echoTimer);
    await Promise.all(states.map((s) => s.watcher?.close()));
    this.changes.complete();
  }

  private state(root: string): RootState {
    let st = this.roots.get(root);
    if (!st) {
      st = {
        root,
        rules: new GitignoreRules(root),
        watcher: undefined,
        mode: 'none',
        reason: null,
        failed: false,
        epoch: 0,
        snapshot: undefined,
        dirty: new Set(),
        full: new Set(),
        echo: new Set(),
        echoTimer: undefined,
        queue: Promise.resolve(),
        lastUsed: 0,
      };
      this.roots.set(root, st);
      this.releaseOverflow(st);
    }
    st.lastUsed = performance.now();
    return st;
  }

  private async update(st: RootState, opts: SnapshotOptions): Promise<TreeSnapshot> {
    if (this.closed) throw new Error('The tree index is closed.');
    const watcherLive = !!st.watcher?.live && !st.failed;
    const snap = st.snapshot;
    const walker = new TreeWalker(st.root, st.rules, { budget: this.walkBudget, ...opts });
    const dirty = st.dirty;
    const full = st.full;
    const epoch = st.epoch;
    st.dirty = new Set();
    st.full = new Set();
    try {
      let node: DirNode;
      let live: boolean;
      if (!opts.force && snap?.live && watcherLive) {
        if (dirty.size === 0 && full.size === 0) return snap;
        node = await walker.refresh(snap.node, dirty, full);
        live = true;
      } else {
        node = await walker.walk();
        live = watcherLive;
        // A watcher that failed stays off (an OS limit would fail it again).
        if (!st.watcher && !st.failed) this.decideWatch(st, walker);
      }
      // A partial tree is never live: the next snapshot walks again.
      const partial = walker.stopped;
      const next: TreeSnapshot = { root: st.root, node, hash: node.hash, epoch, live: live && !partial, partial };
      st.snapshot = next;
      return next;
    } catch (err) {
      // Keep what we have not applied for the next caller.
      for (const d of dirty) st.dirty.add(d);
      for (const d of full) st.full.add(d);
      throw err;
    }
  }

  /** After a whole walk with no watcher running: how to watch this root ({@link planWatch}), and start it. */
  private decideWatch(st: RootState, walker: TreeWalker): void {
    if (this.closed) return;
    const { dirs, files } = walker.counted;
    const plan = planWatch({
      platform: this.platform,
      entries: dirs + files,
      complete: walker.stopped === null,
      maxEntries: this.maxWatchedEntries,
      disabled: !this.watchEnabled,
    });
    const changed = st.reason !== plan.reason;
    st.mode = plan.mode;
    st.reason = plan.reason;
    // Once per reason: an unwatched root is walked (and decided) again on every snapshot.
    if (plan.mode === 'none' && this.watchEnabled && changed) console.warn(`[cortex] ${st.root} is not watched: ${plan.reason}; each analysis walks it again.`);
    this.startWatcher(st);
  }

  private startWatcher(st: RootState): void {
    if (!this.watchEnabled || this.closed || st.mode === 'none') return;
    const fail = (reason: string) => {
      st.failed = true;
      st.mode = 'none';
      st.reason = reason;
      const w = st.watcher;
      st.watcher = undefined;
      void w?.close();
    };
    if (st.mode === 'recursive') {
      try {
        st.watcher = new RecursiveRootWatcher(st.root, (e) => this.onEvent(st, e), (err) => fail(`the watch failed: ${err.message}`));
      } catch (err) {
        fail(`the watch failed: ${(err as Error).message}`);
      }
      return;
    }
    // One OS watch per entry: count them as the watcher takes them, and stop at the cap (the
    // tree may have grown since it was walked).
    // chokidar asks about one path several times: count each path once.
    const seen = new Set<string>();
    let capped = false;
    st.watcher = new RootWatcher(
      st.root,
      (abs, isDir) => {
        if (capped) return true;
        const ignored = this.ignoredAbs(st, abs, isDir);
        if (!ignored && isDir !== undefined && !seen.has(abs) && seen.add(abs).size > this.maxWatchedEntries) {
          capped = true;
          console.warn(`[cortex] ${st.root} has more than ${this.maxWatchedEntries} files and folders: not watched; each analysis walks it again.`);
          queueMicrotask(() => fail(`folder too large (more than ${this.maxWatchedEntries} files and folders)`));
          return true;
        }
        return ignored;
      },
      (e) => this.onEvent(st, e),
      (err) => fail(`the watch failed: ${err.message}`),
    );
  }

  private ignoredAbs(st: RootState, abs: string, isDir: boolean | undefined): boolean {
    const rel = toRel(st.root, abs);
    if (rel === null) return false;
    if (rel === '') return false;
    if (isDir === undefined) return ALWAYS_IGNORED_DIRS.has(basename(rel)) || st.rules.isIgnored(rel, false);
    return st.rules.isIgnored(rel, isDir);
  }

  private onEvent(st: RootState, e: WatchEvent): void {
    if (this.roots.get(st.root) !== st) return;
    const rel = toRel(st.root, e.path);
    if (rel === null) return;
    const isDir = e.type === 'addDir' || e.type === 'unlinkDir';
    if (rel === '') {
      st.full.add('');
    } else {
      if (st.rules.isIgnored(rel, isDir)) return;
      if (basename(rel) === '.gitignore') {
        // The rules changed: walk that subtree again, and restart the watcher so paths that
        // were ignored until now get watched (the root is not live until it is ready).
        st.rules.reset();
        st.full.add(parentOf(rel));
        const old = st.watcher;
        st.watcher = undefined;
        void old?.close();
        this.startWatcher(st);
      } else {
        st.dirty.add(parentOf(rel));
        this.scheduleEcho(st, parentOf(rel), rel, e.type);
      }
    }
    st.epoch++;
    this.changes.next({ root: st.root, rel, type: e.type });
  }

  /**
   * chokidar drops a second `change` of one path within 50 ms of the first (its throttle),
   * so a write landing just after we re-read a directory could go unreported. Marking the
   * directory dirty again once that window has passed closes the gap.
   */
  private scheduleEcho(st: RootState, dir: string, rel: string, type: WatchEvent['type']): void {
    st.echo.add(dir);
    if (st.echoTimer) return;
    st.echoTimer = setTimeout(() => {
      st.echoTimer = undefined;
      if (this.roots.get(st.root) !== st || this.closed) return;
      for (const d of st.echo) st.dirty.add(d);
      st.echo.clear();
      st.epoch++;
      this.changes.next({ root: st.root, rel, type });
    }, ECHO_MS);
    st.echoTimer.unref();
  }

  private releaseOverflow(keep: RootState): void {
    while (this.roots.size > this.maxRoots) {
      let oldest: RootState | undefined;
      for (const s of this.roots.values()) if (s !== keep && (!oldest || s.lastUsed < oldest.lastUsed)) oldest = s;
      if (!oldest) return;
      this.roots.delete(oldest.root);
      void oldest.watcher?.close();
    }
  }
}

/** `abs` relative to `root`, `/`-separated; null when outside. */
function toRel(root: string, abs: string): string | null {
  const r = relative(root, abs);
  if (r.startsWith('..')) return null;
  return sep === '/' ? r : r.split(sep).join('/');
}
