import { watch, type FSWatcher } from 'chokidar';

/** What changed under a watched root: chokidar's event name and the absolute path. */
export interface WatchEvent {
  type: 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';
  path: string;
}

/**
 * A chokidar watcher on one directory tree. Paths the `ignored` predicate rejects are not
 * watched at all (so a `.gitignore`d `node_modules` costs nothing). Events are delivered
 * as they come: no atomic-write delay, no write-finish polling, so the cache hears of a
 * change within the OS's notification latency (inotify: about a millisecond).
 */
export class RootWatcher {
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
