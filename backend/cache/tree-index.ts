import { basename, relative, sep } from 'node:path';
import { Subject, type Observable } from 'rxjs';
import { ALWAYS_IGNORED_DIRS, GitignoreRules } from './gitignore-rules.js';
import { RootWatcher, type WatchEvent } from './root-watcher.js';
import { TreeWalker, parentOf, type DirNode, type WalkOptions } from './tree-snapshot.js';

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
  /** Most directories watched under one root; default {@link MAX_WATCHED_DIRS}. */
  maxWatchedDirs?: number;
}

/**
 * Most directories watched under one root. On Linux each is an inotify watch, a per-user
 * limit shared with every other program (often 65,536 or 8,192); a tree as large as
 * `/usr/share` took ~104k. Past this, the root is not watched: every snapshot walks it
 * again (cooperatively, see TreeWalker), and the cache reports it as not live.
 */
export const MAX_WATCHED_DIRS = 10_000;

export interface SnapshotOptions extends WalkOptions {
  /** Walk the whole tree again even when the watched snapshot is current. */
  force?: boolean;
}

/** chokidar's change throttle (50 ms) plus a margin, in ms. */
const ECHO_MS = 75;

interface RootState {
  root: string;
  rules: GitignoreRules;
  watcher: RootWatcher | undefined;
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
  private readonly maxWatchedDirs: number;
  private closed = false;

  constructor(opts: TreeIndexOptions = {}) {
    this.watchEnabled = opts.watch ?? true;
    this.maxRoots = opts.maxRoots ?? 16;
    this.maxWatchedDirs = opts.maxWatchedDirs ?? MAX_WATCHED_DIRS;
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
      this.startWatcher(st);
      this.releaseOverflow(st);
    }
    st.lastUsed = performance.now();
    return st;
  }

  private async update(st: RootState, opts: SnapshotOptions): Promise<TreeSnapshot> {
    if (this.closed) throw new Error('The tree index is closed.');
    const watcherLive = !!st.watcher?.live && !st.failed;
    const snap = st.snapshot;
    const walker = new TreeWalker(st.root, st.rules, opts);
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
      }
      const next: TreeSnapshot = { root: st.root, node, hash: node.hash, epoch, live };
      st.snapshot = next;
      return next;
    } catch (err) {
      // Keep what we have not applied for the next caller.
      for (const d of dirty) st.dirty.add(d);
      for (const d of full) st.full.add(d);
      throw err;
    }
  }

  private startWatcher(st: RootState): void {
    if (!this.watchEnabled || this.closed) return;
    let dirs = 0;
    let capped = false;
    st.watcher = new RootWatcher(
      st.root,
      (abs, isDir) => {
        if (capped) return true;
        const ignored = this.ignoredAbs(st, abs, isDir);
        if (!ignored && isDir === true && ++dirs > this.maxWatchedDirs) {
          // Too large to watch: stop adding watches now and release the ones taken.
          capped = true;
          st.failed = true;
          console.warn(`[cortex] ${st.root} has more than ${this.maxWatchedDirs} folders: not watched; each analysis walks it again.`);
          queueMicrotask(() => void st.watcher?.close());
          return true;
        }
        return ignored;
      },
      (e) => this.onEvent(st, e),
      () => {
        st.failed = true;
        void st.watcher?.close();
      },
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
