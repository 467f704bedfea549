import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './constants.js';

/**
 * Watermark flow control for one PTY (after VS Code's terminal: pause past a high
 * watermark of unacknowledged chars, resume under a low one). Every consumer that can
 * fall behind — each attached client that acknowledges, and the headless mirror —
 * is a "lane" with a count of chars sent but not yet processed. The PTY is paused while
 * any lane is past `high` and resumed once every lane is under `low`.
 */
export class FlowController {
  private readonly lanes = new Map<string, number>();
  private paused = false;

  /**
   * @param setPaused called with true to pause the PTY, false to resume it
   * @param high chars behind that pause (default {@link HIGH_WATERMARK_CHARS})
   * @param low chars behind under which it resumes (default {@link LOW_WATERMARK_CHARS})
   * @throws RangeError when low >= high
   */
  constructor(
    private readonly setPaused: (paused: boolean) => void,
    private readonly high = HIGH_WATERMARK_CHARS,
    private readonly low = LOW_WATERMARK_CHARS,
  ) {
    if (low >= high) throw new RangeError(`low watermark (${low}) must be below high watermark (${high})`);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  addLane(id: string): void {
    this.lanes.set(id, 0);
  }

  /** Removes a lane (a client detached); may resume the PTY. */
  removeLane(id: string): void {
    this.lanes.delete(id);
    this.update();
  }

  /** `chars` more were sent to every lane. */
  sent(chars: number): void {
    for (const [id, n] of this.lanes) this.lanes.set(id, n + chars);
    this.update();
  }

  /** Lane `id` processed `chars`. Unknown lanes are ignored; the count never goes below 0. */
  processed(id: string, chars: number): void {
    const n = this.lanes.get(id);
    if (n === undefined) return;
    this.lanes.set(id, Math.max(0, n - chars));
    this.update();
  }

  /** Chars lane `id` is behind, or 0 when unknown. */
  behind(id: string): number {
    return this.lanes.get(id) ?? 0;
  }

  private update(): void {
    let worst = 0;
    for (const n of this.lanes.values()) if (n > worst) worst = n;
    if (!this.paused && worst > this.high) {
      this.paused = true;
      this.setPaused(true);
    } else if (this.paused && worst < this.low) {
      this.paused = false;
      this.setPaused(false);
    }
  }
}
