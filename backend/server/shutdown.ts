import { KILL_FORCE_AFTER_MS, KILL_TERM_AFTER_MS } from '../pty/constants.js';

/**
 * Longest time from a stop request to the process's exit, ms: the gentle kill of every
 * session (SIGHUP, SIGTERM after {@link KILL_TERM_AFTER_MS}, SIGKILL after
 * {@link KILL_FORCE_AFTER_MS} more) plus time to save snapshots and close the store. Past it,
 * every session's process group that is left gets SIGKILL and the process exits anyway.
 */
export const SHUTDOWN_DEADLINE_MS = KILL_TERM_AFTER_MS + KILL_FORCE_AFTER_MS + 4_000;

/** The signals that stop the instance: Ctrl-C, a service manager, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface ShutdownHooks {
  /** Ends every session and closes the instance (gentle first, see `killProcessTree`). */
  stop(): Promise<void>;
  /** Process group ids (the PTY leaders' pids) of the sessions still live, for the SIGKILL fallback. */
  liveGroups(): number[];
  log(line: string): void;
  exit(code: number): void;
  /** Ms before the SIGKILL fallback; default {@link SHUTDOWN_DEADLINE_MS}. */
  deadlineMs?: number;
}

/**
 * Makes every way the process is asked to stop end every session: SIGINT, SIGTERM and
 * SIGHUP (to this process or its group: a repeated signal, as a wrapper that passes the
 * group's signal on sends, is ignored while stopping, never the default that would kill this
 * process mid-way and leave sessions running), and the IPC channel to a wrapper closing (the
 * wrapper died). A closed terminal (EIO on stdout) cannot crash the stop either.
 * @returns the function that starts the stop (idempotent), given the reason to log
 */
export function installShutdown(h: ShutdownHooks): (reason: string) => void {
  let stopping = false;
  const begin = (reason: string) => {
    if (stopping) return;
    stopping = true;
    h.log(`\n${reason}: stopping every session...`);
    const deadline = setTimeout(() => {
      h.log(`sessions did not stop within ${h.deadlineMs ?? SHUTDOWN_DEADLINE_MS} ms: killing what is left`);
      killGroups(h.liveGroups());
      h.exit(1);
    }, h.deadlineMs ?? SHUTDOWN_DEADLINE_MS);
    h.stop().then(
      () => {
        clearTimeout(deadline);
        h.exit(0);
      },
      (err: unknown) => {
        h.log(`stopping failed: ${(err as Error)?.message ?? String(err)}`);
        killGroups(h.liveGroups());
        clearTimeout(deadline);
        h.exit(1);
      },
    );
  };
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  for (const sig of STOP_SIGNALS) process.on(sig, () => begin(sig));
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => begin('the wrapper process exited'));
  }
  return begin;
}

/** SIGKILL to each process group (and its leader), ignoring those already gone. POSIX only. */
export function killGroups(groups: readonly number[]): void {
  if (process.platform === 'win32') return;
  for (const pgid of groups) {
    for (const target of [-pgid, pgid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

/**
 * The last-resort handlers of the process: an exception or a rejection nothing caught is a
 * bug, logged; the instance runs on, so every session and agent keeps running.
 */
export function installLastResort(log: (line: string, err: unknown) => void): void {
  process.on('uncaughtException', (err) => log('[cortex] an unexpected error was caught; the instance runs on:', err));
  process.on('unhandledRejection', (err) => log('[cortex] an unexpected rejection was caught; the instance runs on:', err));
}
