import { RUNNING_WINDOW_MS } from '../contract/index.js';

/**
 * Tells `running` from `quiet` for the skeleton's states: output marks the session
 * running; it turns quiet once no output came for {@link RUNNING_WINDOW_MS}. One timer
 * per session, armed only while it is running: no periodic poll of every session.
 */
export class ActivityClock {
  private lastOutputAt = 0;
  private timer: NodeJS.Timeout | null = null;

  /** @param onQuiet called once each time the session falls quiet */
  constructor(
    private readonly onQuiet: () => void,
    private readonly windowMs = RUNNING_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Output arrived. */
  tick(): void {
    this.lastOutputAt = this.now();
    this.timer ??= setTimeout(() => this.check(), this.windowMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private check(): void {
    this.timer = null;
    const left = this.lastOutputAt + this.windowMs - this.now();
    if (left > 0) this.timer = setTimeout(() => this.check(), left);
    else this.onQuiet();
  }
}
