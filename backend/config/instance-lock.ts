import Database from 'better-sqlite3';
import { join } from 'node:path';
import { CortexError } from '../contract/index.js';
import { readEndpoint } from './endpoint-file.js';
import { DATA_DIR_ENV } from './data-dir.js';
import { createPrivateFile } from './private-files.js';

/** Name of the lock file in the data folder. */
export const LOCK_FILE = 'instance.lock';

/**
 * One instance per data folder: an exclusive lock held on `instance.lock` (a tiny SQLite
 * file, locked through SQLite's own file locking: fcntl on POSIX, LockFileEx on Windows)
 * for the instance's whole life. The OS takes the lock atomically, so two instances started
 * in the same instant cannot both get it, and it is released when the process ends,
 * however it ends (kill -9 included), so no stale lock is left to clean up.
 */
export class InstanceLock {
  private constructor(private readonly db: Database.Database) {}

  /**
   * Takes the lock of `dataDir` without waiting.
   * @param nativeBinding better-sqlite3 addon for the runtime (Electron), as for the database
   * @throws CortexError `INTERNAL` naming the running instance (its pid and URL, when its
   *   endpoint file says) when another process holds the lock; Error when the file cannot be opened
   */
  static acquire(dataDir: string, nativeBinding?: string): InstanceLock {
    const file = join(dataDir, LOCK_FILE);
    createPrivateFile(file);
    const db = new Database(file, { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      const other = readEndpoint(dataDir);
      const who = other && other.pid !== process.pid ? ` (pid ${other.pid}, ${other.url})` : '';
      throw new CortexError(
        'INTERNAL',
        `Phantom Cortex is already running with this data folder${who}: ${dataDir}.`,
        `Use that instance, stop it, or set ${DATA_DIR_ENV} to another folder.`,
      );
    }
    return new InstanceLock(db);
  }

  /** Releases the lock (quit). Idempotent. */
  release(): void {
    if (this.db.open) this.db.close();
  }
}
