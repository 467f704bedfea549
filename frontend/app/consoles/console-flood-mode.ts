import type { CursorBlinkGate } from './cursor-blink-gate';
import { FLOOD_WINDOW_MS, FloodMeter } from './flood-meter';

/**
 * What one console does differently while its own output floods (a {@link FloodMeter}:
 * ≥ 32 K chars in 250 ms): its cursor stops blinking. The blink is a CSS animation on the
 * cursor cell, which the DOM renderer re-creates with its row on every drawn frame; a
 * running animation has Chromium recalculate style and produce a frame of its own about 50
 * times a second, on top of the frames the {@link FramePacer} caps (`npm run bench` (d),
 * Chromium trace: 84 such frames in 1.8 s with the blink, 30 without). A cursor
 * that jumps down a flood cannot be read blinking anyway. The user's blink setting comes
 * back within {@link FLOOD_WINDOW_MS} of the flood's end. {@link active} also tells the
 * console's {@link TextareaSyncGate} when to hold. The blink is held off through the
 * console's {@link CursorBlinkGate} (typing holds it off too).
 */
export class ConsoleFloodMode {
  private readonly meter: FloodMeter;
  private on = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** @param blink the console's cursor blink */
  constructor(private readonly blink: CursorBlinkGate) {
    this.meter = new FloodMeter(performance);
  }

  /** True from the write that made the output a flood until the check after it ended. */
  get active(): boolean {
    return this.on;
  }

  /** Records `chars` (or UTF-8 bytes) of output written to the console now. */
  noteOutput(chars: number): void {
    this.meter.note(chars);
    if (!this.on && this.meter.flooding()) this.enter();
  }

  /** Stops checking and puts the blink back if a flood was on. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.on) this.exit();
  }

  private enter(): void {
    this.on = true;
    this.blink.hold('flood');
    this.check();
  }

  private check(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.meter.flooding()) this.check();
      else this.exit();
    }, FLOOD_WINDOW_MS);
  }

  private exit(): void {
    this.on = false;
    this.blink.release('flood');
  }
}
