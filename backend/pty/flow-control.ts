import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './constants.js';

/**
 * Watermark flow control for one PTY (after VS Code's terminal: pause past a high
 * watermark of chars behind, resume under a low one). Every consumer that can fall
 * behind — each attached client that acknowledges, and the headless mirror — is a "lane"
 * with a count of chars it is behind: for the mirror the chars written to it and not yet
 * parsed, for a client the output waiting in the backend for room in its
 * {@link SendWindow}; both are counted with {@link behindBy} and {@link processed}. The PTY
 * is paused while any lane is past its high watermark and resumed once every lane is under
 * its low one. Lanes take the controller's watermarks unless given their own (PtySession
 * gives both kinds their own: MIRROR_HIGH_WATERMARK_CHARS, CLIENT_HELD_HIGH_CHARS).
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
    private readonly high: number = HIGH_WATERMARK_CHARS,
    private readonly low: number = LOW_WATERMARK_CHARS,
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

  /** Lane `id` alone is `chars` more behind. Unknown lanes are ignored. */
  behindBy(id: string, chars: number): void {
    const lane = this.lanes.get(id);
    if (lane === undefined) return;
    lane.behind += chars;
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

/**
 * The output a flow-controlled client has been sent but not acknowledged, bounded by a window
 * (chars): a batch goes out at once while fewer than `window` chars are unacknowledged, else
 * it waits here, in order, until acks make room. Every waiting batch goes as soon as the ack
 * that makes room for it comes in, whatever the PTY does meanwhile.
 */
export class SendWindow {
  private unacked = 0;
  private readonly waiting: { seq: number; data: string }[] = [];
  private waitingChars = 0;

  /**
   * @param send delivers one batch to the client
   * @param window most unacknowledged chars before batches wait (chars; a batch that starts
   *   under it goes whole, so up to window + one batch are unacknowledged)
   * @param onWaiting called with the chars that start (> 0) or stop (< 0) waiting here
   * @throws RangeError when window <= 0
   */
  constructor(
    private readonly send: (seq: number, data: string) => void,
    private readonly window: number,
    private readonly onWaiting: (delta: number) => void = () => {},
  ) {
    if (!(window > 0)) throw new RangeError(`window (${window}) must be positive`);
  }

  /** Chars waiting to be sent. */
  get waitingCharCount(): number {
    return this.waitingChars;
  }

  /** Chars sent and not yet acknowledged. */
  get unackedChars(): number {
    return this.unacked;
  }

  /** Sends batch `seq` now, or queues it behind the ones waiting when the window is full. */
  offer(seq: number, data: string): void {
    if (this.waiting.length === 0 && this.unacked < this.window) {
      this.unacked += data.length;
      this.send(seq, data);
      return;
    }
    this.waiting.push({ seq, data });
    this.waitingChars += data.length;
    this.onWaiting(data.length);
  }

  /** The client processed `chars` more (never below 0 unacknowledged); sends what now fits. */
  ack(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars);
    while (this.waiting.length > 0 && this.unacked < this.window) {
      const b = this.waiting.shift()!;
      this.unacked += b.data.length;
      this.waitingChars -= b.data.length;
      this.send(b.seq, b.data);
      this.onWaiting(-b.data.length);
    }
  }
}
