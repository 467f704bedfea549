import type { PtySession } from '../pty/pty-session.js';
import { typedInput } from './typing.js';

/**
 * Longest wait for a program's first output before its typed first prompt goes in anyway
 * (ms): text typed before the program has set up its terminal lands in the line discipline
 * (echoed, line-edited, no bracketed paste).
 */
export const FIRST_OUTPUT_WAIT_MS = 10_000;

/**
 * Types into one session's program by the typing rule ({@link typedInput}), reading its
 * bracketed-paste mode once everything it printed is parsed, and holds the first prompt of
 * a launch until the program is ready for it. Owns the first prompt's timer. The constructor
 * does nothing; {@link dispose} cancels what is pending.
 */
export class SessionTypist {
  private promptTimer: NodeJS.Timeout | null = null;
  /** A first prompt waiting for the program's first output, or null. */
  private promptPending: string | null = null;
  private disposed = false;
  /** Waiters on the mirror's parse, told `false` when disposed first. */
  private readonly parseWaiters = new Set<(parsed: boolean) => void>();

  /**
   * @param pty the session's pipeline (read: running, output count, mirror)
   * @param write sends input to the process the way a person's keystrokes go (status hears of it)
   */
  constructor(
    private readonly pty: PtySession,
    private readonly write: (data: string) => void,
  ) {}

  /**
   * Types `text` and Enter: a bracketed paste when the program turned DEC mode 2004 on, as of
   * everything it printed before this call, else line by line.
   * @returns false (nothing typed) when the process is not running once its output is
   *   parsed, or the typist was disposed meanwhile
   */
  async typeText(text: string): Promise<boolean> {
    if (!(await this.parsed()) || !this.pty.running) return false;
    this.write(typedInput(text, this.pty.mirror.bracketedPasteMode));
    return true;
  }

  /** Whether the running program has bracketed paste on (DECSET 2004), as of its output so far. */
  async acceptsBracketedPaste(): Promise<boolean> {
    if (!this.pty.running || !(await this.parsed())) return false;
    return this.pty.mirror.bracketedPasteMode;
  }

  /**
   * Schedules the first prompt of the process just launched. It goes in after `delayMs`
   * once the program has printed something (its screen is up), or at its first output after
   * that, or after {@link FIRST_OUTPUT_WAIT_MS} of silence.
   */
  firstPrompt(text: string, delayMs: number): void {
    this.cancelPrompt();
    const printedAtLaunch = this.pty.outputChars;
    this.promptTimer = setTimeout(() => {
      this.promptTimer = null;
      this.promptPending = text;
      if (this.pty.outputChars > printedAtLaunch) this.typePending();
      else this.promptTimer = setTimeout(() => this.typePending(), FIRST_OUTPUT_WAIT_MS);
    }, delayMs);
  }

  /** The program printed a batch (a pending first prompt goes in). */
  onOutput(): void {
    if (this.promptPending !== null) this.typePending();
  }

  /** Drops a first prompt not typed yet (the process ended). */
  cancelPrompt(): void {
    if (this.promptTimer) clearTimeout(this.promptTimer);
    this.promptTimer = null;
    this.promptPending = null;
  }

  dispose(): void {
    this.disposed = true;
    this.cancelPrompt();
    for (const w of this.parseWaiters) w(false);
    this.parseWaiters.clear();
  }

  private typePending(): void {
    const text = this.promptPending;
    this.cancelPrompt();
    if (text !== null) void this.typeText(text);
  }

  /** Resolves true once everything printed so far is parsed; false when disposed first. */
  private parsed(): Promise<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.parseWaiters.add(resolve);
      void this.pty.mirror.drain().then(() => {
        this.parseWaiters.delete(resolve);
        resolve(true);
      });
    });
  }
}
