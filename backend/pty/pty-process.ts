import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import { spawn as ptySpawn, type IPty } from 'node-pty';
import { CortexError } from '../contract/index.js';
import { TERMINAL_ENV } from './constants.js';
import { isAlive, killProcessTree } from './process-group.js';

/** How to start a PTY. `argv[0]` is the executable; nothing is ever run through a shell. */
export interface PtySpawnOptions {
  argv: string[];
  /** Working directory; must exist. */
  cwd: string;
  /** Added to (and overriding) `baseEnv`, after TERM / COLORTERM. */
  env?: Record<string, string>;
  /** The environment the process inherits; default this process's. */
  baseEnv?: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
}

/**
 * Opens the PTY's terminal device (`tty`, e.g. `/dev/pts/3`) in this process too, without
 * making it anyone's controlling terminal, so that it stays open after the child exits.
 * The rule it serves: the last output a program prints before it exits is shown, however fast
 * it exits. When the last process holding the terminal side closes it, the kernel hangs the
 * PTY up; libuv treats a hang-up seen while a read finds nothing yet (the kernel still moving
 * the tail through its buffers) as the end of the stream, and node-pty closes the PTY: the
 * tail is lost. A program that printed 70 KB and exited lost its last 2–15 KB in most runs
 * here (node-pty 1.1.0 alone, Linux). Held open, the PTY never hangs up; node-pty reads to
 * the end and closes it itself (at most 200 ms after the exit), and the descriptor is closed
 * then. Null where it cannot be opened (Windows has no such device; a device already gone).
 */
export function holdTerminalOpen(tty: string | null): number | null {
  if (!tty || process.platform === 'win32') return null;
  try {
    return openSync(tty, fsConstants.O_RDWR | fsConstants.O_NOCTTY | fsConstants.O_NONBLOCK);
  } catch {
    return null;
  }
}

/** How the process ended. `signal` is the signal number, or null for a normal exit. */
export interface PtyExit {
  exitCode: number;
  signal: number | null;
}

/**
 * One child process on a pseudo-terminal (node-pty). Owns the OS resources:
 * reading (pause/resume for flow control), writing, resizing and ending the whole
 * process tree.
 */
export class PtyProcess {
  private exited: PtyExit | null = null;
  private readonly exitWaiters: ((e: PtyExit) => void)[] = [];

  /** This process's own descriptor of the PTY's terminal device, held while the child runs (see {@link holdTerminalOpen}). */
  private heldTerminal: number | null;

  private constructor(
    private readonly pty: IPty,
    private cols: number,
    private rows: number,
  ) {
    this.heldTerminal = holdTerminalOpen(this.ttyName);
    pty.onExit(({ exitCode, signal }) => {
      this.releaseTerminal();
      this.exited = { exitCode, signal: signal ? signal : null };
      for (const w of this.exitWaiters.splice(0)) w(this.exited);
    });
  }

  private releaseTerminal(): void {
    if (this.heldTerminal === null) return;
    try {
      closeSync(this.heldTerminal);
    } catch {
      // Already closed: nothing is held.
    }
    this.heldTerminal = null;
  }

  /**
   * Spawns `argv` on a new PTY with `TERM=xterm-256color` and `COLORTERM=truecolor`.
   * @throws CortexError `SPAWN_FAILED` when the OS refuses (the message carries its reason)
   */
  static spawn(opts: PtySpawnOptions): PtyProcess {
    const [file, ...args] = opts.argv;
    if (!file) throw new CortexError('SPAWN_FAILED', 'Nothing to start: the command is empty.');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.baseEnv ?? process.env)) if (v !== undefined) env[k] = v;
    delete env['ELECTRON_RUN_AS_NODE'];
    Object.assign(env, TERMINAL_ENV, opts.env ?? {});
    try {
      return new PtyProcess(
        ptySpawn(file, args, { name: TERMINAL_ENV.TERM, cols: opts.cols, rows: opts.rows, cwd: opts.cwd, env }),
        opts.cols,
        opts.rows,
      );
    } catch (err) {
      throw new CortexError('SPAWN_FAILED', `Could not start ${file}: ${(err as Error).message}`);
    }
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** Path of the PTY's terminal device (e.g. `/dev/pts/3`); null where node-pty does not tell (Windows). */
  get ttyName(): string | null {
    const name = (this.pty as unknown as { ptsName?: unknown }).ptsName;
    return typeof name === 'string' && name ? name : null;
  }

  /** Set once the process has exited. */
  get exit(): PtyExit | null {
    return this.exited;
  }

  onData(listener: (data: string) => void): void {
    this.pty.onData(listener);
  }

  onExit(listener: (e: PtyExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitWaiters.push(listener);
  }

  /** Resolves when the process has exited (at once if it already has). */
  waitExit(): Promise<PtyExit> {
    return new Promise((resolve) => this.onExit(resolve));
  }

  write(data: string): void {
    this.pty.write(data);
  }

  /** The PTY's size (columns, rows). */
  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  /** @param cols columns, @param rows rows (already validated by the contract) */
  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.cols = cols;
    this.rows = rows;
  }

  /**
   * Stops reading output; the child blocks once the kernel's PTY buffer is full.
   * (Known limit, seen here: when the child exits while reading is paused, node-pty may
   * close the PTY before its last few KB were read. See PAUSED_EXIT_CHECK_MS.)
   */
  pause(): void {
    this.pty.pause();
  }

  resume(): void {
    this.pty.resume();
  }

  /**
   * Ends the process and every process of its session, gently first
   * (SIGHUP, SIGTERM, then SIGKILL; see {@link killProcessTree}), and waits for the exit.
   */
  async kill(): Promise<PtyExit> {
    if (this.exited) {
      // The leader is gone; its jobs may not be.
      await killProcessTree(this.pty.pid);
      return this.exited;
    }
    const exit = this.waitExit();
    // A paused reader can keep the child blocked on write and deaf to SIGHUP: read again.
    this.pty.resume();
    await killProcessTree(this.pty.pid);
    if (!this.exited && !isAlive(this.pty.pid)) {
      // node-pty reports exit asynchronously; give it a moment.
      await Promise.race([exit, new Promise((r) => setTimeout(r, 1000))]);
    }
    return this.exited ?? (await exit);
  }
}
