import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './constants.js';

/**
 * Watermark flow control for one PTY (after VS Code's terminal: pause past a high
 * watermark of unacknowledged chars, resume under a low one). Every consumer that can
 * fall behind — each attached client that acknowledges, and the headless mirror —
 * is a "lane" with a count of chars sent but not yet processed. The PTY is paused while
 * any lane is past its high watermark and resumed once every lane is under its low one.
 * Lanes take the controller's watermarks unless given their own (the mirror's are wider:
 * MIRROR_HIGH_WATERMARK_CHARS).
 */
export class FlowController {
  private readonly lanes = new Map<string, { behind: number; high: number; low: number }>();
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

  /**
   * Adds lane `id`, 0 chars behind.
   * @param watermarks the lane's own high and low watermarks (chars); default the controller's
   * @throws RangeError when the lane's low >= high
   */
  addLane(id: string, watermarks?: { high: number; low: number }): void {
    const { high, low } = watermarks ?? { high: this.high, low: this.low };
    if (low >= high) throw new RangeError(`low watermark (${low}) must be below high watermark (${high})`);
    this.lanes.set(id, { behind: 0, high, low });
  }

  /** Removes a lane (a client detached); may resume the PTY. */
  removeLane(id: string): void {
    this.lanes.delete(id);
    this.update();
  }

  /** `chars` more were sent to every lane. */
  sent(chars: number): void {
    for (const lane of this.lanes.values()) lane.behind += chars;
    this.update();
  }

  /** Lane `id` processed `chars`. Unknown lanes are ignored; the count never goes below 0. */
  processed(id: string, chars: number): void {
    const lane = this.lanes.get(id);
    if (lane === undefined) return;
    lane.behind = Math.max(0, lane.behind - chars);
    this.update();
  }

  /** Chars lane `id` is behind, or 0 when unknown. */
  behind(id: string): number {
    return this.lanes.get(id)?.behind ?? 0;
  }

  private update(): void {
    let over = false;
    let under = true;
    for (const l of this.lanes.values()) {
      if (l.behind > l.high) over = true;
      if (l.behind >= l.low) under = false;
    }
    if (!this.paused && over) {
      this.paused = true;
      this.setPaused(true);
    } else if (this.paused && under) {
      this.paused = false;
      this.setPaused(false);
    }
  }
}
