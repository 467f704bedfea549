/**
 * Shortest time between two drawn frames while a console floods, ms: 10 frames/s.
 * xterm.js has no frame-rate cap of its own (xtermjs/xterm.js#4135, "Consider capping FPS
 * when the terminal is being flooded with data", proposes about 12 FPS); with the DOM
 * renderer every frame re-lays-out every row, and during a flood that drawing took half
 * of the page's main thread (npm run bench (d), 46 frames/s at ~10 ms each).
 */
export const FLOOD_FRAME_INTERVAL_MS = 100;

/**
 * How long after a console that is not flooding received output the frames stay unpaced,
 * ms. It covers the time from the console handing the output to xterm.js to xterm.js
 * parsing it and asking for the frame that draws it (xterm.js parses in its own later
 * task, behind the flooding console's parse slices of up to ~12 ms each): the echo of a key
 * typed beside a flood is drawn in the next frame, not up to {@link FLOOD_FRAME_INTERVAL_MS}
 * later.
 */
export const QUIET_OUTPUT_UNPACED_MS = 100;

/**
 * How long after a key typed into a console, or output to a console that is not flooding,
 * that console counts as active, ms: while another console is active, a flooding console's
 * parsing is sliced (ParseSlicer) so that it does not hold back that console's echo. Covers
 * the pauses between keys of someone typing, and an agent's streamed answer.
 */
export const ACTIVE_CONSOLE_MS = 1_000;

/**
 * How long every console must have had nothing left to parse before the frame a flood's
 * pacing holds back is drawn anyway, ms. Pacing is for frames nobody can read while more
 * output keeps coming; the frame that shows where a flood ended (its last lines, the
 * prompt after it) should not wait up to {@link FLOOD_FRAME_INTERVAL_MS} for its turn.
 * A flood arrives in batches a few ms apart (the backend sends one per 5 ms or 64 K chars),
 * each parsed in ~1–5 ms here, so a console with nothing left to parse for this long has
 * most likely seen the end. Where output trickles with longer gaps (a loaded machine), this
 * bounds the frames to one per gap, at most 1000 / this many per second.
 */
export const FLOOD_END_QUIET_MS = 25;

/** What the pacing decision looks at (times are the page clock, ms). */
export interface PacingInput {
  /** Now. */
  now: number;
  /** When the previous paced frame ran (-Infinity before the first). */
  lastFrameAt: number;
  /** True while at least one console floods. */
  flooding: boolean;
  /** When a console that was not flooding last received output (-Infinity if never). */
  quietOutputAt: number;
  /**
   * Since when no console has had output left to parse (handed to it and not yet parsed);
   * null while one has (-Infinity when no console ever had output).
   */
  parsedAllAt: number | null;
}

/**
 * How long to wait before asking the browser for the next animation frame, ms (0 = the
 * next native frame). Frames are paced ({@link FLOOD_FRAME_INTERVAL_MS} apart) only while
 * a console floods and no other console has just received output: a console being typed in
 * beside a flood echoes at the native frame rate, the flood's drawing costs at most one
 * frame per interval otherwise. Once every console has parsed all it was given and
 * {@link FLOOD_END_QUIET_MS} passed without more, the held frame comes then (the end of a
 * flood is drawn ~25 ms after its last output is parsed, not up to 100 ms).
 */
export function frameDelay(input: PacingInput): number {
  if (!input.flooding) return 0;
  if (input.now - input.quietOutputAt <= QUIET_OUTPUT_UNPACED_MS) return 0;
  const paced = Math.max(0, input.lastFrameAt + FLOOD_FRAME_INTERVAL_MS - input.now);
  if (input.parsedAllAt === null) return paced;
  return Math.min(paced, Math.max(0, input.parsedAllAt + FLOOD_END_QUIET_MS - input.now));
}
