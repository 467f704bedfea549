import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';

/** Whether POSIX modes mean anything here (Windows keeps files private through ACLs). */
const POSIX = process.platform !== 'win32';

/**
 * Makes `dir` private to the user (0700): a folder created by an older version, or by hand
 * with the umask's 0755, is fixed at start.
 * @throws Error naming the folder when it is not ours to change, so a start never runs with
 *   terminal output readable by other users
 */
export function securePrivateDir(dir: string): void {
  if (!POSIX) return;
  const mode = statSync(dir).mode & 0o777;
  if (mode === 0o700) return;
  try {
    chmodSync(dir, 0o700);
  } catch (err) {
    throw new Error(
      `The data folder ${dir} is readable by other users (mode ${mode.toString(8)}) and its mode cannot be set to 700 (${(err as Error).message}). Run \`chmod 700 '${dir}'\` or choose another folder.`,
    );
  }
}

/**
 * Creates `file` empty with mode 0600 when missing, and sets 0600 on it (and on `extra`
 * files that exist: a database's -wal and -shm) when present. SQLite creates a database's
 * -wal and -shm with the mode of the database file, so a 0600 database keeps them private.
 * @throws Error when the file cannot be created
 */
export function createPrivateFile(file: string, extra: readonly string[] = []): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  if (!POSIX) return;
  for (const f of [file, ...extra]) {
    try {
      if ((statSync(f).mode & 0o777) !== 0o600) chmodSync(f, 0o600);
    } catch {
      /* an extra file that is not there */
    }
  }
}
