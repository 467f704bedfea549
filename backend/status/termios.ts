import { execFile } from 'node:child_process';
import type { InputMode } from './structure.js';

/** How long one termios read may take (ms) before it counts as unknown. */
export const TERMIOS_PROBE_TIMEOUT_MS = 1000;

/**
 * Parses `stty -a` output into the two input flags the classifier reads: ECHO and ICANON
 * (`-echo` / `echo`, `-icanon` / `icanon`; the POSIX stty format). Null when either is missing.
 */
export function parseStty(out: string): InputMode | null {
  const words = new Set(out.split(/[\s;]+/));
  const flag = (name: string): boolean | null => (words.has(`-${name}`) ? false : words.has(name) ? true : null);
  const echo = flag('echo');
  const canonical = flag('icanon');
  return echo === null || canonical === null ? null : { echo, canonical };
}

/**
 * Reads the termios input mode of the terminal device `tty` (e.g. `/dev/pts/3`) with
 * `stty -a` (Linux `-F`, macOS and BSD `-f`): one short process, run only when a screen has
 * gone still. Resolves null when it cannot be read (no stty, Windows, the device is gone).
 */
export function readTermios(tty: string): Promise<InputMode | null> {
  if (process.platform === 'win32') return Promise.resolve(null);
  const flag = process.platform === 'linux' ? '-F' : '-f';
  return new Promise((resolve) => {
    execFile('stty', [flag, tty, '-a'], { timeout: TERMIOS_PROBE_TIMEOUT_MS, windowsHide: true }, (err, stdout) => {
      resolve(err ? null : parseStty(stdout));
    });
  });
}
