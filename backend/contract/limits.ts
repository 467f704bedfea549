/**
 * Limits and protocol constants that more than one room needs: the backend enforces them,
 * the renderer, the CLI and the bench import them from here, so a change is made once.
 * Figures borrowed from other terminals name their source; ours name the measurement.
 */

/**
 * Flow control of terminal output between a session's PTY and each attached client,
 * in chars (UTF-16 code units). The backend sends a client at most
 * {@link FLOW_CONTROL.highWatermarkChars} chars it has not acknowledged (its window); later
 * output waits in the backend, which pauses the PTY while too much waits
 * (`CLIENT_HELD_HIGH_CHARS` in backend/pty/constants.ts). Clients acknowledge processed output
 * in steps of {@link FLOW_CONTROL.ackSizeChars}. {@link FLOW_CONTROL.lowWatermarkChars} is the
 * resume point of a flow-control lane that has no watermarks of its own.
 *
 * Rule: `ackSizeChars <= lowWatermarkChars < highWatermarkChars`, or a client that has
 * processed everything may still hold an unacknowledged remainder that fills its window.
 * VS Code's terminal uses 100,000 / 5,000 / 5,000 (its `FlowControlConstants`); ours are
 * wider because our output batches are larger (64 K chars): at 100,000 / 5,000 the pipe
 * drained empty every ~128 K chars and a flooding console sat idle ~45 % of the time in
 * `npm run bench`; 400,000 / 200,000 roughly doubled console throughput in the same run.
 * An ack every 100,000 chars costs a flooding console one round trip per ~1.5 batches
 * instead of one per batch (~2 % of its main thread at 5,000).
 */
export const FLOW_CONTROL = {
  highWatermarkChars: 400_000,
  lowWatermarkChars: 200_000,
  ackSizeChars: 100_000,
} as const;

/** Terminal size bounds accepted by `sessions.start` and `sessions.resize` (columns, rows). */
export const TERMINAL_LIMITS = { minCols: 2, maxCols: 1000, minRows: 1, maxRows: 500 } as const;

/** Size a session starts with when the client gives none (columns, rows). */
export const DEFAULT_TERMINAL_SIZE = { cols: 120, rows: 32 } as const;

/**
 * Scrollback lines kept per session, in its headless mirror and its snapshots (the
 * `scrollbackLines` setting): bounds and default. xterm.js costs ~12 bytes per cell, so
 * 100,000 lines × 120 columns is ~140 MB per session: the upper bound keeps one session
 * from taking the machine.
 */
export const SCROLLBACK_LIMITS = { min: 100, max: 100_000, default: 5_000 } as const;

/** Scrollback of a console in the renderer, lines (bounded for the same reason). */
export const CONSOLE_SCROLLBACK_LINES = 10_000;

/** Largest single `sessions.write` payload, in UTF-16 code units (a 1 MB paste fits). */
export const MAX_WRITE_CHARS = 4 * 1024 * 1024;

/** Consoles shown side by side at most. */
export const MAX_VISIBLE_CONSOLES = 3;

/**
 * Narrowest share of the console area one console may be resized to, as a fraction of the
 * area's width: at 800 px wide with three consoles this still leaves ~20 columns.
 */
export const MIN_CONSOLE_FRACTION = 0.15;

/** Longest name a user may give a session, chars. */
export const MAX_SESSION_NAME_CHARS = 60;

/** Terminal font size bounds and default, CSS px (xterm.js `fontSize`). */
export const TERMINAL_FONT_SIZE_LIMITS = { min: 8, max: 32, default: 13 } as const;

/**
 * Terminal line height bounds, default and step, as a multiple of the font's cell height
 * (xterm.js `lineHeight`, which takes numbers from 1 up). 1.15 gives a little air between
 * rows without losing many rows; past 2 a console shows half its rows as gaps.
 */
export const TERMINAL_LINE_HEIGHT_LIMITS = { min: 1, max: 2, default: 1.15, step: 0.05 } as const;

/** Longest terminal font family list accepted, chars (a CSS `font-family` value). */
export const MAX_FONT_FAMILY_CHARS = 200;

/**
 * Bounds of the orchestrator's settings (`tasks.setSettings`), each `[min, max]`.
 * `turnTimeoutSec` 0 means no limit; its maximum is one day.
 */
export const TASK_SETTING_LIMITS = {
  parallelLimit: [1, 16],
  maxIterations: [1, 20],
  maxSwitches: [0, 10],
  turnTimeoutSec: [0, 86_400],
} as const;

/** Longest task text, chars. */
export const MAX_TASK_TEXT_CHARS = 20_000;

/**
 * System metrics sampling (`metrics.*`): how often a sample is taken (ms; the
 * `metricsIntervalSec` setting, default 15 s) and how long samples are kept (7 days, trimmed
 * at every sample). 7 days at 15 s is 40,320 rows of ~1 KB: ~40 MB at most.
 */
export const METRICS_LIMITS = {
  intervalSec: { min: 5, max: 3_600, default: 15 },
  retentionMs: 7 * 24 * 3_600_000,
  /** Most samples one `metrics.query` answers with; longer periods are thinned evenly. */
  maxQuerySamples: 2_000,
} as const;

/**
 * Budget of one project-analysis walk: past `maxFiles` files or `maxMs` ms it stops reading
 * folders and answers with what it read, flagged partial (`walk.complete: false`). The walk
 * reads ~300,000 entries a second on a laptop SSD, so a source tree finishes far inside it;
 * a tree like `/usr/share` (~450,000 files) stops early instead of keeping a core busy.
 */
export const ANALYSIS_WALK_BUDGET = { maxFiles: 200_000, maxMs: 10_000 } as const;

/**
 * Most entries (files and folders) watched one by one under one root. On Linux each is an
 * inotify watch (the watcher takes one per file and per folder), from a per-user limit shared
 * with every other program (often 65,536, sometimes 8,192); a tree as large as `/usr/share`
 * took ~104,000. Past this, Linux does not watch the root (each analysis walks it again);
 * macOS and Windows watch any size with one recursive OS watch.
 */
export const MAX_WATCHED_ENTRIES = 20_000;
