import { MirrorHost } from '../pty/mirror-host.js';

/** The signal that asks a backend started with `--expose-gc` for a full collection. */
export const GC_SIGNAL = 'SIGUSR2';
/** Line the backend prints on stdout once a collection asked by {@link GC_SIGNAL} is done. */
export const GC_DONE_LINE = '[cortex] gc done';

/**
 * Memory diagnostics (the soak test and benchmark): when the process runs with
 * `--expose-gc`, {@link GC_SIGNAL} runs a full garbage collection in the mirror worker's
 * isolate and then the main one, and prints {@link GC_DONE_LINE}. RSS read after that is
 * memory still held, not garbage: with two isolates collecting on their own schedules, RSS
 * sampled at random swings by ~40 MiB (the worker's heap), which hid or faked growth.
 * Without `--expose-gc` (every normal start) nothing is installed and the signal keeps
 * Node's default. Not on Windows (no SIGUSR2).
 * @returns true when the handler was installed
 */
export function installGcOnSignal(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function' || process.platform === 'win32') return false;
  process.on(GC_SIGNAL, () => {
    void MirrorHost.shared()
      .collectGarbage()
      .finally(() => {
        gc();
        process.stdout.write(`${GC_DONE_LINE}\n`);
      });
  });
  return true;
}
