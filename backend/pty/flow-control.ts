import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './constants.js';
import { lineFeedsAfterFirstCr, scanBatch, type BatchScan } from './plain-text.js';

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
  private readonly lanes = new Map<string, { behind: number; high: number | (() => number); low: number }>();
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
   * @param watermarks the lane's own high and low watermarks (chars); default the
   *   controller's. `high` may be a function, read at each change of any lane's count (a
   *   lane whose bound depends on what it holds); it must stay above `low`.
   * @throws RangeError when the lane's low >= high (a function's first value)
   */
  addLane(id: string, watermarks?: { high: number | (() => number); low: number }): void {
    const { high, low } = watermarks ?? { high: this.high, low: this.low };
    const first = typeof high === 'function' ? high() : high;
    if (low >= first) throw new RangeError(`low watermark (${low}) must be below high watermark (${first})`);
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
      if (l.behind > (typeof l.high === 'function' ? l.high() : l.high)) over = true;
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
 * What lets a {@link SendWindow} skip waiting output its client could never show: the
 * client's terminal keeps `scrollback` lines, and the session knows when its scroll region
 * is the whole screen.
 */
export interface WindowFastForward {
  /**
   * Line feeds that the plain output after a batch must hold, after a CR, for the batch to
   * be skipped: the client's scrollback + 2 × the most rows its screen can have (lines).
   */
  readonly lineFeeds: number;
  /**
   * True when the client's scroll region is known to be the whole screen just before batch
   * `seq` (plain text after it cannot change that); false when unsure.
   */
  regionFullBefore(seq: number): boolean;
}

/**
 * The output a flow-controlled client has been sent but not acknowledged, bounded by a window
 * (chars): a batch goes out at once while fewer than `window` chars are unacknowledged, else
 * it waits here, in order, until acks make room. Every waiting batch goes as soon as the ack
 * that makes room for it comes in, whatever the PTY does meanwhile.
 *
 * Fast-forward (with a {@link WindowFastForward}): a waiting plain batch is dropped, never
 * sent, once the plain output waiting after it holds a CR and then `lineFeeds` line feeds,
 * while the region is known to be the whole screen before it — the rule of the mirror's
 * fast-forward (TerminalMirror, RemoteMirror), so the client's final screen and scrollback are
 * those it would show had it parsed the batch. The client sees a gap in seq numbers; its
 * chars count as no longer waiting at once (`onWaiting`), so a client behind on a plain
 * flood never pauses the PTY for output it will not show. A batch already sent is never
 * dropped, nor one that was waiting when the terminal was resized ({@link keepWaiting}).
 */
export class SendWindow {
  private unacked = 0;
  private readonly waiting: { seq: number; data: string; scan: BatchScan | null }[] = [];
  private waitingChars = 0;
  private dropped = 0;
  /** Waiting batches fast-forward can never drop (not plain text, or kept at a resize). */
  private kept = 0;

  /**
   * @param send delivers one batch to the client
   * @param window most unacknowledged chars before batches wait (chars; a batch that starts
   *   under it goes whole, so up to window + one batch are unacknowledged)
   * @param onWaiting called with the chars that start (> 0) or stop (< 0) waiting here
   *   (sent, or dropped by fast-forward)
   * @param fastForward when given, waiting output the client could never show is dropped
   * @throws RangeError when window <= 0
   */
  constructor(
    private readonly send: (seq: number, data: string) => void,
    private readonly window: number,
    private readonly onWaiting: (delta: number) => void = () => {},
    private readonly fastForward: WindowFastForward | null = null,
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

  /** Chars dropped unsent by fast-forward so far. */
  get droppedChars(): number {
    return this.dropped;
  }

  /**
   * True when fast-forward is on and every batch waiting is plain text it may still drop
   * (none kept at a resize): what waits is a plain flood, bounded by the rule.
   */
  get waitingAllPlain(): boolean {
    return this.fastForward !== null && this.kept === 0;
  }

  /**
   * Sends batch `seq` now, or queues it behind the ones waiting when the window is full.
   * @param plain isPlainText of `data` when the caller has it (one scan per batch), else
   *   tested here when the rule needs it
   */
  offer(seq: number, data: string, plain?: boolean): void {
    if (this.waiting.length === 0 && this.unacked < this.window) {
      this.unacked += data.length;
      this.send(seq, data);
      return;
    }
    const scan = this.fastForward ? scanBatch(data, plain) : null;
    this.waiting.push({ seq, data, scan });
    if (!scan?.plain) this.kept++;
    this.waitingChars += data.length;
    this.onWaiting(data.length);
    this.dropWaiting();
  }

  /** The client processed `chars` more (never below 0 unacknowledged); sends what now fits. */
  ack(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars);
    while (this.waiting.length > 0 && this.unacked < this.window) {
      const b = this.waiting.shift()!;
      if (!b.scan?.plain) this.kept--;
      this.unacked += b.data.length;
      this.waitingChars -= b.data.length;
      this.send(b.seq, b.data);
      this.onWaiting(-b.data.length);
    }
    this.dropWaiting();
  }

  /**
   * The terminal was resized: every batch waiting now is kept (sent in time), as the rule's
   * count of line feeds holds only at one size.
   */
  keepWaiting(): void {
    for (const b of this.waiting) b.scan = null;
    this.kept = this.waiting.length;
  }

  /** Drops waiting batches at the head by the fast-forward rule (class docstring). */
  private dropWaiting(): void {
    const ff = this.fastForward;
    if (!ff) return;
    const needed = ff.lineFeeds;
    // Each line feed is a char: fewer waiting chars after the head cannot hold enough of them.
    while (this.waiting.length > 1 && this.waitingChars - this.waiting[0]!.data.length >= needed) {
      const head = this.waiting[0]!;
      if (!head.scan?.plain || !ff.regionFullBefore(head.seq)) return;
      if (lineFeedsAfterFirstCr(this.scansAfterHead(), needed) < needed) return;
      this.waiting.shift();
      this.waitingChars -= head.data.length;
      this.dropped += head.data.length;
      this.onWaiting(-head.data.length);
    }
  }

  /** Scans of the batches waiting after the head; a kept batch (no scan) ends them as output that is not plain would. */
  private *scansAfterHead(): Generator<BatchScan> {
    for (let i = 1; i < this.waiting.length; i++) yield this.waiting[i]!.scan ?? NOT_PLAIN;
  }
}

/** Stands for a batch the fast-forward rule must not look past. */
const NOT_PLAIN: BatchScan = { plain: false, lineFeeds: 0, lineFeedsAfterCr: -1 };

/**
 * Where in a session's output its scroll region may have changed: every batch that is not
 * plain text, and every resize (a resize after batch r marks r and r + 1). Keeps the latest
 * {@link RegionBreaks.MAX} of them; a question about output before those is answered "maybe".
 */
export class RegionBreaks {
  /** Most breaks kept: far more than happen while a flood waits for a client. */
  static readonly MAX = 4096;
  private readonly seqs: number[] = [];
  /** Breaks below this seq were forgotten (0: none). */
  private knownFrom = 0;

  /** Batch `seq` is not plain text. */
  notPlain(seq: number): void {
    this.add(seq);
  }

  /** The terminal was resized after batch `seq` (0: before any). */
  resized(seq: number): void {
    this.add(seq);
    this.add(seq + 1);
  }

  /** True when no break lies in [from, to] (seqs) and none there was forgotten. */
  noneIn(from: number, to: number): boolean {
    if (from < this.knownFrom) return false;
    for (let i = this.seqs.length - 1; i >= 0; i--) {
      const b = this.seqs[i]!;
      if (b < from) return true;
      if (b <= to) return false;
    }
    return true;
  }

  private add(seq: number): void {
    this.seqs.push(seq);
    if (this.seqs.length > RegionBreaks.MAX) {
      const forgotten = this.seqs.splice(0, this.seqs.length - RegionBreaks.MAX / 2);
      this.knownFrom = forgotten[forgotten.length - 1]! + 1;
    }
  }
}

/**
 * Whether a terminal fed a session's output has a full-screen scroll region just before batch
 * `seq`, from what the mirror reported: its region was full, at the current size, after batch
 * `fullAfter` (null: unknown), and nothing between the two can have changed it.
 * The state just before batch `fullAfter + 1` is the mirror's; plain batches between that
 * point and `seq`, in either order, change no region; a break one seq either side of the
 * range also answers false (resizes mark two seqs, and the margin costs nothing on a flood).
 */
export function regionFullBefore(seq: number, fullAfter: number | null, breaks: RegionBreaks): boolean {
  if (fullAfter === null) return false;
  const lo = Math.min(seq, fullAfter + 1);
  const hi = Math.max(seq, fullAfter + 1);
  return breaks.noneIn(lo - 1, hi);
}
