import { spawn, type ChildProcess } from 'node:child_process';

/**
 * CPU burners: child processes that spin a core each, so that (c) and (d) can be measured on
 * a loaded machine from `npm run bench` itself (`BENCH_BURNERS=3`). A burner is a plain
 * `node -e` busy loop at the default priority, the same as a user's compiler or test run
 * beside the app; each holds one runnable thread and ~40 MB of memory.
 */

/** At most this many burners: more only measures the scheduler. */
export const MAX_BURNERS = 16;

/**
 * How many burners to run, from `BENCH_BURNERS` (0 when unset).
 * @throws Error when it is set to anything but a whole number from 0 to {@link MAX_BURNERS}
 */
export function burnersFromEnv(raw: string | undefined = process.env['BENCH_BURNERS']): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_BURNERS) throw new Error(`BENCH_BURNERS must be a whole number from 0 to ${MAX_BURNERS}, not "${raw}"`);
  return n;
}

/** Running burners; `stop()` kills them and resolves once every one has exited. */
export interface Burners {
  readonly count: number;
  /** The burners' pids (for CPU accounting in /proc). */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/**
 * Starts `count` busy loops. They are killed by `stop()`, and with SIGKILL when this process
 * exits first (a bench that breaks leaves no burner behind).
 */
export function startBurners(count: number): Burners {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  }
  const killAll = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.on('exit', killAll);
  return {
    count,
    pids: children.map((c) => c.pid ?? -1),
    async stop() {
      const gone = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()))));
      killAll();
      await Promise.all(gone);
      process.off('exit', killAll);
    },
  };
}
