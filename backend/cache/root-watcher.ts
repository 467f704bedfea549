import { watch, type FSWatcher } from 'chokidar';
import { lstatSync, watch as fsWatch, type FSWatcher as NodeWatcher } from 'node:fs';
import { join } from 'node:path';

/** What changed under a watched root: chokidar's event name and the absolute path. */
export interface WatchEvent {
  type: 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';
  path: string;
}

/** A watcher on one directory tree, whichever way it watches. */
export interface TreeWatcher {
  /** Resolves once every later change is reported. */
  readonly ready: Promise<void>;
  /** True once ready and still open. */
  readonly live: boolean;
  /** Stops watching and releases every OS handle. Idempotent. */
  close(): Promise<void>;
}

/**
 * One recursive OS watch on a whole tree (`fs.watch(root, {recursive: true})`): FSEvents on
 * macOS, ReadDirectoryChangesW on Windows, a single handle whatever the tree's size. Use it
 * only where the OS watches recursively natively (see `planWatch`): Linux's fallback in Node
 * takes a watch per entry. The OS reports a path, not what happened to it: the path is
 * lstat'ed, existing entries come as `add`/`addDir`, vanished ones as `unlink`, and an event
 * without a path as `addDir` of the root (walk it all again).
 */
export class RecursiveRootWatcher implements TreeWatcher {
  readonly ready: Promise<void> = Promise.resolve();
  private watcher: NodeWatcher | undefined;

  /**
   * @param onEvent called for every change
   * @param onError called when the watch fails
   * @throws the OS error when the watch cannot be set up (the caller treats the root as unwatched)
   */
  constructor(
    readonly root: string,
    onEvent: (e: WatchEvent) => void,
    onError: (err: Error) => void,
  ) {
    const w = fsWatch(root, { recursive: true, persistent: true }, (_type, filename) => {
      if (filename === null || filename === undefined) return onEvent({ type: 'addDir', path: root });
      const path = join(root, filename.toString());
      let type: WatchEvent['type'];
      try {
        type = lstatSync(path).isDirectory() ? 'addDir' : 'add';
      } catch {
        type = 'unlink';
      }
      onEvent({ type, path });
    });
    w.on('error', (err) => onError(err instanceof Error ? err : new Error(String(err))));
    this.watcher = w;
  }

  get live(): boolean {
    return this.watcher !== undefined;
  }

  close(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    return Promise.resolve();
  }
}

/**
 * A chokidar watcher on one directory tree: one OS watch per folder and per file (on Linux,
 * inotify watches: the caller bounds their number through `ignored`). Paths the `ignored` predicate rejects are not
 * watched at all (so a `.gitignore`d `node_modules` costs nothing). Events are delivered
 * as they come: no atomic-write delay, no write-finish polling, so the cache hears of a
 * change within the OS's notification latency (inotify: about a millisecond).
 */
export class RootWatcher implements TreeWatcher {
  /** Resolves once the initial scan is done: from then on every change is reported. */
  readonly ready: Promise<void>;
  private watcher: FSWatcher | undefined;
  private isReady = false;

  /**
   * @param ignored `(absPath, isDir?)` → true to skip a path (and, for a directory, everything below)
   * @param onEvent called for every change
   * @param onError called when the watcher fails (e.g. ENOSPC: the inotify watch limit)
   */
  constructor(
    readonly root: string,
    ignored: (absPath: string, isDir: boolean | undefined) => boolean,
    onEvent: (e: WatchEvent) => void,
    onError: (err: Error) => void,
  ) {
    const w = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      atomic: false,
      persistent: true,
      ignored: (p, stats) => ignored(p, stats ? stats.isDirectory() : undefined),
    });
    this.watcher = w;
    this.ready = new Promise<void>((resolve) => {
      w.once('ready', () => {
        this.isReady = true;
        resolve();
      });
    });
    w.on('all', (type, path) => {
      if (type === 'add' || type === 'addDir' || type === 'change' || type === 'unlink' || type === 'unlinkDir') {
        onEvent({ type, path });
      }
    });
    w.on('error', (err) => onError(err instanceof Error ? err : new Error(String(err))));
  }

  /** True once the initial scan finished and the watcher is still open. */
  get live(): boolean {
    return this.isReady && this.watcher !== undefined;
  }

  /** Stops watching and releases every OS handle. Idempotent. */
  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    if (w) await w.close();
  }
}
