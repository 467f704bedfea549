/**
 * How long the cursor stays solid after the last key typed into a console, ms. A blinking
 * cursor is a CSS animation on the cursor cell (xterm.js's DOM renderer); while it runs,
 * Chromium makes a frame every vsync, so the frame that draws a key's echo can only come at
 * the next vsync: measured in `npm run bench` (peers), keydown → glyph took ~18 ms more with
 * the blink running than without (one frame). Terminals keep the cursor solid while one
 * types (xterm.js's canvas renderers restart their blink on input); this makes it so for
 * the DOM renderer, and the blink comes back once typing pauses.
 */
export const TYPING_SOLID_CURSOR_MS = 1_000;

/**
 * A console's cursor blink: on when the user wants it and nothing holds it off (a flood, a
 * burst of typing: see ConsoleFloodMode and {@link TypingPause}). `apply` is called only when
 * the effective value changes.
 */
export class CursorBlinkGate {
  private readonly holds = new Set<string>();
  private applied: boolean;

  /**
   * @param wanted the user's blink setting
   * @param apply starts or stops the terminal's blink (the console toggles a class that stops
   *   the animation: an xterm.js option change would re-measure every glyph)
   */
  constructor(
    private wanted: boolean,
    private readonly apply: (on: boolean) => void,
  ) {
    this.applied = wanted;
  }

  /** True while the cursor blinks. */
  get blinking(): boolean {
    return this.applied;
  }

  /** Changes the user's blink setting; holds still apply. */
  setWanted(wanted: boolean): void {
    this.wanted = wanted;
    this.update();
  }

  /** Holds the blink off for `reason` until {@link release} with the same reason. */
  hold(reason: string): void {
    this.holds.add(reason);
    this.update();
  }

  /** Ends the hold of `reason`; the blink comes back when no other reason holds it. */
  release(reason: string): void {
    this.holds.delete(reason);
    this.update();
  }

  private update(): void {
    const on = this.wanted && this.holds.size === 0;
    if (on === this.applied) return;
    this.applied = on;
    this.apply(on);
  }
}

/** The part of a window {@link TypingPause} uses for its timer. */
export interface TimerHost {
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** What a {@link TypingPause} holds off: a {@link CursorBlinkGate}, or the page's motion (PageMotionGate). */
export interface HoldGate {
  hold(reason: string): void;
  release(reason: string): void;
}

/**
 * Holds a gate (a console's cursor blink, the page's animations) off for `reason` from a key
 * until {@link TYPING_SOLID_CURSOR_MS} after the last key.
 */
export class TypingPause {
  private timer: number | null = null;

  /**
   * @param gate what to hold off while typing
   * @param timers the window, or a fake clock
   * @param solidMs how long after the last key the hold lasts, ms
   * @param reason the hold's reason (one per console where several share a gate)
   */
  constructor(
    private readonly gate: HoldGate,
    private readonly timers: TimerHost,
    private readonly solidMs = TYPING_SOLID_CURSOR_MS,
    private readonly reason = 'typing',
  ) {}

  /** A key was typed now. */
  key(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    else this.gate.hold(this.reason);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.gate.release(this.reason);
    }, this.solidMs);
  }

  /** Stops the timer and releases the hold. */
  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.gate.release(this.reason);
  }
}
