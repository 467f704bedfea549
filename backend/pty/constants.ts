import { FLOW_CONTROL } from '../contract/index.js';

/**
 * Named figures of the PTY pipeline. Output batching follows VS Code's terminal (batched
 * over 5 ms) and Hyper (16 ms / 200 KB batches); a batch of ours is larger (64 K chars), so
 * the flow-control watermarks (in the contract, where clients read them) are wider than
 * VS Code's.
 */

/** Flush an output batch this many ms after its first chunk. */
export const BATCH_INTERVAL_MS = 5;
/** Flush at once when a batch reaches this many chars (UTF-16 code units). */
export const BATCH_MAX_CHARS = 64 * 1024;

/** A flow-controlled client is sent at most this many chars it has not acknowledged (its window). */
export const HIGH_WATERMARK_CHARS = FLOW_CONTROL.highWatermarkChars;
/** Resume point of a flow-control lane without watermarks of its own (FlowController's default). */
export const LOW_WATERMARK_CHARS = FLOW_CONTROL.lowWatermarkChars;
/** Clients acknowledge processed output in steps of this many chars (at most the low watermark). */
export const ACK_SIZE_CHARS = FLOW_CONTROL.ackSizeChars;

/**
 * A mirror parsing on the thread that reads the PTYs (a TerminalMirror used directly) parses
 * for at most this long (ms) before it yields to I/O: a keystroke's echo
 * waits at most about this long behind other sessions' floods (goal: echo p95 < 10 ms).
 */
export const MIRROR_SLICE_MS = 3;
/**
 * In the mirror worker, a mirror parses this long (ms) before the worker serves its
 * messages and other mirrors: no keystroke waits on it there, so slices can be longer
 * (fewer progress reports), but requests (a snapshot for an attaching client) still
 * wait at most about this long per busy mirror.
 */
export const MIRROR_WORKER_SLICE_MS = 10;
/**
 * The mirror's own flow-control watermarks (chars). Wider than a client's so that a flood of
 * plain text can run far enough ahead of the mirror for it to skip the lines that would
 * scroll out of its scrollback unread (TerminalMirror fast-forward): the skip needs
 * scrollback + 2 × rows lines queued after what it drops — 5,080 lines of 120 columns are
 * ~620 K chars. A session's unparsed backlog in the worker stays under ~4 M chars (4–8 MB).
 */
export const MIRROR_HIGH_WATERMARK_CHARS = 4_000_000;
/**
 * Most chars of a session's output posted to the mirror worker and not yet reported parsed;
 * later output waits on the main thread (RemoteMirror), where a plain flood's batches that
 * later lines push out of the scrollback are dropped before they reach the worker. Well over
 * scrollback + 2 × rows lines (~820 K chars at 160 columns), so that the worker's own
 * fast-forward keeps skipping what it was sent (at 1 M the worker parsed more of a flood
 * than before: 1.3–3 M of 10 M chars against 1.1–1.6 M); under MIRROR_HIGH_WATERMARK_CHARS
 * minus what is held (those lines and two batches), so that a plain flood never reaches the
 * mirror lane's watermark. Without it, a starved worker (nice 10 next to busy nice-0
 * processes: 1–3 % of a core, `npm run bench` (d) with three busy loops on 2 cores) fell
 * 4 M chars behind a plain `cat` and paused the PTY for 0.5–19 s of runs of 10–30 MB.
 */
export const MIRROR_POST_AHEAD_CHARS = 2_000_000;
/** The mirror lane lets a paused PTY resume under this many chars behind. */
export const MIRROR_LOW_WATERMARK_CHARS = 2_000_000;
/**
 * An unparsed backlog up to this many chars is parsed at once: interactive output never
 * waits. Well under BATCH_MAX_CHARS, so that one full batch — how a flood starts — waits
 * (at 64 K a flood the worker kept up with never did, and (b) of `npm run bench` swung
 * between 19 and 31 MB/s from run to run).
 */
export const MIRROR_EAGER_CHARS = 16 * 1024;
/**
 * In the worker, a larger backlog of plain text (no escape sequences or state-changing
 * controls) waits at most this long (ms, age of its oldest chars) before the mirror parses
 * it: a flood faster than ~6 MB/s of 120-column lines brings the ~620 K chars a skip needs
 * in that time; a burst that stops is parsed right after. Screen patterns trail a plain
 * flood by at most this much (the screen → event goal is 300 ms); snapshots,
 * `cortex screen` and any escape sequence end the wait at once. 50 ms was too short for the
 * skip at the console's ~10 MB/s (`npm run bench`).
 */
export const MIRROR_FLOOD_WAIT_MS = 100;
/**
 * While a mirror works through a backlog, the worker sends its visible screen (for status
 * detection) at most this often, ms; the screen once parsing catches up always goes. The
 * status detector reads the screen at most every 40 ms (EVAL_THROTTLE_MS) anyway.
 */
export const MIRROR_SCREEN_REPORT_MS = 40;
/**
 * Nice value of the mirror worker thread (Linux; 0 is the default, 19 the lowest). The mirror
 * is background work next to the thread that reads the PTYs and echoes keystrokes: on a busy
 * machine it should yield. `npm run bench` on 2 cores, 30 MB, alternating runs: echo p95 under
 * two floods 3.5 / 2.8 ms at nice 10 vs 13.2 / 5.2 ms at 0 (max 13 / 9 vs 25 / 22 ms), (b)
 * 39 / 33 vs 31 / 32 MB/s. A starved mirror falls behind and skips more of a flood; past
 * MIRROR_POST_AHEAD_CHARS the rest waits on the main thread, where a plain flood's surplus is
 * dropped, and its lane (MIRROR_HIGH_WATERMARK_CHARS) pauses the PTY only past 4 M chars.
 */
export const MIRROR_WORKER_NICE = 10;
/** The mirror worker ends this long (ms) after the last mirror it hosted was disposed. */
export const MIRROR_WORKER_IDLE_MS = 5_000;
/** The mirror parses this many chars at a time, checking its slice between pieces. */
export const MIRROR_PIECE_CHARS = 8_192;

/**
 * Most rows an incremental capture holds back from its scrollback chunk so that a line
 * wrapped across the scrollback/screen boundary is saved whole in the screen part (and
 * restored as one line). A longer wrapped line is cut there as before: the screen part of
 * every save would otherwise re-serialize it.
 */
export const CAPTURE_WRAP_HOLD_MAX_ROWS = 500;

/** Lines of scrollback kept by each session's headless mirror. */
export const MIRROR_SCROLLBACK_LINES = 5_000;
/**
 * Rows of a mirror's scrollback kept as xterm.js cells (12 bytes per column: 1.4 KB a row
 * at 120 columns); older rows are kept serialized and deflated (`ColdScrollback`, ~20–60
 * bytes a row of text). A mirror whose scrollback is at most this plus
 * {@link MIRROR_COLD_CHUNK_ROWS} keeps it all as cells. Incremental captures rebase
 * when more rows than this scrolled by since the last one (a capture every 2 s: 500 rows/s).
 */
export const MIRROR_HOT_SCROLLBACK_LINES = 1_000;
/** Rows moved from the cells to the deflated scrollback at a time (one serialize and one deflate). */
export const MIRROR_COLD_CHUNK_ROWS = 256;

/** Kill: SIGHUP first, SIGTERM after this many ms, ... */
export const KILL_TERM_AFTER_MS = 1_000;
/** ... then SIGKILL after this many more ms. */
export const KILL_FORCE_AFTER_MS = 2_000;

/** Environment every session gets: a 256-colour, truecolor xterm. */
export const TERMINAL_ENV = { TERM: 'xterm-256color', COLORTERM: 'truecolor' } as const;

/**
 * While a PTY is paused, check this often (ms) whether its child has exited. node-pty
 * destroys the PTY's socket 200 ms after the child exits (DESTROY_SOCKET_TIMEOUT_MS in
 * node-pty's unixTerminal.ts), so output still in the kernel buffer would be lost unless
 * reading resumes before then.
 */
export const PAUSED_EXIT_CHECK_MS = 50;

/**
 * Young generation of the mirror worker's isolate, MiB (V8's default for a 64-bit process
 * is 48: two 16 MiB semi-spaces and the new large-object space). A flood fills it entirely,
 * and its pages stay resident until the worker's heap is collected; the parser's own
 * garbage is short-lived, so a small one costs only more (cheap) scavenges.
 */
export const MIRROR_WORKER_YOUNG_GENERATION_MB = 6;
/** The worker collects its heap after this many chars of output went through it... */
export const MIRROR_HEAP_RELEASE_CHARS = 1_000_000;
/** ... once every mirror has parsed its backlog and no output came for this long, ms (heap-release.ts). */
export const MIRROR_HEAP_RELEASE_IDLE_MS = 300;

/**
 * A flow-controlled client is sent output while fewer than {@link HIGH_WATERMARK_CHARS} chars
 * it was sent are unacknowledged (its window); later batches wait in the backend, and the PTY
 * pauses once this many chars wait for one client. The waiting output is what the client gets
 * the moment its ack comes: it never waits for the PTY to restart (the child's wake-up, the
 * read, {@link BATCH_INTERVAL_MS}), which on a loaded machine left a flooding console with
 * nothing to parse for a third of a 30 MB flood (`npm run bench` (d)). The window stays the
 * contract's, so output of another session on the same connection (a keystroke's echo) queues
 * behind at most that much of a flood. Memory: at most this plus one batch per session, the
 * batches shared by its clients (~1–2 MB of strings).
 */
export const CLIENT_HELD_HIGH_CHARS = 1_000_000;
/** The PTY resumes once every client has fewer than this many chars waiting in the backend. */
export const CLIENT_HELD_LOW_CHARS = 500_000;
/**
 * A client that stated its scrollback (`sessions.attach` `scrollbackLines`) pauses the PTY,
 * while all that waits for it is plain text, only once this many chars wait (any other
 * output waiting brings back CLIENT_HELD_HIGH_CHARS): a plain flood's waiting batches are
 * dropped once scrollback + 2 × TERMINAL_LIMITS.maxRows line feeds wait after them
 * (SendWindow fast-forward), and for the page's 10,000 lines that is 11,000 lines, ~1.3 M chars of
 * 120-column lines and ~1.8 M of 160-column ones — past CLIENT_HELD_HIGH_CHARS, so at that
 * watermark the PTY paused before anything could be dropped. What waits for a plain flood
 * with line feeds stays under those lines plus two batches; plain text without them (a
 * progress line redrawn with CRs) waits up to this bound, the mirror lane's
 * (MIRROR_HIGH_WATERMARK_CHARS): 4–8 MB of strings per session.
 */
export const CLIENT_FAST_FORWARD_HELD_HIGH_CHARS = 4_000_000;

/**
 * A session whose whole output so far is at most this many chars (UTF-16 code units), at an
 * unchanged size, attaches a client from that output as it is, when it holds nothing a
 * terminal answers (`replayableAsIs`): the attach then needs no round trip to the mirror
 * worker, which parses at a low priority and, on a loaded machine, answered a console's
 * first attach 75–795 ms after the request (page probe, load 8–17 on 2 cores). A prompt or an
 * agent's first screen is a few K chars; the copy is dropped once the output outgrows this.
 */
export const RAW_REPLAY_MAX_CHARS = 32 * 1024;
