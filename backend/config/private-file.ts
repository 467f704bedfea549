import { chmodSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` (UTF-8) to `file` atomically and readable and writable only by the user
 * (0600): into `<file>.<pid>.tmp` first, then renamed over `file`, so a reader never sees a
 * half-written file. The tmp file is chmodded too: one left by a crash keeps its old mode
 * through `writeFileSync`.
 * @throws Error (ENOENT, EACCES, ENOSPC …) when the folder cannot be written
 */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
