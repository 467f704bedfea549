import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `cortex` launcher of this repository. */
export const CORTEX_BIN = fileURLToPath(new URL('../../bin/cortex.mjs', import.meta.url));

/** What one `cortex` run printed and how it exited. */
export interface CortexRun {
  /** Exit code; -1 when it was killed (the timeout) or could not start. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `node bin/cortex.mjs ...args` as a real child process (argv array, no shell) against the
 * instance whose data folder is `dataDir`, colours off unless `env` says otherwise.
 * @param opts.cwd working directory (default this process's); opts.env added to this process's environment; opts.timeoutMs kill after (default 60 s)
 */
export function runCortex(args: string[], dataDir: string, opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CortexRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CORTEX_BIN, ...args],
      { cwd: opts.cwd ?? process.cwd(), env: { ...process.env, CORTEX_DATA_DIR: dataDir, NO_COLOR: '1', ...opts.env }, timeout: opts.timeoutMs ?? 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}
