import type { PtyProcess } from '../pty/pty-process.js';
import type { PreparedPty } from './session-api.js';

/**
 * The session manager's {@link PreparedPty}: a running {@link PtyProcess} that no session
 * holds yet. {@link take} hands it to one session, once; {@link discard} ends it when none
 * will. `forget` is called once either happened (the manager stops tracking it).
 */
export class PreparedProcess implements PreparedPty {
  private taken = false;
  private ending: Promise<void> | null = null;

  constructor(
    readonly argv: readonly string[],
    private readonly proc: PtyProcess,
    private readonly forget: (p: PreparedProcess) => void,
  ) {}

  get pid(): number {
    return this.proc.pid;
  }

  get usable(): boolean {
    return !this.taken && this.ending === null && this.proc.exit === null;
  }

  write(data: string): void {
    if (this.proc.exit === null && this.ending === null) this.proc.write(data);
  }

  /** The process for a session to adopt, once; null when it ended, was discarded or taken. */
  take(): PtyProcess | null {
    if (!this.usable) return null;
    this.taken = true;
    this.forget(this);
    return this.proc;
  }

  discard(): Promise<void> {
    if (this.taken) return Promise.resolve();
    this.ending ??= (async () => {
      this.forget(this);
      await this.proc.kill();
    })();
    return this.ending;
  }
}
