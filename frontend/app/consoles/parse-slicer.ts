/**
 * Largest piece of output handed to xterm.js at once while a flood is sliced, UTF-16 chars
 * (or UTF-8 bytes): ~0.5–1 ms of parsing at the 20–35 MB/s xterm.js parses here.
 */
export const SLICE_CHARS = 16 * 1024;
/** While a flood is sliced, its parsing gets at most {@link SLICE_BUDGET_MS} of every this many ms (one 60 Hz frame). */
export const SLICE_WINDOW_MS = 16;
/**
 * Parse time a sliced flood may use per {@link SLICE_WINDOW_MS}, ms: half of the page's
 * main thread, the rest stays free for the keys, the echo and the frames of the console
 * being typed in (and, on a machine with few cores, for the processes that carry the echo).
 */
export const SLICE_BUDGET_MS = 8;

/** Where a {@link ParseSlicer} writes: an xterm.js Terminal fits. */
export interface SliceSink {
  /** Queues `data` for parsing; `done` runs once it is parsed. */
  write(data: string | Uint8Array, done?: () => void): void;
}

/** The part of the page a {@link ParseSlicer} uses (the window, or a fake clock in tests). */
export interface SliceHost {
  /** The page clock, ms. */
  now(): number;
  /** Runs `fn` in a task of its own soon (a MessageChannel message: no timer clamping). */
  post(fn: () => void): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/**
 * Most output handed to xterm.js and not yet parsed while a console is not sliced, chars
 * (or bytes): two of the backend's 64 K batches. More waits here and is handed over from
 * xterm.js's write callbacks, inside its write loop (no task in between, so no throughput
 * is lost): when slicing begins, at most this much (~4 ms of parsing) is left in
 * xterm.js's own buffer, which parses it in tasks of up to 12 ms.
 */
export const MAX_UNPARSED_CHARS = 128 * 1024;

/**
 * Hands one console's output to xterm.js, in slices while that console floods beside a
 * console the user is typing in or reading ({@link slicing}).
 *
 * xterm.js parses everything queued in its write buffer in one task of up to 12 ms, and
 * flow control lets ~400 K chars of a flood wait: a key typed in another console waits
 * behind such tasks, then its echo's WebSocket message does, then the frame that draws the
 * echo does. While {@link slicing} says so, the output is instead handed over
 * {@link SLICE_CHARS} at a time, each piece in a task of its own once everything before it
 * is parsed, and the pieces' parse time is held to {@link SLICE_BUDGET_MS} per
 * {@link SLICE_WINDOW_MS}: the other console's key, echo and frame each wait at most about
 * one piece. Otherwise output goes to xterm.js at full speed, at most
 * {@link MAX_UNPARSED_CHARS} ahead of its parser. Nothing is dropped or reordered: every
 * chunk is parsed in order and its `done` runs after its last piece; pieces may cut a UTF-8
 * sequence or a surrogate pair, which xterm.js's decoders carry over to the next write.
 */
export class ParseSlicer {
  /** Output not yet handed to the sink, oldest first. */
  private queue: { data: string | Uint8Array; done?: () => void }[] = [];
  /** Chars handed to the sink and not parsed yet. */
  private handed = 0;
  /** A task or timer that continues handing output is pending. */
  private waiting = false;
  private timer: number | null = null;
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  /** Bumped by {@link clear}: callbacks of output handed before are ignored. */
  private generation = 0;

  /**
   * @param sink the console's terminal
   * @param host clock and task scheduling
   * @param slicing true while this console's output must be sliced (it floods and another
   *   console is active); asked whenever output is handed over
   */
  constructor(
    private readonly sink: SliceSink,
    private readonly host: SliceHost,
    private readonly slicing: () => boolean,
  ) {}

  /** Chars (or bytes) held back, not yet handed to the terminal. */
  get pending(): number {
    let n = 0;
    for (const q of this.queue) n += q.data.length;
    return n;
  }

  /** Writes `data` (after everything written before); `done` runs once the terminal has parsed it. */
  write(data: string | Uint8Array, done?: () => void): void {
    this.queue.push({ data, done });
    this.pump(false);
  }

  /** True when everything written so far is parsed: nothing held back, nothing handed over unparsed. */
  get idle(): boolean {
    return this.queue.length === 0 && this.handed === 0;
  }

  /** Drops what is held back (the terminal is being reset); output already handed over is the terminal's. */
  clear(): void {
    this.generation++;
    this.queue = [];
    this.handed = 0;
    this.waiting = false;
    if (this.timer !== null) this.host.clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Hands over what may go now. `inWriteLoop`: called from a write callback, inside
   * xterm.js's write loop, where a piece handed over would be parsed in the same task.
   */
  private pump(inWriteLoop: boolean): void {
    while (this.queue.length > 0 && !this.waiting) {
      if (this.slicing()) {
        if (this.handed > 0) return; // the next piece goes once everything before it is parsed
        if (inWriteLoop) return this.continueLater();
        return this.slice();
      }
      if (this.handed >= MAX_UNPARSED_CHARS) return;
      const q = this.queue.shift()!;
      this.hand(q.data, q.done, false);
    }
  }

  /** Hands the next piece over now, or waits for the next window when this one's budget is spent. */
  private slice(): void {
    const now = this.host.now();
    if (now - this.windowStart >= SLICE_WINDOW_MS) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used >= SLICE_BUDGET_MS) {
      this.waiting = true;
      const generation = this.generation;
      this.timer = this.host.setTimeout(() => {
        this.timer = null;
        // Timers nested in timers are clamped to ≥ 4 ms: continue from a task of its own.
        this.host.post(() => this.resume(generation));
      }, this.windowStart + SLICE_WINDOW_MS - now);
      return;
    }
    const head = this.queue[0]!;
    if (head.data.length > SLICE_CHARS) {
      const piece = typeof head.data === 'string' ? head.data.slice(0, SLICE_CHARS) : head.data.subarray(0, SLICE_CHARS);
      head.data = typeof head.data === 'string' ? head.data.slice(SLICE_CHARS) : head.data.subarray(SLICE_CHARS);
      this.hand(piece, undefined, true);
    } else {
      this.queue.shift();
      this.hand(head.data, head.done, true);
    }
  }

  private hand(data: string | Uint8Array, done: (() => void) | undefined, sliced: boolean): void {
    const generation = this.generation;
    const at = sliced ? this.host.now() : 0;
    this.handed += data.length;
    this.sink.write(data, () => {
      if (generation !== this.generation) return;
      this.handed -= data.length;
      if (sliced) this.used += this.host.now() - at;
      done?.();
      this.pump(true);
    });
  }

  /** Continues handing over from a task of its own. */
  private continueLater(): void {
    this.waiting = true;
    const generation = this.generation;
    this.host.post(() => this.resume(generation));
  }

  private resume(generation: number): void {
    if (generation !== this.generation) return;
    this.waiting = false;
    this.pump(false);
  }
}

let pageHost: SliceHost | null = null;

/**
 * The page's {@link SliceHost} (one for all consoles): `post` runs functions in tasks of
 * their own, in order, from one MessageChannel.
 */
export function windowSliceHost(): SliceHost {
  if (pageHost) return pageHost;
  const channel = new MessageChannel();
  const posted: (() => void)[] = [];
  channel.port1.onmessage = () => posted.shift()?.();
  pageHost = {
    now: () => performance.now(),
    post: (fn) => {
      posted.push(fn);
      channel.port2.postMessage(null);
    },
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (id) => window.clearTimeout(id),
  };
  return pageHost;
}
