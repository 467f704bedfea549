/**
 * Named figures of session recovery. Emdash falls back to a fresh start when a resumed
 * agent exits within ~3 s; so does this app.
 */

/** Save a changed session's snapshot at most this often (ms). */
export const SNAPSHOT_INTERVAL_MS = 2_000;
/**
 * A save that must rewrite the whole scrollback (more rows scrolled off since the last save
 * than the scrollback holds, or dropped by the mirror's fast-forward: a flood) is put off
 * while the session keeps printing, for at most this long (ms) since the last save. A full
 * rewrite of 5,000 rows serializes for ~100 ms; on the thread that reads every PTY it was the
 * tail of the echo latency under flood every 2 s (`npm run bench`, CPU profile: the serialize
 * addon's _nextCell/_diffStyle). In the mirror worker it still cost ~200 ms of CPU every 2 s
 * of a flood (the parse of the skipped-over backlog the capture forces, then the rewrite),
 * taken from the console that draws the flood on a 2-core machine (the (d) CPU profile of `npm run bench`).
 */
export const FLOOD_REWRITE_INTERVAL_MS = 10_000;
/** A resumed process that fails within this many ms falls back to a fresh start. */
export const RESUME_GRACE_MS = 3_000;
/** Restart backoff: first delay (ms), then ×{@link RESTART_BACKOFF_FACTOR}, at most {@link RESTART_MAX_TRIES} tries. */
export const RESTART_FIRST_DELAY_MS = 1_000;
export const RESTART_BACKOFF_FACTOR = 2;
export const RESTART_MAX_TRIES = 3;
/** A process that ran this long without failing counts as healthy (closes a half-open breaker). */
export const HEALTHY_AFTER_MS = 10_000;
/** Circuit breaker: opens after this many failures ... */
export const BREAKER_FAILURE_THRESHOLD = 5;
/** ... within this window (ms) ... */
export const BREAKER_WINDOW_MS = 10 * 60_000;
/** ... and turns half-open this long (ms) after opening. */
export const BREAKER_HALF_OPEN_AFTER_MS = 60_000;
/**
 * After a snapshot write fails (a full disk), saving is tried again this long (ms) after the
 * failure, so space that returns resumes saving within this time, and a full disk costs one
 * failed write per session per interval.
 */
export const SNAPSHOT_RETRY_AFTER_FAILURE_MS = 5_000;
/**
 * Most bytes the saved final screens and scrollback of exited sessions hold together in the
 * database; the oldest are dropped past it (`ExitedScreenBudget`). One session's is bounded
 * by the scrollback setting: 10,000 rows of 120 columns of text serialize to ~1.3–2.5 MB, so
 * this keeps the last ~50–100 exited sessions' screens.
 */
export const EXITED_SCREENS_BUDGET_BYTES = 128 * 1024 * 1024;
