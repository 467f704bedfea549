/**
 * Named figures of the PTY pipeline. Sources: VS Code's terminal (flow control
 * HighWatermarkChars 100000, LowWatermarkChars 5000, CharCountAckSize 5000, output
 * batched over 5 ms), Hyper (16 ms / 200 KB batches), Tabby (pause past 500 KiB
 * unacknowledged). See ../shared/FIELD-NOTES.md. Our watermarks are wider than VS Code's
 * because our batches are larger (64 K chars): with 100 000 / 5 000 the pipe drained empty
 * every ~128 K chars and the console sat idle ~45 % of the time (`npm run bench` (d));
 * 400 000 / 200 000 roughly doubled (d) in the same run.
 */

/** Flush an output batch this many ms after its first chunk. */
export const BATCH_INTERVAL_MS = 5;
/** Flush at once when a batch reaches this many chars (UTF-16 code units). */
export const BATCH_MAX_CHARS = 64 * 1024;

/** Pause the PTY when a client or the mirror is this many chars behind. */
export const HIGH_WATERMARK_CHARS = 400_000;
/** Resume the PTY when every client and the mirror are under this many chars behind. */
export const LOW_WATERMARK_CHARS = 200_000;
/** Clients acknowledge processed output in steps of this many chars; must be ≤ LOW_WATERMARK_CHARS. */
export const ACK_SIZE_CHARS = 5_000;

/**
 * The mirror parses for at most this long (ms) before it yields to I/O: a keystroke's echo
 * waits at most about this long behind other sessions' floods (issue 2 goal: p95 < 10 ms).
 */
export const MIRROR_SLICE_MS = 3;
/** The mirror parses this many chars at a time, checking its slice between pieces. */
export const MIRROR_PIECE_CHARS = 8_192;

/** Lines of scrollback kept by each session's headless mirror (issue 3: default 5,000). */
export const MIRROR_SCROLLBACK_LINES = 5_000;

/** Kill: SIGHUP first, SIGTERM after this many ms, ... */
export const KILL_TERM_AFTER_MS = 1_000;
/** ... then SIGKILL after this many more ms. */
export const KILL_FORCE_AFTER_MS = 2_000;

/** Environment every session gets (DESIGN.md). */
export const TERMINAL_ENV = { TERM: 'xterm-256color', COLORTERM: 'truecolor' } as const;

/**
 * While a PTY is paused, check this often (ms) whether its child has exited. node-pty
 * destroys the PTY's socket 200 ms after the child exits (DESTROY_SOCKET_TIMEOUT_MS in
 * node-pty's unixTerminal.ts), so output still in the kernel buffer would be lost unless
 * reading resumes before then.
 */
export const PAUSED_EXIT_CHECK_MS = 50;
