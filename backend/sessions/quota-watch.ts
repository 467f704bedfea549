import type { QuotaPattern } from '../agents/quota-schema.js';
import { quotaReason, readQuota, unwrapScreen, type QuotaHit } from '../recovery/quota-policy.js';

/** How long after output the screen is read for quota messages (ms): one read per burst. */
export const QUOTA_CHECK_DELAY_MS = 400;

/** Parts of a {@link SessionQuotaWatch}. */
export interface SessionQuotaWatchDeps {
  /** The session's visible screen, as text, and its width in columns. */
  screen: () => Promise<{ text: string; cols: number }>;
  /** The agent's quota patterns (profile data), or null when it has none. */
  patterns: () => readonly QuotaPattern[] | null;
  /** A new quota message is on the screen; `reason` is what the session shows. */
  onHit: (hit: QuotaHit, reason: string) => void;
  now?: () => number;
  /** Zone of a reset time of day without one (default: the machine's). */
  timeZone?: string;
}

/**
 * Reads one session's screen for its agent's quota and rate-limit messages (profile data),
 * a short while after output arrives, and takes the limits the agent reports in structured
 * events ({@link report}: an OpenTelemetry API error event). A message found once is reported
 * once (`onHit`), and while it holds ({@link active}) the session reads `waiting` with its
 * reason; a screen message stops holding when the person types, when it leaves the screen, or
 * when a new process starts; a reported one when the person types or a new process starts.
 * Timers start on the first output; {@link dispose} stops them.
 */
export class SessionQuotaWatch {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private hit: { hit: QuotaHit; reason: string } | null = null;
  /** A limit the agent reported in an event: not on the screen, so a screen read does not end it. */
  private reported: { hit: QuotaHit; reason: string } | null = null;
  /** The text of the last message reported, so the same message on screen is not news again. */
  private lastText: string | null = null;

  constructor(private readonly d: SessionQuotaWatchDeps) {}

  /** The quota message holding the session's state, or null. */
  get active(): { hit: QuotaHit; reason: string } | null {
    return this.hit ?? this.reported;
  }

  /**
   * The agent reported a limit in a structured event (not read from the screen): it holds the
   * session until the person types or a new process starts, and is reported (`onHit`) unless
   * the same text already holds it.
   */
  report(hit: QuotaHit): void {
    if (this.reported?.hit.text === hit.text) return;
    this.reported = { hit, reason: quotaReason(hit, this.d.timeZone) };
    this.d.onHit(hit, this.reported.reason);
  }

  /** Output arrived: the screen is read once it settles. */
  output(): void {
    if (this.timer || !this.d.patterns()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, QUOTA_CHECK_DELAY_MS);
    this.timer.unref?.();
  }

  /** The person typed: the session's state is the detector's again (the message is not reported twice). */
  input(): void {
    this.hit = null;
    this.reported = null;
  }

  /** A new process: a message of the last one is old news; one on the new screen is new. */
  reset(): void {
    this.hit = null;
    this.reported = null;
    this.lastText = null;
  }

  /**
   * The process ended: reads the screen once more now (its last words may be the message), so
   * the agent is held before anything decides on a restart. Null when the agent has no patterns.
   */
  flush(): Promise<void> | null {
    if (!this.d.patterns()) return null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.check();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reads the screen now. Never throws. */
  async check(): Promise<void> {
    const patterns = this.d.patterns();
    if (!patterns) return;
    let text: string;
    try {
      const screen = await this.d.screen();
      text = unwrapScreen(screen.text, screen.cols);
    } catch {
      return;
    }
    const hit = readQuota(text, patterns, (this.d.now ?? Date.now)(), this.d.timeZone);
    if (!hit) {
      this.hit = null;
      this.lastText = null;
      return;
    }
    if (hit.text === this.lastText) return;
    this.lastText = hit.text;
    this.hit = { hit, reason: quotaReason(hit, this.d.timeZone) };
    this.d.onHit(hit, this.hit.reason);
  }
}
