import Database from 'better-sqlite3';
import { createPrivateFile } from '../config/private-files.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /**
   * Path of a better-sqlite3 native addon built for the running runtime's ABI.
   * The Electron app passes its Electron build here; Node (tests, browser mode) leaves it unset.
   */
  nativeBinding?: string;
}

/**
 * Opens (creating when missing) the SQLite database at `file` with WAL, foreign keys on,
 * `synchronous=NORMAL` (safe with WAL), a busy timeout, and every pending migration applied
 * inside one transaction each.
 * The file (and its -wal and -shm) is private to the user: created 0600, fixed to 0600.
 * @throws Error naming the file when it cannot be opened, or it was written by a newer
 *   version (its `user_version` is past the last migration this build knows).
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  let db: Db | undefined;
  try {
    // Private to the user (0600): SQLite gives the -wal and -shm files the database's mode.
    createPrivateFile(file, [`${file}-wal`, `${file}-shm`]);
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    const e = err as Error & { code?: string };
    if (e.message.includes(file)) throw err;
    throw Object.assign(new Error(`Cannot open the database ${file}: ${e.message}`, { cause: err }), { code: e.code });
  }
}

/** Applies the migrations `user_version` has not seen yet. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `This database was written by a newer Phantom Cortex (schema ${current}, this build knows ${MIGRATIONS.length}). Update the app or point CORTEX_DATA_DIR elsewhere.`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
