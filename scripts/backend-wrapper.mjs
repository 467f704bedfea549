// Runs the backend as a child of this process, the way `npm run serve` does, and stays
// until it exits. Signals this process gets (Ctrl-C, a closed terminal, a service manager)
// are passed on; the backend ends every session and exits, then this exits with its code.
// The child has an IPC channel to this process: if this one dies (kill -9 of the wrapper),
// the channel closes and the backend stops on its own, so no session outlives it.
// Run directly for tests: `node scripts/backend-wrapper.mjs <node arguments of the backend>`.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Starts `node ...nodeArgs` with the terminal's stdio and an IPC channel, passes on SIGINT,
 * SIGTERM and SIGHUP, and exits with the child's code once it exits.
 * @param {string[]} nodeArgs arguments of the backend's node process (script and its options)
 */
export function runBackend(nodeArgs) {
  const child = spawn(process.execPath, nodeArgs, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  // A closed terminal makes writes fail (EIO); they must not end this process early.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) runBackend(process.argv.slice(2));
