/**
 * How long after a key typed into a console the clock's tick waits for a frame the page draws
 * anyway, ms: the pauses between the keys of someone typing (the same span as the console's
 * solid cursor, TYPING_SOLID_CURSOR_MS).
 */
export const CLOCK_TYPING_WINDOW_MS = 1_000;

/**
 * The longest a tick waits for that frame, ms: a key's echo is drawn a few ms after the key,
 * and keys come 50–200 ms apart, so most ticks find one well within this; a tick that finds
 * none runs on its own this late, and the labels it updates (whole seconds) are that late.
 */
export const CLOCK_TICK_MAX_WAIT_MS = 80;

/** What a due tick does: run now, or wait at most `waitMs` for a frame the page draws anyway. */
export type ClockTickPlan = { kind: 'now' } | { kind: 'next-frame'; waitMs: number };

/**
 * When a due tick of the page's clock runs. A tick changes the "time in state" labels, and
 * with them the page: Chromium draws a frame for it, and then keeps producing frames at
 * every vsync for ~2 more (~33 ms at 60 Hz, seen in a Chromium trace of `npm run bench`
 * peers: the renderer stays subscribed to begin-frames for two ticks after a frame with
 * damage, and one that re-subscribes within the tick it already took gets no frame until the
 * next). A key's echo that arrives in that span waits for the next vsync instead of being
 * drawn at once: up to 16.7 ms more, the app's idle echo tail. While someone types, the tick
 * therefore rides on the next frame the page asks for anyway (the echo's), and adds none.
 * @param now the page clock, ms
 * @param lastKeyAt when a key was last typed into a console (page clock, ms; -Infinity if never)
 */
export function planClockTick(now: number, lastKeyAt: number): ClockTickPlan {
  return now - lastKeyAt < CLOCK_TYPING_WINDOW_MS ? { kind: 'next-frame', waitMs: CLOCK_TICK_MAX_WAIT_MS } : { kind: 'now' };
}

/** What a {@link FrameAlignedTicker} runs on: the window and the frame pacer, or fakes. */
export interface TickerHost {
  /** The page clock, ms. */
  now(): number;
  setInterval(handler: () => void, ms: number): number;
  clearInterval(id: number): void;
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** When a key was last typed into a console (page clock, ms; -Infinity if never). */
  lastKeyAt(): number;
  /** Runs `work` before the next frame the page asks for anyway, asking for none (FramePacer.beforeNextFrame). */
  beforeNextFrame(work: () => void): void;
}

/**
 * Calls `tick` every `periodMs` as {@link planClockTick} says: at once when nobody types;
 * while someone types, just before the next frame the page asks for anyway (the change
 * detection it causes then lands in that frame), or after {@link CLOCK_TICK_MAX_WAIT_MS} if
 * the page asked for none. A tick never runs twice for one period.
 */
export class FrameAlignedTicker {
  /** The period's timer once {@link start}ed, else null. */
  private interval: number | null = null;
  /** The timer of a tick that waits for a frame, or null. */
  private fallback: number | null = null;
  /** Bumped per due tick: a rider or fallback of an older tick does nothing. */
  private due = 0;

  /**
   * @param host the window and the frame pacer, or a fake clock
   * @param tick updates the clock
   * @param periodMs the tick period, ms
   */
  constructor(
    private readonly host: TickerHost,
    private readonly tick: () => void,
    private readonly periodMs: number,
  ) {}

  /** Starts ticking (once; a second call does nothing). */
  start(): void {
    this.interval ??= this.host.setInterval(() => this.onDue(), this.periodMs);
  }

  /** Stops ticking; a tick still waiting for its frame is dropped. */
  dispose(): void {
    if (this.interval !== null) this.host.clearInterval(this.interval);
    this.interval = null;
    this.clearFallback();
    this.due++;
  }

  private onDue(): void {
    const plan = planClockTick(this.host.now(), this.host.lastKeyAt());
    // A tick still waiting when the next one is due is superseded by it.
    this.clearFallback();
    const id = ++this.due;
    if (plan.kind === 'now') {
      this.tick();
      return;
    }
    this.host.beforeNextFrame(() => {
      if (id !== this.due) return;
      this.due++;
      this.clearFallback();
      this.tick();
    });
    this.fallback = this.host.setTimeout(() => {
      this.fallback = null;
      if (id !== this.due) return;
      this.due++;
      this.tick();
    }, plan.waitMs);
  }

  private clearFallback(): void {
    if (this.fallback === null) return;
    this.host.clearTimeout(this.fallback);
    this.fallback = null;
  }
}
