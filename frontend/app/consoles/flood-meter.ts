/** Output written within this window decides whether a console floods, ms. */
export const FLOOD_WINDOW_MS = 250;
/**
 * Chars written within {@link FLOOD_WINDOW_MS} from which output counts as a flood:
 * 32 K chars per 250 ms ≈ 128 K chars/s ≈ 1,100 lines/s of 120 columns, some 27 screens of
 * 40 rows a second: far beyond what anyone reads (an agent streams a few hundred chars per
 * second). A threshold in chars per second must hold on a slow or busy machine too: the
 * console draws a flood only as fast as the page parses it, and at 1 M chars/s a loaded
 * 2-core machine (`npm run bench` (d) at load 27: 0.75 MB/s) never counted its flood as
 * one, so nothing was paced and drawing every frame slowed it further.
 */
export const FLOOD_MIN_CHARS = 32 * 1024;

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
