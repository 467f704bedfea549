/** Least time between two logs of failed best-effort writes, ms (a full disk fails every write). */
export const BEST_EFFORT_LOG_INTERVAL_MS = 10_000;

let lastLogAt = 0;

/**
 * Runs a store write that must never take a session down (a state change, a log row
 * written from a PTY event): on failure (a full disk: SQLITE_FULL) it logs, at most every
 * {@link BEST_EFFORT_LOG_INTERVAL_MS}, and returns false; the in-memory state stays right
 * and the next write of the same record saves it whole.
 * @param what the write, for the log ("saving session 3b34…")
 * @returns true when the write succeeded
 */
export function bestEffortWrite(what: string, write: () => void): boolean {
  try {
    write();
    return true;
  } catch (err) {
    const now = Date.now();
    if (now - lastLogAt >= BEST_EFFORT_LOG_INTERVAL_MS) {
      lastLogAt = now;
      const code = (err as { code?: string }).code;
      console.error(`[cortex] ${what} failed (${code ?? 'error'}: ${(err as Error).message}); the session runs on.`);
    }
    return false;
  }
}
