/** Output written within this window decides whether a console floods, ms. */
export const FLOOD_WINDOW_MS = 250;
/**
 * Chars written within {@link FLOOD_WINDOW_MS} from which output counts as a flood:
 * 256 K chars per 250 ms ≈ 1 M chars/s ≈ 8,700 lines/s of 120 columns, far beyond what
 * anyone reads (an agent streams a few hundred chars per second).
 */
export const FLOOD_MIN_CHARS = 256 * 1024;

/**
 * Tells whether output floods: ≥ {@link FLOOD_MIN_CHARS} noted within the last
 * {@link FLOOD_WINDOW_MS}. Sizes may be UTF-16 chars or UTF-8 bytes: either measures a flood.
 */
export class FloodMeter {
  /** (time ms, chars) of recent writes, oldest first. */
  private readonly writes: { at: number; chars: number }[] = [];
  private windowChars = 0;

  /** @param clock the page's clock (`performance`), ms */
  constructor(private readonly clock: { now(): number }) {}

  /** Records `chars` of output written now. */
  note(chars: number): void {
    const now = this.clock.now();
    this.writes.push({ at: now, chars });
    this.windowChars += chars;
    this.prune(now);
  }

  /** True while ≥ {@link FLOOD_MIN_CHARS} were noted in the last {@link FLOOD_WINDOW_MS}. */
  flooding(): boolean {
    this.prune(this.clock.now());
    return this.windowChars >= FLOOD_MIN_CHARS;
  }

  private prune(now: number): void {
    while (this.writes.length > 0 && this.writes[0]!.at < now - FLOOD_WINDOW_MS) this.windowChars -= this.writes.shift()!.chars;
  }
}
