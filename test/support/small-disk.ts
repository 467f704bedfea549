import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small real disk (a tmpfs) that a test can fill up and free again. */
export interface SmallDisk {
  /** Its mount point (mode 0700); put the data folder under it. */
  readonly dir: string;
  /** Writes zeros to a filler file on it until the disk refuses (ENOSPC): the disk is full. @throws Error on another write error */
  fill(): void;
  /** Removes the filler file: the space returns. */
  free(): void;
  /** Unmounts it and removes the mount point (what is on it is gone). */
  unmount(): void;
}

/** Name of the file {@link SmallDisk.fill} writes, in the disk's root. */
const FILLER = 'filler';
/** Size of each write of the filler, bytes. */
const FILL_BLOCK_BYTES = 64 * 1024;

/**
 * Mounts a tmpfs of `sizeMiB` MiB on a fresh temp folder: a real file system whose writes
 * fail with ENOSPC (SQLite: SQLITE_FULL) once it is full. Needs the right to mount (root,
 * or a container allowed to); without it, warns naming `what` is skipped and returns null.
 * @param sizeMiB size in MiB; a few MiB hold a data folder with a database and its WAL
 * @param what the test that needs it, for the warning
 */
export function mountSmallDisk(sizeMiB: number, what: string): SmallDisk | null {
  const dir = mkdtempSync(join(tmpdir(), 'cortex-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`Skipping ${what}: mounting a tmpfs is not permitted here (it needs root).`);
    return null;
  }
  const filler = join(dir, FILLER);
  return {
    dir,
    fill: () => {
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(FILL_BLOCK_BYTES);
      try {
        for (;;) writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    },
  };
}
